package app.klient.loyalty.tier;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.billing.Seller;
import app.klient.billing.Spending;
import app.klient.identity.Permission;
import app.klient.loyalty.BalanceChanged;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tiers of a program, and which tier each account holds. A tier is reached by what the account earned in points, or
 * paid, over the program's rolling period ({@link TierSettings}). Going up is at once: told of every ledger row in
 * the transaction that wrote it ({@link BalanceChanged}), the account moves to the highest tier it reaches. Going
 * down happens only when the account is reviewed, a period after it last moved ({@link #review}, a job that runs once
 * across nodes). Every move is a row of {@code loyalty_tier_changes} and an e-mail to the customer.
 */
@Service
public class Tiers implements BalanceChanged {

    /** A program as tiers see it: what reaches a tier, over how many months, and what a referral earns. */
    public record Program(long id, String name, TierSettings.Basis basis, int months, Integer referralPoints,
            int version) {
    }

    /** Where an account stands: its tier (null: none yet), since when, its review day, what it reached, and next. */
    public record Standing(long accountId, Tier tier, Instant since, LocalDate reviewOn, BigDecimal reached,
            TierSettings.Basis basis, Tier next) {

        /** What is still missing for the next tier (null at the top). */
        public BigDecimal toNext() {
            if (next == null) {
                return null;
            }
            BigDecimal missing = next.threshold().subtract(reached).max(BigDecimal.ZERO);
            // points are whole: 225.50 points more is 226
            return basis == TierSettings.Basis.POINTS ? missing.setScale(0, java.math.RoundingMode.CEILING) : missing;
        }
    }

    private static final String TIER = """
            select id, program_id, position, name_en, name_pl, name_cs, threshold, multiplier, version
            from loyalty_tiers""";

    private final JdbcClient jdbc;
    private final Versions versions;
    private final AuditLog audit;
    private final Spending spending;
    private final Members members;
    private final TierMail mail;
    private final Seller seller;

    Tiers(JdbcClient jdbc, Versions versions, AuditLog audit, Spending spending, Members members, TierMail mail,
            Seller seller) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.audit = audit;
        this.spending = spending;
        this.members = members;
        this.mail = mail;
        this.seller = seller;
    }

    // ------------------------------------------------------------------ programs' tier settings

    @Transactional(readOnly = true)
    public List<Program> programs() {
        return jdbc.sql(PROGRAM + " order by lower(name), id").query(Tiers::program).list();
    }

    @Transactional(readOnly = true)
    public Program program(long id) {
        return jdbc.sql(PROGRAM + " where id = :id").param("id", id).query(Tiers::program).optional()
                .orElseThrow(() -> KlientException.notFound("loyalty.program.notFound"));
    }

    /** Changes how the program's tiers are reached (marketers; the program's version required). */
    @Transactional
    public Program settings(long programId, TierSettings settings) {
        Permission.MARKETING.check();
        versions.change("loyalty_programs", programId, settings.version()).notFound("loyalty.program.notFound")
                .set("tier_basis = :basis, tier_months = :months, referral_points = :referral, updated_at = now()")
                .param("basis", settings.basis().name()).param("months", settings.months())
                .param("referral", settings.referralPoints()).apply();
        reevaluate(programId, true);
        Program changed = program(programId);
        audit.record(AuditAction.UPDATE, "LoyaltyProgram", programId, changed.name(), List.of());
        return changed;
    }

    // ------------------------------------------------------------------ the tiers

    @Transactional(readOnly = true)
    public List<Tier> list(long programId) {
        return jdbc.sql(TIER + " where program_id = :program order by position").param("program", programId)
                .query(Tier::of).list();
    }

    @Transactional(readOnly = true)
    public Tier get(long id) {
        return find(id).orElseThrow(() -> KlientException.notFound("loyalty.tier.notFound"));
    }

    @Transactional(readOnly = true)
    public Optional<Tier> find(long id) {
        return jdbc.sql(TIER + " where id = :id").param("id", id).query(Tier::of).optional();
    }

    /** Adds a tier; the accounts that reach it move up to it at once, and are told. */
    @Transactional
    public Tier create(TierForm form) {
        return create(form, true);
    }

    /**
     * Adds a tier; the accounts that reach it move up to it at once, told by e-mail when {@code tell} (the demo
     * company's customers are told nothing).
     */
    @Transactional
    public Tier create(TierForm form, boolean tell) {
        Permission.MARKETING.check();
        program(form.programId());
        long id;
        try {
            id = jdbc.sql("""
                    insert into loyalty_tiers (program_id, position, name_en, name_pl, name_cs, threshold, multiplier)
                    values (:program, (select coalesce(max(position), 0) + 1 from loyalty_tiers
                                       where program_id = :program),
                            :en, :pl, :cs, :threshold, :multiplier)
                    returning id""").params(values(form)).query(Long.class).single();
        }
        catch (DuplicateKeyException taken) {
            throw thresholdTaken();
        }
        renumber(form.programId());
        reevaluate(form.programId(), tell);
        Tier made = get(id);
        audit.record(AuditAction.CREATE, "LoyaltyTier", id, made.nameEn(), List.of());
        return made;
    }

    @Transactional
    public Tier update(long id, TierForm form) {
        Permission.MARKETING.check();
        Tier current = get(id);
        if (!form.programId().equals(current.programId())) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("programId", "loyalty.tier.programFixed")));
        }
        try {
            versions.change("loyalty_tiers", id, form.version()).notFound("loyalty.tier.notFound")
                    .set("name_en = :en, name_pl = :pl, name_cs = :cs, threshold = :threshold, "
                            + "multiplier = :multiplier, updated_at = now()")
                    .params(values(form)).apply();
        }
        catch (DuplicateKeyException taken) {
            throw thresholdTaken();
        }
        renumber(current.programId());
        reevaluate(current.programId(), true);
        Tier changed = get(id);
        audit.record(AuditAction.UPDATE, "LoyaltyTier", id, changed.nameEn(), List.of());
        return changed;
    }

    /** Removes a tier nobody holds and no reward needs; else refused. */
    @Transactional
    public void delete(long id) {
        Permission.MARKETING.check();
        Tier tier = get(id);
        boolean used = jdbc.sql("""
                select exists (select 1 from loyalty_accounts where tier_id = :id)
                    or exists (select 1 from loyalty_rewards where tier_id = :id)
                    or exists (select 1 from loyalty_tier_changes where from_tier_id = :id or to_tier_id = :id)""")
                .param("id", id).query(Boolean.class).single();
        if (used) {
            throw KlientException.conflict("loyalty.tier.inUse", tier.nameEn());
        }
        jdbc.sql("delete from loyalty_tiers where id = :id").param("id", id).update();
        renumber(tier.programId());
        audit.record(AuditAction.DELETE, "LoyaltyTier", id, tier.nameEn(), List.of());
    }

    private static Map<String, Object> values(TierForm form) {
        Map<String, Object> values = new HashMap<>();
        values.put("program", form.programId());
        values.put("en", form.nameEn().strip());
        values.put("pl", form.namePl().strip());
        values.put("cs", form.nameCs().strip());
        values.put("threshold", form.threshold());
        values.put("multiplier", form.multiplier() == null ? BigDecimal.ONE : form.multiplier());
        return values;
    }

    /** Positions follow the thresholds: 1 for the lowest. */
    private void renumber(long programId) {
        jdbc.sql("""
                update loyalty_tiers t set position = r.n
                from (select id, row_number() over (order by threshold) as n from loyalty_tiers
                      where program_id = :program) r
                where t.id = r.id and t.position <> r.n""").param("program", programId).update();
    }

    private static InvalidFields thresholdTaken() {
        return new InvalidFields(List.of(new InvalidFields.FieldError("threshold", "loyalty.tier.thresholdTaken")));
    }

    // ------------------------------------------------------------------ accounts' tiers

    /** Where the account stands now. */
    @Transactional(readOnly = true)
    public Standing standing(long accountId) {
        record Row(long programId, Long tierId, Instant since, LocalDate reviewOn) {
        }
        Row row = jdbc.sql("""
                select program_id, tier_id, tier_since, tier_review_on from loyalty_accounts where id = :id""")
                .param("id", accountId)
                .query((rs, n) -> new Row(rs.getLong(1), (Long) rs.getObject(2),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(),
                        rs.getObject(4, LocalDate.class)))
                .optional().orElseThrow(() -> KlientException.notFound("loyalty.account.notFound"));
        Program program = program(row.programId());
        BigDecimal reached = reached(List.of(accountId)).getOrDefault(accountId, BigDecimal.ZERO);
        Tier tier = row.tierId() == null ? null : get(row.tierId());
        // the next tier is above the one held and not reached yet (what is reached is held: up at once)
        Tier next = list(row.programId()).stream()
                .filter(t -> tier == null || t.position() > tier.position())
                .filter(t -> t.threshold().compareTo(reached) > 0).findFirst().orElse(null);
        return new Standing(accountId, tier, row.since(), row.reviewOn(), reached, program.basis(), next);
    }

    /** The tier an account holds now (the multiplier of its points), empty for none. */
    @Transactional(readOnly = true)
    public Optional<Tier> of(long accountId) {
        return jdbc.sql(TIER + " where id = (select tier_id from loyalty_accounts where id = :id)")
                .param("id", accountId).query(Tier::of).optional();
    }

    /**
     * Up at once: each account moves to the highest tier it now reaches, if that is above the one it holds. Runs in
     * the transaction that wrote the ledger rows, with their accounts locked.
     */
    @Override
    public void changed(Collection<Long> accountIds) {
        upgrade(accountIds, true);
    }

    /**
     * Moves the accounts up to the tier they reach, as {@link #changed} does, but tells nobody: for points that were
     * not earned now (the demo company, an import of an older program).
     */
    @Transactional
    public void settle(Collection<Long> accountIds) {
        upgrade(accountIds, false);
    }

    /**
     * After the program's tiers or how they are reached changed: every account of the program moves up at once to
     * the tier it now reaches (down only at its review, as always), a batch of accounts at a time, each batch locked
     * in id order as the ledger's writers lock them.
     */
    private void reevaluate(long programId, boolean tell) {
        long after = 0;
        while (true) {
            List<Long> batch = jdbc.sql("""
                    select id from loyalty_accounts where program_id = :program and id > :after
                    order by id limit 5000 for update""")
                    .param("program", programId).param("after", after).query(Long.class).list();
            if (batch.isEmpty()) {
                return;
            }
            upgrade(batch, tell);
            after = batch.get(batch.size() - 1);
        }
    }

    private void upgrade(Collection<Long> accountIds, boolean tell) {
        Map<Long, BigDecimal> reached = reached(accountIds);
        if (reached.isEmpty()) {
            return;
        }
        LocalDate today = today();
        record Up(long accountId, Long fromId, long toId, BigDecimal reached) {
        }
        List<Up> ups = jdbc.sql("""
                with v (id, reached) as (select * from unnest(cast(:ids as bigint[]), cast(:reached as numeric[]))),
                best as (
                    select a.id, a.tier_id, v.reached,
                           (select t.id from loyalty_tiers t where t.program_id = a.program_id
                            and t.threshold <= v.reached order by t.threshold desc limit 1) as best_id
                    from v join loyalty_accounts a on a.id = v.id)
                select b.id, b.tier_id, b.best_id, b.reached
                from best b join loyalty_tiers nt on nt.id = b.best_id left join loyalty_tiers ot on ot.id = b.tier_id
                where ot.id is null or nt.position > ot.position""")
                .param("ids", reached.keySet().toArray(Long[]::new))
                .param("reached", reached.keySet().stream().map(reached::get).toArray(BigDecimal[]::new))
                .query((rs, n) -> new Up(rs.getLong(1), (Long) rs.getObject(2), rs.getLong(3), rs.getBigDecimal(4)))
                .list();
        for (Up up : ups) {
            move(up.accountId(), up.fromId(), up.toId(), up.reached(), "UPGRADE", today, tell);
        }
    }

    /**
     * Reviews up to {@code limit} accounts whose review day has come: each takes the tier it reaches over the period
     * now, which may be lower (or none), and is reviewed again a period later. The rows are claimed with {@code for
     * update skip locked}, so nodes running this at the same moment take different accounts. Answers how many.
     */
    @Transactional
    public int review(LocalDate today, int limit) {
        List<Long> due = jdbc.sql("""
                select id from loyalty_accounts where tier_review_on <= :today
                order by tier_review_on, id limit :limit for update skip locked""")
                .param("today", today).param("limit", limit).query(Long.class).list();
        if (due.isEmpty()) {
            return 0;
        }
        Map<Long, BigDecimal> reached = reached(due);
        for (long accountId : due) {
            BigDecimal value = reached.getOrDefault(accountId, BigDecimal.ZERO);
            record Verdict(Long fromId, Long toId, int months) {
            }
            Verdict verdict = jdbc.sql("""
                    select a.tier_id,
                           (select t.id from loyalty_tiers t where t.program_id = a.program_id and t.threshold <= :reached
                            order by t.threshold desc limit 1),
                           p.tier_months
                    from loyalty_accounts a join loyalty_programs p on p.id = a.program_id where a.id = :id""")
                    .param("id", accountId).param("reached", value)
                    .query((rs, n) -> new Verdict((Long) rs.getObject(1), (Long) rs.getObject(2), rs.getInt(3)))
                    .single();
            if (java.util.Objects.equals(verdict.fromId(), verdict.toId())) {
                jdbc.sql("update loyalty_accounts set tier_review_on = :next where id = :id")
                        .param("next", today.plusMonths(verdict.months())).param("id", accountId).update();
            }
            else {
                move(accountId, verdict.fromId(), verdict.toId(), value, "REVIEW", today, true);
            }
        }
        return due.size();
    }

    private void move(long accountId, Long fromId, Long toId, BigDecimal reached, String reason, LocalDate today,
            boolean tell) {
        jdbc.sql("""
                update loyalty_accounts a
                set tier_id = :to,
                    tier_since = case when cast(:to as bigint) is null then null else now() end,
                    tier_review_on = case when cast(:to as bigint) is null then null
                                          else cast(:today as date) + make_interval(months => p.tier_months) end,
                    version = a.version + 1
                from loyalty_programs p where p.id = a.program_id and a.id = :id""")
                .param("to", toId).param("today", today).param("id", accountId).update();
        jdbc.sql("""
                insert into loyalty_tier_changes (account_id, from_tier_id, to_tier_id, reason, reached)
                values (:account, :from, :to, :reason, :reached)""")
                .param("account", accountId).param("from", fromId).param("to", toId).param("reason", reason)
                .param("reached", reached).update();
        if (tell) {
            mail.changed(members.get(accountId), fromId == null ? null : get(fromId),
                    toId == null ? null : get(toId), today);
        }
    }

    /** What each account reached over its program's period: points earned, or the amount paid. */
    private Map<Long, BigDecimal> reached(Collection<Long> accountIds) {
        Map<Long, BigDecimal> reached = new HashMap<>();
        if (accountIds.isEmpty()) {
            return reached;
        }
        Long[] ids = accountIds.toArray(Long[]::new);
        record Spender(long accountId, Long companyId, Long contactId, int months) {
        }
        List<Spender> spenders = new ArrayList<>();
        jdbc.sql("""
                select a.id, p.tier_basis, a.company_id, a.contact_id, p.tier_months
                from loyalty_accounts a join loyalty_programs p on p.id = a.program_id
                where a.id = any(cast(:ids as bigint[]))
                  and exists (select 1 from loyalty_tiers t where t.program_id = p.id)""")
                .param("ids", ids).query((rs, n) -> {
                    long id = rs.getLong(1);
                    if ("SPEND".equals(rs.getString(2))) {
                        spenders.add(new Spender(id, (Long) rs.getObject(3), (Long) rs.getObject(4), rs.getInt(5)));
                    }
                    else {
                        reached.put(id, BigDecimal.ZERO);
                    }
                    return id;
                }).list();
        if (!reached.isEmpty()) {
            jdbc.sql("""
                    select l.account_id, sum(l.points)
                    from loyalty_ledger l
                    join loyalty_accounts a on a.id = l.account_id
                    join loyalty_programs p on p.id = a.program_id
                    where l.account_id = any(cast(:ids as bigint[]))
                      and l.kind in ('EARNED', 'BONUS', 'REFERRAL', 'RETURNED')
                      and l.at >= now() - make_interval(months => p.tier_months)
                    group by l.account_id""")
                    .param("ids", reached.keySet().toArray(Long[]::new))
                    .query((rs, n) -> reached.put(rs.getLong(1), rs.getBigDecimal(2).max(BigDecimal.ZERO))).list();
        }
        // one query per period length and kind of customer, however many accounts
        spenders.stream().collect(java.util.stream.Collectors.groupingBy(Spender::months)).forEach((months, group) -> {
            Instant since = today().minusMonths(months).atStartOfDay(ZoneOffset.UTC).toInstant();
            Map<Long, BigDecimal> byCompany = spending.byCompanies(group.stream().map(Spender::companyId)
                    .filter(java.util.Objects::nonNull).toList(), since);
            Map<Long, BigDecimal> byContact = spending.byContacts(group.stream().map(Spender::contactId)
                    .filter(java.util.Objects::nonNull).toList(), since);
            for (Spender s : group) {
                reached.put(s.accountId(), s.companyId() != null
                        ? byCompany.getOrDefault(s.companyId(), BigDecimal.ZERO)
                        : byContact.getOrDefault(s.contactId(), BigDecimal.ZERO));
            }
        });
        return reached;
    }

    private LocalDate today() {
        return LocalDate.now(seller.get().zone());
    }

    private static final String PROGRAM = """
            select id, name, tier_basis, tier_months, referral_points, version from loyalty_programs""";

    private static Program program(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Program(rs.getLong(1), rs.getString(2), TierSettings.Basis.valueOf(rs.getString(3)), rs.getInt(4),
                (Integer) rs.getObject(5), rs.getInt(6));
    }
}
