package app.klient.loyalty.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import app.klient.billing.Seller;
import app.klient.customers.ContactCondition;
import app.klient.loyalty.Points;
import app.klient.loyalty.ProgramView;
import app.klient.loyalty.Programs;
import app.klient.loyalty.RuleView;
import app.klient.loyalty.referral.Referrals;
import app.klient.marketing.Consents;
import app.klient.marketing.Segments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Grants points for paid invoices (or delivered orders) and takes them back for corrections (a delivered order
 * that comes back is a correction of its invoice: an order cannot be cancelled once delivered).
 * A batch of purchases is priced by one query, its ledger rows written by one insert with each account's running
 * balance, and each purchase marked as looked at ({@code loyalty_earnings}) in the same transaction: a run that stops
 * halfway loses nothing and repeats nothing. A transaction advisory lock per program keeps two nodes off the same
 * program; the ledger's cause index would refuse a second grant anyway.
 *
 * <p>Purchases are read straight from billing's tables: a hundred thousand invoices are priced in SQL, not one call
 * at a time through the billing API.
 */
@Component
public class Earning {

    static final int BATCH = 5_000;
    private static final int LOCK_SPACE = 0x4C6F7961; // "Loya"

    /** One purchase to price: its customer, currency, the day it earns on and the moment (paid or delivered). */
    record Purchase(long id, Long companyId, Long contactId, String currency, LocalDate day, java.time.Instant at) {
    }

    /** What a run did: purchases looked at, ledger rows and points granted, corrections, referrals rewarded. */
    public record Run(int purchases, int granted, int points, int returned, int referrals) {
    }

    private final JdbcClient jdbc;
    private final Programs programs;
    private final Points points;
    private final Segments segments;
    private final Consents consents;
    private final Seller seller;
    private final TransactionTemplate transaction;
    private final Referrals referrals;

    Earning(JdbcClient jdbc, Programs programs, Points points, Segments segments, Consents consents, Seller seller,
            PlatformTransactionManager transactions, Referrals referrals) {
        this.referrals = referrals;
        this.jdbc = jdbc;
        this.programs = programs;
        this.points = points;
        this.segments = segments;
        this.consents = consents;
        this.seller = seller;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Every active program: grants first, then what corrections take back. */
    public Run runAll() {
        Run total = new Run(0, 0, 0, 0, 0);
        for (ProgramView program : programs.active()) {
            Run run = run(program.id());
            total = new Run(total.purchases() + run.purchases(), total.granted() + run.granted(),
                    total.points() + run.points(), total.returned() + run.returned(),
                    total.referrals() + run.referrals());
        }
        return total;
    }

    /**
     * One program, until nothing is left to do (or another node holds it): points for new purchases, back for
     * corrections, then the referrals whose referred customer has now paid.
     */
    public Run run(long programId) {
        int purchases = 0;
        int granted = 0;
        int earned = 0;
        long after = 0;
        while (true) {
            long from = after;
            long[] batch = transaction.execute(status -> {
                if (!locked(programId)) {
                    return null;
                }
                return earnBatch(programs.get(programId), from);
            });
            if (batch == null || batch[0] == 0) {
                break;
            }
            purchases += (int) batch[0];
            granted += (int) batch[1];
            earned += (int) batch[2];
            after = batch[3];
        }
        int returned = 0;
        while (true) {
            Integer done = transaction.execute(status -> locked(programId) ? takeBackBatch(programs.get(programId))
                    : null);
            if (done == null || done == 0) {
                break;
            }
            returned += done;
        }
        return new Run(purchases, granted, earned, returned, referrals.rewardAll(programId));
    }

    private boolean locked(long programId) {
        return Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(:space, :id)")
                .param("space", LOCK_SPACE).param("id", (int) programId).query(Boolean.class).single());
    }

    // ------------------------------------------------------------------------------------------------ earning

