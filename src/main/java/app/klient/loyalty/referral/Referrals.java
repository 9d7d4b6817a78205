package app.klient.loyalty.referral;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import app.klient.billing.Seller;
import app.klient.billing.Spending;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.identity.CurrentUser;
import app.klient.identity.OwnedRecords;
import app.klient.loyalty.Points;
import app.klient.loyalty.tier.Members;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.Phrase;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Referrals: each account has a code its customer gives to friends. A new customer who came with one is recorded as
 * referred (once, and only before their first paid purchase); when that first purchase is paid, both earn the
 * program's referral points (two REFERRAL ledger rows whose cause is the referral, written with the referral's change
 * of state in one transaction, by a job that claims each referral once across nodes).
 */
@Service
public class Referrals {

    /** A referral as a card shows it: who recommended whom, whether it has earned its points yet. */
    public record Referral(long id, long referrerAccountId, String referrerName, Points.Customer referrer,
            long referredAccountId, String referredName, Points.Customer referred, String state, Instant createdAt,
            Instant rewardedAt) {
    }

    static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final Points points;
    private final Members members;
    private final Spending spending;
    private final Timeline timeline;
    private final app.klient.customers.Contacts contacts;
    private final app.klient.customers.Companies companies;
    private final Seller seller;
    private final org.springframework.transaction.support.TransactionTemplate transaction;

    Referrals(JdbcClient jdbc, Points points, Members members, Spending spending, Timeline timeline,
            app.klient.customers.Contacts contacts, app.klient.customers.Companies companies, Seller seller,
            org.springframework.transaction.PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.seller = seller;
        this.contacts = contacts;
        this.companies = companies;
        this.points = points;
        this.members = members;
        this.spending = spending;
        this.timeline = timeline;
    }

    /** The account's referral code (made with the account: {@code V088}). */
    @Transactional(readOnly = true)
    public String codeOf(long accountId) {
        members.get(accountId);
        return jdbc.sql("select code from loyalty_referral_codes where account_id = :id").param("id", accountId)
                .query(String.class).single();
    }

