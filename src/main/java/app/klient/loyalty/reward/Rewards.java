package app.klient.loyalty.reward;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.billing.CouponCodes;
import app.klient.billing.Seller;
import app.klient.catalog.Currencies;
import app.klient.catalog.Products;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.identity.CurrentUser;
import app.klient.identity.OwnedRecords;
import app.klient.identity.Permission;
import app.klient.loyalty.Points;
import app.klient.loyalty.tier.Members;
import app.klient.loyalty.tier.Tier;
import app.klient.loyalty.tier.Tiers;
import app.klient.marketing.Coupons;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.Phrase;
import app.klient.platform.db.Versions;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rewards catalog and redemption. Redeeming turns points into a one-use coupon code in one transaction: the
 * account is locked, the tier the reward needs and the balance are checked, the code is issued, and one REDEEMED
 * ledger row (its cause the redemption) takes the points. Of two redemptions of the same points at the same moment,
 * the second waits for the lock and finds the balance spent: exactly one wins.
 */
@Service
public class Rewards {

    /** A reward taken: by which account, the code given, its points, until when the code is valid, and where used. */
    public record Redemption(long id, long accountId, long rewardId, String rewardName, String code, int points,
            LocalDate validUntil, String usedOn, Long usedOnId, Instant at) {
    }

    private static final String REWARD = """
            select id, program_id, kind, name_en, name_pl, name_cs, points, percent, amount, currency, product_id,
                   tier_id, valid_days, active, version
            from loyalty_rewards""";

    private final JdbcClient jdbc;
    private final Versions versions;
    private final AuditLog audit;
    private final Points points;
    private final Tiers tiers;
    private final Members members;
    private final Coupons coupons;
    private final Products products;
    private final Timeline timeline;
    private final Seller seller;