    /** One batch: {purchases looked at, ledger rows written, points written, the last purchase id}. */
    private long[] earnBatch(ProgramView program, long after) {
        ZoneId zone = seller.get().zone();
        boolean invoices = "INVOICE_PAID".equals(program.earnOn());
        List<Purchase> batch = jdbc.sql(invoices ? """
                select i.id, i.company_id, i.contact_id, i.currency, cast(i.paid_at at time zone :zone as date),
                       i.paid_at
                from invoices i
                where i.kind = 'INVOICE' and i.paid_at >= cast(:from as timestamp) at time zone :zone
                  and i.id > :after
                  and not exists (select 1 from loyalty_earnings e where e.program_id = :program
                                  and e.source_kind = 'INVOICE' and e.source_id = i.id)
                order by i.id limit :batch""" : """
                select o.id, o.company_id, o.contact_id, o.currency, cast(o.fulfilled_at at time zone :zone as date),
                       o.fulfilled_at
                from orders o
                where o.status = 'FULFILLED' and o.fulfilled_at >= cast(:from as timestamp) at time zone :zone
                  and o.id > :after
                  and not exists (select 1 from loyalty_earnings e where e.program_id = :program
                                  and e.source_kind = 'ORDER' and e.source_id = o.id)
                order by o.id limit :batch""")
                .param("zone", zone.getId()).param("from", program.earnFrom().atStartOfDay())
                .param("after", after).param("program", program.id()).param("batch", BATCH)
                .query((rs, n) -> new Purchase(rs.getLong(1), (Long) rs.getObject(2), (Long) rs.getObject(3),
                        rs.getString(4), rs.getObject(5, LocalDate.class), rs.getTimestamp(6).toInstant())).list();
        if (batch.isEmpty()) {
            return new long[] { 0, 0, 0, 0 };
        }
        String sourceKind = invoices ? "INVOICE" : "ORDER";
        List<Purchase> taking = taking(program, batch);
        Map<Long, Price> prices = prices(program, invoices, taking);
        // an account is opened by the first purchase that earns, not by one in a currency without a rate
        Map<Long, Long> accounts = accounts(program.id(), taking.stream()
                .filter(p -> prices.getOrDefault(p.id(), Price.NONE).earns()).toList());
        Map<Long, BigDecimal> multipliers = tierMultipliers(accounts.values());
        Set<Long> firsts = program.rules().stream().anyMatch(r -> "FIRST_PURCHASE".equals(r.kind()))
                ? firsts(invoices, taking) : Set.of();
        Map<Long, LocalDate> birthdays = birthdays(program, taking);
        BigDecimal birthdayMultiplier = rule(program, "BIRTHDAY").map(RuleView::multiplier).orElse(null);
        int firstPoints = rule(program, "FIRST_PURCHASE").map(RuleView::points).orElse(0);

        Rows rows = new Rows();
        Map<Long, int[]> earnedBy = new HashMap<>();
        for (Purchase p : taking) {
            Long account = accounts.get(p.id());
            Price price = prices.getOrDefault(p.id(), Price.NONE);
            if (account == null || !price.earns()) {
                continue;
            }
            BigDecimal base = price.base().multiply(multipliers.getOrDefault(account, BigDecimal.ONE));
            BigDecimal extra = price.campaign();
            LocalDate birthday = birthdays.get(p.id());
            if (birthdayMultiplier != null && birthday != null && birthday.getMonth() == p.day().getMonth()) {
                extra = extra.add(price.base().multiply(birthdayMultiplier.subtract(BigDecimal.ONE).max(
                        BigDecimal.ZERO)));
            }
            int earned = Math.max(0, base.setScale(0, RoundingMode.FLOOR).intValueExact());
            int bonus = Math.max(0, extra.setScale(0, RoundingMode.FLOOR).intValueExact())
                    + (firsts.contains(p.id()) ? firstPoints : 0);
            LocalDate expires = program.expireMonths() == null ? null : p.day().plusMonths(program.expireMonths());
            List<String> reasons = new ArrayList<>();
            if (price.campaign().signum() > 0) {
                reasons.add("CAMPAIGN");
            }
            if (birthdayMultiplier != null && birthday != null && birthday.getMonth() == p.day().getMonth()) {
                reasons.add("BIRTHDAY");
            }
            if (firsts.contains(p.id()) && firstPoints > 0) {
                reasons.add("FIRST_PURCHASE");
            }
            if (earned > 0) {
                rows.add(account, Points.Kind.EARNED, earned, expires, sourceKind, p.id(), null, p.at());
            }
            if (bonus > 0) {
                rows.add(account, Points.Kind.BONUS, bonus, expires, sourceKind, p.id(), String.join(" ", reasons),
                        p.at());
            }
            earnedBy.put(p.id(), new int[] { earned + bonus });
        }
        jdbc.sql("""
                select id from loyalty_accounts where id = any(cast(:ids as bigint[])) order by id for update""")
                .param("ids", rows.accounts().toArray(Long[]::new)).query(Long.class).list();
        rows.write(jdbc);
        // every purchase of the batch is looked at once, earning or not; a purchase's corrections issued before it
        // earned are in its price already, so they take nothing back later
        List<Long> ids = new ArrayList<>();
        List<Long> accountIds = new ArrayList<>();
        List<BigDecimal> amounts = new ArrayList<>();
        List<Integer> written = new ArrayList<>();
        for (Purchase p : batch) {
            ids.add(p.id());
            accountIds.add(accounts.get(p.id()));
            amounts.add(prices.getOrDefault(p.id(), Price.NONE).amount());
            written.add(earnedBy.getOrDefault(p.id(), new int[] { 0 })[0]);
        }
        jdbc.sql("""
                insert into loyalty_earnings (program_id, source_kind, source_id, account_id, amount, points)
                select :program, :kind, x.id, x.account, x.amount, x.points
                from unnest(cast(:ids as bigint[]), cast(:accounts as bigint[]), cast(:amounts as numeric[]),
                            cast(:points as integer[])) as x(id, account, amount, points)""")
                .param("program", program.id()).param("kind", sourceKind).param("ids", ids.toArray(Long[]::new))
                .param("accounts", accountIds.toArray(Long[]::new))
                .param("amounts", amounts.toArray(BigDecimal[]::new))
                .param("points", written.toArray(Integer[]::new)).update();
        if (invoices) {
            jdbc.sql("""
                    insert into loyalty_earnings (program_id, source_kind, source_id, purchase_id, account_id, amount)
                    select :program, 'CORRECTION', c.id, c.corrects_id, e.account_id, c.net_total
                    from invoices c join loyalty_earnings e on e.program_id = :program and e.source_kind = 'INVOICE'
                                                          and e.source_id = c.corrects_id
                    where c.corrects_id = any(cast(:ids as bigint[])) and c.kind = 'CORRECTION'
                    on conflict do nothing""")
                    .param("program", program.id()).param("ids", ids.toArray(Long[]::new)).update();
        }
        if (!rows.accounts().isEmpty()) {
            points.changed(rows.accounts());
        }
        return new long[] { batch.size(), rows.size(), rows.total(), batch.get(batch.size() - 1).id() };
    }