    /**
     * Records that {@code referred} came by the code (everybody who may create records). Refused for an unknown
     * code, the code's own customer, a customer already referred, or one who has already paid a purchase.
     */
    @Transactional
    public Referral record(String code, Points.Customer referred) {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "error.forbidden");
        }
        boolean known = referred.companyId() != null ? companies.exists(referred.companyId())
                : contacts.exists(referred.contactId());
        if (!known) {
            throw KlientException.notFound(referred.companyId() != null ? "company.notFound" : "contact.notFound");
        }
        String normalized = code == null ? "" : code.strip().toUpperCase(java.util.Locale.ROOT);
        Long referrerAccount = normalized.matches("[A-Z0-9]{6,12}") ? jdbc.sql(
                "select account_id from loyalty_referral_codes where code = :code").param("code", normalized)
                .query(Long.class).optional().orElse(null) : null;
        if (referrerAccount == null) {
            throw refused("code", "loyalty.referral.unknownCode");
        }
        Members.Member referrer = members.get(referrerAccount);
        if (referrer.customer().equals(referred)) {
            throw refused("code", "loyalty.referral.self");
        }
        if (spending.hasPaid(referred.companyId(), referred.contactId())) {
            throw refused("code", "loyalty.referral.alreadyCustomer");
        }
        long referredAccount = points.account(referrer.programId(), referred);
        Long id = jdbc.sql("""
                insert into loyalty_referrals (referrer_account_id, referred_account_id, by_user_id)
                values (:referrer, :referred, :by)
                on conflict (referred_account_id) do nothing returning id""")
                .param("referrer", referrerAccount).param("referred", referredAccount).param("by", CurrentUser.id())
                .query(Long.class).optional().orElseThrow(() -> refused("code", "loyalty.referral.already"));
        Referral made = get(id);
        timeline.record(TimelineRecord.coded(referred.companyId(), referred.contactId(), "LOYALTY_REFERRED",
                made.referrerName(), Phrase.of("timeline.loyalty.referredBy", made.referrerName()), "loyalty", id,
                CurrentUser.id()));
        timeline.record(TimelineRecord.coded(referrer.customer().companyId(), referrer.customer().contactId(),
                "LOYALTY_REFERRED", made.referredName(), Phrase.of("timeline.loyalty.referred", made.referredName()),
                "loyalty", id, CurrentUser.id()));
        return made;
    }

    @Transactional(readOnly = true)
    public Referral get(long id) {
        Row row = jdbc.sql(SELECT + " where id = :id").param("id", id).query(Row::of).optional()
                .orElseThrow(() -> KlientException.notFound("loyalty.referral.notFound"));
        return view(row);
    }

    /** Who referred the account (empty: nobody). */
    @Transactional(readOnly = true)
    public Optional<Referral> referredBy(long accountId) {
        return jdbc.sql(SELECT + " where referred_account_id = :id").param("id", accountId).query(Row::of).optional()
                .map(this::view);
    }

    /** Whom the account referred, newest first. */
    @Transactional(readOnly = true)
    public List<Referral> referredBy(long accountId, int limit) {
        return jdbc.sql(SELECT + " where referrer_account_id = :id order by id desc limit :limit")
                .param("id", accountId).param("limit", limit).query(Row::of).list().stream().map(this::view).toList();
    }

    /**
     * Rewards every pending referral whose referred customer has paid a first purchase since, of one program (or of
     * all, {@code programId} null), a batch per transaction: the job's work, and part of the program's "grant what
     * is due now". Answers how many it rewarded.
     */
    public int rewardAll(Long programId) {
        int rewarded = 0;
        long after = 0;
        while (true) {
            long from = after;
            Batch batch = transaction.execute(status -> rewardDue(programId, from, BATCH));
            rewarded += batch.rewarded();
            after = batch.lastId();
            if (batch.seen() < BATCH) {
                return rewarded;
            }
        }
    }

    /**
     * Rewards up to {@code limit} pending referrals (of one program, or of all: {@code programId} null) whose
     * referred customer has paid a first purchase since: both accounts earn the program's referral points. A
     * referral of a program without referral points waits. The rows are claimed with {@code for update skip locked}:
     * each referral is rewarded once, whichever node gets it.
     *
     * <p>Billing dates a settlement by its day ({@code paid_at} is the start of the payment's day), so a purchase paid
     * on the day the referral was recorded counts: {@link #record} refused the customer if it had been paid before.
     */
    @Transactional
    public Batch rewardDue(Long programId, long afterId, int limit) {
        record Due(long id, long referrer, long referred, Instant created, Integer points) {
        }
        List<Due> due = jdbc.sql("""
                select r.id, r.referrer_account_id, r.referred_account_id, r.created_at, p.referral_points
                from loyalty_referrals r
                join loyalty_accounts a on a.id = r.referred_account_id
                join loyalty_programs p on p.id = a.program_id
                where r.state = 'PENDING' and r.id > :after and p.referral_points is not null and p.active
                  and (cast(:program as bigint) is null or p.id = :program)
                order by r.id limit :limit for update of r skip locked""").param("after", afterId)
                .param("program", programId).param("limit", limit)
                .query((rs, n) -> new Due(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getTimestamp(4).toInstant(), rs.getInt(5)))
                .list();
        java.time.ZoneId zone = seller.get().zone();
        int rewarded = 0;
        for (Due d : due) {
            Points.Customer referred = members.get(d.referred()).customer();
            Instant dayRecorded = d.created().atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
            Optional<Spending.PaidInvoice> paid = spending.firstPaid(referred.companyId(), referred.contactId(),
                    dayRecorded);
            if (paid.isEmpty()) {
                continue;
            }
            for (long account : new long[] { d.referrer(), d.referred() }) {
                points.post(account, new Points.Posting(Points.Kind.REFERRAL, d.points(), null, "REFERRAL", d.id(),
                        null, null));
            }
            jdbc.sql("""
                    update loyalty_referrals set state = 'REWARDED', rewarded_at = now(), invoice_id = :invoice
                    where id = :id and state = 'PENDING'""").param("id", d.id()).param("invoice", paid.get().id())
                    .update();
            rewarded++;
        }
        return new Batch(due.size(), rewarded, due.isEmpty() ? afterId : due.get(due.size() - 1).id());
    }

    /** One batch of {@link #rewardDue}: how many pending referrals it looked at, rewarded, and the last one's id. */
    public record Batch(int seen, int rewarded, long lastId) {
    }

    private Referral view(Row row) {
        Members.Member referrer = members.get(row.referrer());
        Members.Member referred = members.get(row.referred());
        return new Referral(row.id(), row.referrer(), referrer.name(), referrer.customer(), row.referred(),
                referred.name(), referred.customer(), row.state(), row.createdAt(), row.rewardedAt());
    }

    private record Row(long id, long referrer, long referred, String state, Instant createdAt, Instant rewardedAt) {

        static Row of(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
            return new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                    rs.getTimestamp(5).toInstant(), rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant());
        }
    }

    private static final String SELECT = """
            select id, referrer_account_id, referred_account_id, state, created_at, rewarded_at
            from loyalty_referrals""";

    private static InvalidFields refused(String field, String key) {
        return new InvalidFields(List.of(new InvalidFields.FieldError(field, key)));
    }
}