    Rewards(JdbcClient jdbc, Versions versions, AuditLog audit, Points points, Tiers tiers, Members members,
            Coupons coupons, Products products, Timeline timeline, Seller seller) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.audit = audit;
        this.points = points;
        this.tiers = tiers;
        this.members = members;
        this.coupons = coupons;
        this.products = products;
        this.timeline = timeline;
        this.seller = seller;
    }

    // ------------------------------------------------------------------ the catalog

    /** The program's rewards, cheapest first (inactive ones too when asked). */
    @Transactional(readOnly = true)
    public List<Reward> list(long programId, boolean inactiveToo) {
        return jdbc.sql(REWARD + " where program_id = :program" + (inactiveToo ? "" : " and active")
                + " order by points, id").param("program", programId).query(Reward::of).list();
    }

    @Transactional(readOnly = true)
    public Reward get(long id) {
        return jdbc.sql(REWARD + " where id = :id").param("id", id).query(Reward::of).optional()
                .orElseThrow(() -> KlientException.notFound("loyalty.reward.notFound"));
    }

    @Transactional
    public Reward create(RewardForm form) {
        Permission.MARKETING.check();
        tiers.program(form.programId());
        long id = jdbc.sql("""
                insert into loyalty_rewards (program_id, kind, name_en, name_pl, name_cs, points, percent, amount,
                                             currency, product_id, tier_id, valid_days, active)
                values (:program, :kind, :en, :pl, :cs, :points, :percent, :amount, :currency, :product, :tier, :days,
                        :active)
                returning id""").params(values(form, null)).query(Long.class).single();
        Reward made = get(id);
        audit.record(AuditAction.CREATE, "LoyaltyReward", id, made.nameEn(), List.of());
        return made;
    }

    @Transactional
    public Reward update(long id, RewardForm form) {
        Permission.MARKETING.check();
        Reward current = get(id);
        versions.change("loyalty_rewards", id, form.version()).notFound("loyalty.reward.notFound")
                .set("kind = :kind, name_en = :en, name_pl = :pl, name_cs = :cs, points = :points, percent = :percent, "
                        + "amount = :amount, currency = :currency, product_id = :product, tier_id = :tier, "
                        + "valid_days = :days, active = :active, updated_at = now()")
                .params(values(form, current)).apply();
        Reward changed = get(id);
        audit.record(AuditAction.UPDATE, "LoyaltyReward", id, changed.nameEn(), List.of());
        return changed;
    }

    /** The form's values once checked: what its kind needs is there (and nothing else), the tier is the program's. */
    private Map<String, Object> values(RewardForm form, Reward current) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (current != null && !form.programId().equals(current.programId())) {
            errors.add("programId", "loyalty.reward.programFixed");
        }
        CouponCodes.Kind kind = form.kind();
        boolean percent = kind == CouponCodes.Kind.PERCENT;
        boolean amount = kind == CouponCodes.Kind.AMOUNT || kind == CouponCodes.Kind.GIFT_CARD;
        boolean product = kind == CouponCodes.Kind.FREE_PRODUCT;
        if (percent && form.percent() == null) {
            errors.add("percent", "loyalty.reward.percentNeeded");
        }
        if (amount && form.amount() == null) {
            errors.add("amount", "loyalty.reward.amountNeeded");
        }
        if (amount && (form.currency() == null || !Currencies.known(form.currency()))) {
            errors.add("currency", "loyalty.reward.currencyNeeded");
        }
        if (product && form.productId() == null) {
            errors.add("productId", "loyalty.reward.productNeeded");
        }
        if (product && form.productId() != null) {
            try {
                products.get(form.productId());
            }
            catch (KlientException unknown) {
                errors.add("productId", "loyalty.reward.productNeeded");
            }
        }
        if (form.tierId() != null && tiers.find(form.tierId()).filter(t -> t.programId() == form.programId())
                .isEmpty()) {
            errors.add("tierId", "loyalty.reward.tierOfProgram");
        }
        errors.throwIfAny();
        Map<String, Object> values = new HashMap<>();
        values.put("program", form.programId());
        values.put("kind", kind.name());
        values.put("en", form.nameEn().strip());
        values.put("pl", form.namePl().strip());
        values.put("cs", form.nameCs().strip());
        values.put("points", form.points());
        values.put("percent", percent ? form.percent() : null);
        values.put("amount", amount ? form.amount() : null);
        values.put("currency", amount ? form.currency() : null);
        values.put("product", product ? form.productId() : null);
        values.put("tier", form.tierId());
        values.put("days", form.validDays() == null ? 90 : form.validDays());
        values.put("active", form.active() == null || form.active());
        return values;
    }

    // ------------------------------------------------------------------ redemption

    /**
     * Turns the account's points into the reward's code (everybody who may create records, on the customer's
     * behalf). Refused when the reward is switched off or of another program, when the account's tier is below the
     * one it needs, or when the balance is too small ({@code points}: {@code loyalty.points.notEnough}).
     */
    @Transactional
    public Redemption redeem(long accountId, long rewardId) {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "error.forbidden");
        }
        Members.Member member = members.get(accountId);
        // the lock Points.post takes too: the checks below see the balance no other redemption can change meanwhile
        jdbc.sql("select id from loyalty_accounts where id = :id for update").param("id", accountId)
                .query(Long.class).single();
        Reward reward = get(rewardId);
        if (!reward.active() || reward.programId() != member.programId()) {
            throw refused("rewardId", "loyalty.reward.notOffered");
        }
        if (reward.tierId() != null) {
            Tier needed = tiers.get(reward.tierId());
            Optional<Tier> held = tiers.of(accountId);
            if (held.isEmpty() || held.get().position() < needed.position()) {
                throw refused("rewardId", "loyalty.reward.tierNeeded",
                        needed.name(org.springframework.context.i18n.LocaleContextHolder.getLocale()));
            }
        }
        int balance = points.balance(accountId);
        if (balance < reward.points()) {
            throw refused("points", "loyalty.points.notEnough", balance);
        }
        LocalDate today = LocalDate.now(seller.get().zone());
        Points.Customer customer = member.customer();
        Coupons.Coupon coupon = coupons.issue(new Coupons.Offer(reward.kind(), reward.percent(), reward.amount(),
                reward.currency(), reward.productId(), customer.contactId(), customer.companyId(),
                today.plusDays(reward.validDays())));
        long by = CurrentUser.id();
        long id = jdbc.sql("""
                insert into loyalty_redemptions (account_id, reward_id, coupon_id, points, by_user_id)
                values (:account, :reward, :coupon, :points, :by) returning id""")
                .param("account", accountId).param("reward", rewardId).param("coupon", coupon.id())
                .param("points", reward.points()).param("by", by).query(Long.class).single();
        points.post(accountId, new Points.Posting(Points.Kind.REDEEMED, -reward.points(), null, "REDEMPTION", id,
                null, by));
        timeline.record(TimelineRecord.coded(customer.companyId(), customer.contactId(), "LOYALTY_REDEEMED",
                coupon.code(), Phrase.of("timeline.loyalty.redeemed", Phrase.named(reward.nameEn(),
                        Map.of("en", reward.nameEn(), "pl", reward.namePl(), "cs", reward.nameCs())),
                        Phrase.number(BigDecimal.valueOf(reward.points()))), "loyalty", id, by));
        return redemption(id);
    }

    @Transactional(readOnly = true)
    public Redemption redemption(long id) {
        return jdbc.sql(REDEMPTION + " where d.id = :id").param("id", id).param("language", language())
                .query(Rewards::redemption).optional()
                .orElseThrow(() -> KlientException.notFound("loyalty.redemption.notFound"));
    }

    /** The account's redemptions, newest first. */
    @Transactional(readOnly = true)
    public List<Redemption> redemptions(long accountId, int limit) {
        return jdbc.sql(REDEMPTION + " where d.account_id = :account order by d.id desc limit :limit")
                .param("language", language()).param("account", accountId).param("limit", limit).query(Rewards::redemption).list();
    }

    private static String language() {
        return org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage();
    }

    private static InvalidFields refused(String field, String key, Object... args) {
        return new InvalidFields(List.of(new InvalidFields.FieldError(field, key, args)));
    }

    /** A redemption, the reward named in the reader's language (English where a translation is missing). */
    private static final String REDEMPTION = """
            select d.id, d.account_id, d.reward_id,
                   coalesce(nullif(case cast(:language as text) when 'pl' then w.name_pl when 'cs' then w.name_cs end,
                                   ''), w.name_en),
                   c.code, d.points, c.valid_until, r.document_kind,
                   r.document_id, d.at
            from loyalty_redemptions d
            join loyalty_rewards w on w.id = d.reward_id
            join coupons c on c.id = d.coupon_id
            left join coupon_redemptions r on r.coupon_id = c.id""";

    private static Redemption redemption(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Redemption(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getInt(6), rs.getObject(7, LocalDate.class), rs.getString(8), (Long) rs.getObject(9),
                rs.getTimestamp(10).toInstant());
    }
}