    /** The purchases of customers who take part: everybody, a segment's members, or those who joined by a form. */
    private List<Purchase> taking(ProgramView program, List<Purchase> batch) {
        switch (program.participation()) {
            case "SEGMENT" -> {
                ContactCondition condition = segments.condition(program.segmentId());
                Long[] contacts = batch.stream().map(Purchase::contactId).filter(java.util.Objects::nonNull)
                        .distinct().toArray(Long[]::new);
                Set<Long> members = new HashSet<>(jdbc.sql("select c.id from contacts c where c.id = "
                        + "any(cast(:loyaltyContacts as bigint[])) and (" + condition.sql() + ")")
                        .params(condition.params()).param("loyaltyContacts", contacts)
                        .param(ContactCondition.AFTER, 0L).query(Long.class).list());
                return batch.stream().filter(p -> p.contactId() != null && members.contains(p.contactId())).toList();
            }
            case "FORM" -> {
                Long purpose = consents.purposeId("loyalty").orElse(null);
                Map<Long, Boolean> joined = new HashMap<>();
                return batch.stream().filter(p -> p.contactId() != null && purpose != null
                        && joined.computeIfAbsent(p.contactId(), c -> java.util.Arrays.stream(
                                Consents.Channel.values()).anyMatch(ch -> consents.state(c, purpose, ch)
                                        .filter(s -> s == Consents.State.GIVEN).isPresent()))).toList();
            }
            default -> {
                return batch;
            }
        }
    }

    /**
     * The account of each purchase's customer, opened when first needed: the company for a company's purchase, the
     * contact for a private customer's.
     */
    private Map<Long, Long> accounts(long programId, List<Purchase> purchases) {
        Long[] companies = purchases.stream().map(Purchase::companyId).filter(java.util.Objects::nonNull).distinct()
                .toArray(Long[]::new);
        Long[] contacts = purchases.stream().filter(p -> p.companyId() == null).map(Purchase::contactId)
                .filter(java.util.Objects::nonNull).distinct().toArray(Long[]::new);
        jdbc.sql("""
                insert into loyalty_accounts (program_id, company_id)
                select :program, x from unnest(cast(:ids as bigint[])) x order by x
                on conflict (company_id, program_id) where company_id is not null do nothing""")
                .param("program", programId).param("ids", companies).update();
        jdbc.sql("""
                insert into loyalty_accounts (program_id, contact_id)
                select :program, x from unnest(cast(:ids as bigint[])) x order by x
                on conflict (contact_id, program_id) where contact_id is not null do nothing""")
                .param("program", programId).param("ids", contacts).update();
        Map<String, Long> byCustomer = new HashMap<>();
        jdbc.sql("""
                select id, company_id, contact_id from loyalty_accounts
                where program_id = :program and (company_id = any(cast(:companies as bigint[]))
                                                 or contact_id = any(cast(:contacts as bigint[])))""")
                .param("program", programId).param("companies", companies).param("contacts", contacts)
                .query(rs -> {
                    Object company = rs.getObject(2);
                    byCustomer.put(company != null ? "c" + company : "p" + rs.getLong(3), rs.getLong(1));
                });
        Map<Long, Long> accounts = new HashMap<>();
        for (Purchase p : purchases) {
            String key = p.companyId() != null ? "c" + p.companyId() : p.contactId() != null ? "p" + p.contactId()
                    : null;
            if (key != null && byCustomer.containsKey(key)) {
                accounts.put(p.id(), byCustomer.get(key));
            }
        }
        return accounts;
    }

    /** A purchase's net amount (after its corrections so far), its points at the rate, and its campaign bonus. */
    record Price(BigDecimal amount, BigDecimal base, BigDecimal campaign, boolean earns) {
        static final Price NONE = new Price(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, false);
    }

    /**
     * Prices the purchases in one query: each line at its currency's rate, times its product's (else its
     * category's) multiplier; a campaign multiplier of the line's product or category on the purchase's day adds
     * the rest as a bonus. Amounts are net of VAT, so a reverse-charged sale earns what a domestic one does.
     */
    private Map<Long, Price> prices(ProgramView program, boolean invoices, List<Purchase> purchases) {
        Map<Long, Price> prices = new HashMap<>();
        if (purchases.isEmpty()) {
            return prices;
        }
        String parts = invoices ? """
                parts as (select d.id as doc, d.id as part from docs d
                          union all
                          select d.id, c.id from docs d join invoices c on c.corrects_id = d.id
                          where c.kind = 'CORRECTION'),
                lines as (select p.doc, l.product_id, l.net_amount from parts p
                          join invoice_lines l on l.invoice_id = p.part)""" : """
                lines as (select d.id as doc, l.product_id, l.net_amount from docs d
                          join order_lines l on l.order_id = d.id)""";
        jdbc.sql("""
                with docs as (select x.id, x.currency, x.day
                              from unnest(cast(:ids as bigint[]), cast(:currencies as text[]),
                                          cast(:days as date[])) as x(id, currency, day)),
                %s,
                priced as (
                    select ln.doc, ln.net_amount,
                           ln.net_amount * r.points / r.per_amount * coalesce(pr.multiplier, cr.multiplier, 1) as base,
                           cp.multiplier as campaign
                    from lines ln join docs d on d.id = ln.doc
                    left join products p on p.id = ln.product_id
                    left join loyalty_rules r on r.program_id = :program and r.kind = 'RATE'
                                             and r.currency = d.currency
                    left join loyalty_rules pr on pr.program_id = :program and pr.kind = 'PRODUCT'
                                              and pr.product_id = ln.product_id
                    left join loyalty_rules cr on cr.program_id = :program and cr.kind = 'CATEGORY'
                                              and lower(cr.category) = lower(p.category)
                    left join lateral (
                        select max(c.multiplier) as multiplier from loyalty_rules c
                        where c.program_id = :program and c.kind = 'CAMPAIGN' and d.day between c.valid_from and c.valid_to
                          and (c.product_id = ln.product_id or lower(c.category) = lower(p.category))) cp on true)
                select d.id, coalesce(sum(x.net_amount), 0), coalesce(sum(x.base), 0),
                       coalesce(sum(x.base * greatest(x.campaign - 1, 0)), 0),
                       bool_or(x.base is not null)
                from docs d left join priced x on x.doc = d.id group by d.id""".formatted(parts))
                .param("program", program.id())
                .param("ids", purchases.stream().map(Purchase::id).toArray(Long[]::new))
                .param("currencies", purchases.stream().map(Purchase::currency).toArray(String[]::new))
                .param("days", purchases.stream().map(p -> p.day().toString()).toArray(String[]::new))
                .query(rs -> {
                    prices.put(rs.getLong(1), new Price(rs.getBigDecimal(2), rs.getBigDecimal(3),
                            rs.getBigDecimal(4), rs.getBoolean(5)));
                });
        return prices;
    }

    /** Each account's tier multiplier (1 without a tier). */
    private Map<Long, BigDecimal> tierMultipliers(java.util.Collection<Long> accounts) {
        Map<Long, BigDecimal> multipliers = new HashMap<>();
        if (accounts.isEmpty()) {
            return multipliers;
        }
        jdbc.sql("""
                select a.id, t.multiplier from loyalty_accounts a join loyalty_tiers t on t.id = a.tier_id
                where a.id = any(cast(:ids as bigint[])) and t.multiplier is not null""")
                .param("ids", new LinkedHashSet<>(accounts).toArray(Long[]::new))
                .query(rs -> {
                    multipliers.put(rs.getLong(1), rs.getBigDecimal(2));
                });
        return multipliers;
    }

    /**
     * The purchases that are their customer's first ever: no earlier invoice (or order not cancelled) of the same
     * company, or of the same private customer.
     */
    private Set<Long> firsts(boolean invoices, List<Purchase> purchases) {
        return new HashSet<>(jdbc.sql(invoices ? """
                select i.id from invoices i where i.id = any(cast(:ids as bigint[])) and not exists (
                    select 1 from invoices j where j.kind = 'INVOICE' and (j.issue_date, j.id) < (i.issue_date, i.id)
                      and (case when i.company_id is not null then j.company_id = i.company_id
                                else j.company_id is null and j.contact_id = i.contact_id end))""" : """
                select o.id from orders o where o.id = any(cast(:ids as bigint[])) and not exists (
                    select 1 from orders j where j.status <> 'CANCELLED' and (j.ordered_at, j.id) < (o.ordered_at, o.id)
                      and (case when o.company_id is not null then j.company_id = o.company_id
                                else j.company_id is null and j.contact_id = o.contact_id end))""")
                .param("ids", purchases.stream().map(Purchase::id).toArray(Long[]::new)).query(Long.class).list());
    }

    /** The buyer's birthday for each purchase with a buyer who has one (only when a birthday rule exists). */
    private Map<Long, LocalDate> birthdays(ProgramView program, List<Purchase> purchases) {
        Map<Long, LocalDate> byContact = new HashMap<>();
        if (rule(program, "BIRTHDAY").isEmpty()) {
            return Map.of();
        }
        jdbc.sql("select id, birthday from contacts where id = any(cast(:ids as bigint[])) and birthday is not null")
                .param("ids", purchases.stream().map(Purchase::contactId).filter(java.util.Objects::nonNull)
                        .distinct().toArray(Long[]::new))
                .query(rs -> {
                    byContact.put(rs.getLong(1), rs.getObject(2, LocalDate.class));
                });
        Map<Long, LocalDate> birthdays = new HashMap<>();
        purchases.stream().filter(p -> p.contactId() != null && byContact.containsKey(p.contactId()))
                .forEach(p -> birthdays.put(p.id(), byContact.get(p.contactId())));
        return birthdays;
    }

    private static java.util.Optional<RuleView> rule(ProgramView program, String kind) {
        return program.rules().stream().filter(r -> kind.equals(r.kind())).findFirst();
    }

    /** Ledger rows of a batch, written by one insert that carries each account's balance along. */
    static final class Rows {
        private final List<Long> accounts = new ArrayList<>();
        private final List<String> kinds = new ArrayList<>();
        private final List<Integer> points = new ArrayList<>();
        private final List<String> expires = new ArrayList<>();
        private final List<String> causeKinds = new ArrayList<>();
        private final List<Long> causeIds = new ArrayList<>();
        private final List<String> reasons = new ArrayList<>();
        private final List<java.sql.Timestamp> ats = new ArrayList<>();

        /** A row dated when the purchase earned it (paid or delivered), so tiers count it in the right period. */
        void add(long account, Points.Kind kind, int amount, LocalDate expiresOn, String causeKind, long causeId,
                String reason, java.time.Instant at) {
            ats.add(java.sql.Timestamp.from(at));
            accounts.add(account);
            kinds.add(kind.name());
            points.add(amount);
            expires.add(expiresOn == null ? null : expiresOn.toString());
            causeKinds.add(causeKind);
            causeIds.add(causeId);
            reasons.add(reason);
        }

        Set<Long> accounts() {
            return new LinkedHashSet<>(accounts);
        }

        int size() {
            return accounts.size();
        }

        int total() {
            return points.stream().mapToInt(Integer::intValue).sum();
        }

        /**
         * The accounts are locked by the caller, so nobody else writes their rows meanwhile: the balance after each
         * row is the last one before the batch plus the batch's rows so far, in the order they are numbered.
         */
        void write(JdbcClient jdbc) {
            if (accounts.isEmpty()) {
                return;
            }
            jdbc.sql("""
                    insert into loyalty_ledger (account_id, kind, points, balance_after, expires_on, cause_kind,
                                                cause_id, reason, at)
                    select r.account, r.kind, r.points,
                           coalesce(b.balance, 0) + sum(r.points) over (partition by r.account order by r.seq),
                           r.expires, r.cause_kind, r.cause_id, r.reason, least(r.at, now())
                    from unnest(cast(:accounts as bigint[]), cast(:kinds as text[]), cast(:points as integer[]),
                                cast(:expires as date[]), cast(:causeKinds as text[]), cast(:causeIds as bigint[]),
                                cast(:reasons as text[]), cast(:ats as timestamptz[]))
                         with ordinality as r(account, kind, points, expires, cause_kind, cause_id, reason, at, seq)
                    left join lateral (select l.balance_after as balance from loyalty_ledger l
                                       where l.account_id = r.account order by l.id desc limit 1) b on true
                    order by r.seq""")
                    .param("accounts", accounts.toArray(Long[]::new)).param("kinds", kinds.toArray(String[]::new))
                    .param("points", points.toArray(Integer[]::new)).param("expires", expires.toArray(String[]::new))
                    .param("causeKinds", causeKinds.toArray(String[]::new))
                    .param("causeIds", causeIds.toArray(Long[]::new)).param("reasons", reasons.toArray(String[]::new))
                    .param("ats", ats.toArray(java.sql.Timestamp[]::new))
                    .update();
        }
    }

    // ------------------------------------------------------------------------------------------------ taking back

    /**
     * One batch of corrections of purchases that earned (for orders, of the order's invoice): each takes back the
     * share of the purchase's points its amount is of the purchase's, never more than is left of them, and never
     * more than the balance (points already redeemed stay redeemed). Answers how many it looked at.
     */
    private int takeBackBatch(ProgramView program) {
        boolean invoices = "INVOICE_PAID".equals(program.earnOn());
        record Due(String sourceKind, long sourceId, long purchaseId, Long account, BigDecimal amount,
                BigDecimal purchaseAmount, int earned, int taken) {
        }
        List<Due> due = jdbc.sql((invoices ? """
                select 'CORRECTION', c.id, e.source_id, e.account_id, c.net_total, e.amount, e.points
                from invoices c join loyalty_earnings e on e.program_id = :program and e.source_kind = 'INVOICE'
                                                      and e.source_id = c.corrects_id
                where c.corrects_id is not null and c.kind = 'CORRECTION'
                  and not exists (select 1 from loyalty_earnings x where x.program_id = :program
                                  and x.source_kind = 'CORRECTION' and x.source_id = c.id)""" : """
                select 'CORRECTION', c.id, e.source_id, e.account_id, c.net_total, e.amount, e.points
                from invoices c join loyalty_earnings e on e.program_id = :program and e.source_kind = 'ORDER'
                                                      and e.source_id = c.order_id
                where c.order_id is not null and c.kind = 'CORRECTION'
                  and not exists (select 1 from loyalty_earnings x where x.program_id = :program
                                  and x.source_kind = 'CORRECTION' and x.source_id = c.id)""")
                + " order by 2 limit 500")
                .param("program", program.id())
                .query((rs, n) -> new Due(rs.getString(1), rs.getLong(2), rs.getLong(3), (Long) rs.getObject(4),
                        rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getInt(7), 0)).list();
        LocalDate today = LocalDate.now(seller.get().zone());
        for (Due d : due) {
            int back = 0;
            if (d.account() != null && d.earned() > 0 && d.amount().signum() < 0) {
                int taken = jdbc.sql("""
                        select coalesce(-sum(points), 0) from loyalty_earnings
                        where program_id = :program and purchase_id = :purchase""")
                        .param("program", program.id()).param("purchase", d.purchaseId()).query(Integer.class)
                        .single();
                int share = d.purchaseAmount().signum() <= 0 ? d.earned()
                        : d.amount().negate().multiply(BigDecimal.valueOf(d.earned()))
                                .divide(d.purchaseAmount(), 0, RoundingMode.HALF_UP).intValue();
                points.expire(d.account(), today);
                back = Math.min(Math.min(share, d.earned() - taken), points.balance(d.account()));
                if (back > 0) {
                    points.post(d.account(), new Points.Posting(Points.Kind.RETURNED, -back, null, "CORRECTION",
                            d.sourceId(), null, null));
                }
            }
            jdbc.sql("""
                    insert into loyalty_earnings (program_id, source_kind, source_id, purchase_id, account_id, amount,
                                                  points)
                    values (:program, :kind, :id, :purchase, :account, :amount, :points)""")
                    .param("program", program.id()).param("kind", d.sourceKind()).param("id", d.sourceId())
                    .param("purchase", d.purchaseId()).param("account", d.account()).param("amount", d.amount())
                    .param("points", -Math.max(back, 0)).update();
        }
        return due.size();
    }
}
