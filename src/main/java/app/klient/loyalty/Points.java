package app.klient.loyalty;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import app.klient.billing.Seller;
import app.klient.platform.InvalidFields;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The points ledger: every change of a customer's balance is one row, written in the caller's transaction (so with
 * its cause) and never changed. The account row is locked while a row is written, so two changes of one balance at
 * the same moment are written one after the other and a debit larger than the balance is refused: of two redemptions
 * of the same points, exactly one wins.
 */
@Service
public class Points {

    /** Why a balance changed. */
    public enum Kind {
        /** Earned by a purchase. */
        EARNED,
        /** Earned by a bonus rule (birthday month, a campaign's products, a first purchase). */
        BONUS,
        /** Earned by recommending a customer, or by being recommended. */
        REFERRAL,
        /** Turned into a reward. */
        REDEEMED,
        /** Ran out of time. */
        EXPIRED,
        /** Taken back: the purchase was corrected or returned. */
        RETURNED,
        /** Changed by hand, with a reason. */
        ADJUSTED
    }

    /** A customer: a company, or a contact (a person of a company or a private customer). */
    public record Customer(Long companyId, Long contactId) {

        public Customer {
            if ((companyId == null) == (contactId == null)) {
                throw new IllegalArgumentException("a customer is a company or a contact");
            }
        }

        public static Customer company(long id) {
            return new Customer(id, null);
        }

        public static Customer contact(long id) {
            return new Customer(null, id);
        }
    }

    /**
     * One change to write: positive points earn (and may expire on a day), negative ones take away. The cause is the
     * record behind it (its kind and id); one row per account, kind and cause, so writing it again does nothing.
     */
    public record Posting(Kind kind, int points, LocalDate expiresOn, String causeKind, Long causeId, String reason,
            Long byUserId) {
    }

    /**
     * A row of the ledger; {@code mergedFromCompany} or {@code mergedFromContact} names the customer (since merged
     * into this one) whose account the row was written on, when a merge moved it here.
     */
    public record Entry(long id, long accountId, Kind kind, int points, int balanceAfter, LocalDate expiresOn,
            String causeKind, Long causeId, String reason, Long byUserId, java.time.Instant at,
            Long mergedFromCompany, Long mergedFromContact) {
    }

    /** Points that expire on a day unless spent first. */
    public record Expiring(LocalDate on, int points) {
    }

    private final JdbcClient jdbc;
    private final org.springframework.beans.factory.ObjectProvider<BalanceChanged> followers;
    private final Seller seller;

    Points(JdbcClient jdbc, org.springframework.beans.factory.ObjectProvider<BalanceChanged> followers,
            Seller seller) {
        this.jdbc = jdbc;
        this.followers = followers;
        this.seller = seller;
    }

    /** Tells the followers (tiers) that these accounts got rows; a writer of many rows at once calls it itself. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void changed(java.util.Collection<Long> accountIds) {
        if (!accountIds.isEmpty()) {
            followers.orderedStream().forEach(f -> f.changed(accountIds));
        }
    }

    /** The customer's account in a program, opened when first needed. */
    @Transactional
    public long account(long programId, Customer customer) {
        String column = customer.companyId() != null ? "company_id" : "contact_id";
        long id = customer.companyId() != null ? customer.companyId() : customer.contactId();
        jdbc.sql("""
                insert into loyalty_accounts (program_id, %1$s) values (:program, :id)
                on conflict (%1$s, program_id) where %1$s is not null do nothing""".formatted(column))
                .param("program", programId).param("id", id).update();
        return jdbc.sql("select id from loyalty_accounts where program_id = :program and %s = :id".formatted(column))
                .param("program", programId).param("id", id).query(Long.class).single();
    }

    /** The balance: the last row's balance, one index read whatever the length of the ledger. */
    @Transactional(readOnly = true)
    public int balance(long accountId) {
        return jdbc.sql("""
                select balance_after from loyalty_ledger where account_id = :account order by id desc limit 1""")
                .param("account", accountId).query(Integer.class).optional().orElse(0);
    }

    /**
     * Writes one row in the caller's transaction, the account locked meanwhile. Empty when the cause already has its
     * row; refused ({@code points}: {@code loyalty.points.notEnough}) when it would take more than the balance. A row
     * that takes points away first lets what is past its day expire, then uses the soonest-expiring earnings
     * ({@code loyalty_allocations}), so what is left of each earning is always known.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Entry> post(long accountId, Posting posting) {
        lock(accountId);
        List<Long> changed = new java.util.ArrayList<>();
        if (posting.points() < 0 && expireDue(accountId, today()) > 0) {
            changed.add(accountId);
        }
        int balance = balance(accountId);
        if (balance + posting.points() < 0) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("points", "loyalty.points.notEnough",
                    balance)));
        }
        Optional<Entry> written = insert(accountId, posting, balance);
        written.ifPresent(e -> {
            if (e.points() < 0) {
                allocate(e.id(), accountId, -e.points());
            }
            if (changed.isEmpty()) {
                changed.add(accountId);
            }
        });
        changed(changed);
        return written;
    }

    /**
     * Lets the account's earnings whose day has passed (before {@code today}) expire: one EXPIRED row per earning,
     * for what is left of it, in the caller's transaction with the account locked. Answers how many rows it wrote.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int expire(long accountId, LocalDate today) {
        lock(accountId);
        int written = expireDue(accountId, today);
        if (written > 0) {
            changed(List.of(accountId));
        }
        return written;
    }

    /** What expires when: the earnings not yet spent nor expired, summed per day, soonest first. */
    @Transactional(readOnly = true)
    public List<Expiring> expiring(long accountId) {
        return jdbc.sql("""
                select l.expires_on, sum(l.points - coalesce(u.used, 0))::int as points
                from loyalty_ledger l
                left join lateral (select sum(a.points) as used from loyalty_allocations a
                                   where a.credit_id = l.id) u on true
                where l.account_id = :account and l.points > 0 and l.expires_on is not null
                  and l.expires_on >= :today and l.points > coalesce(u.used, 0)
                group by l.expires_on order by l.expires_on""")
                .param("account", accountId).param("today", today())
                .query((rs, n) -> new Expiring(rs.getObject(1, LocalDate.class), rs.getInt(2))).list();
    }

    private void lock(long accountId) {
        jdbc.sql("select id from loyalty_accounts where id = :id for update").param("id", accountId)
                .query(Long.class).single();
    }

    private LocalDate today() {
        return LocalDate.now(seller.get().zone());
    }

    private Optional<Entry> insert(long accountId, Posting posting, int balance) {
        return jdbc.sql("""
                insert into loyalty_ledger (account_id, kind, points, balance_after, expires_on, cause_kind, cause_id,
                                            reason, by_user_id)
                values (:account, :kind, :points, :after, :expires, :causeKind, :causeId, :reason, :by)
                on conflict (account_id, kind, cause_kind, cause_id) where cause_kind is not null and kind <> 'ADJUSTED'
                do nothing
                returning id, account_id, kind, points, balance_after, expires_on, cause_kind, cause_id, reason,
                          by_user_id, at, merged_from_company, merged_from_contact""")
                .param("account", accountId).param("kind", posting.kind().name()).param("points", posting.points())
                .param("after", balance + posting.points()).param("expires", posting.expiresOn())
                .param("causeKind", posting.causeKind()).param("causeId", posting.causeId())
                .param("reason", posting.reason()).param("by", posting.byUserId())
                .query(Points::entry).optional();
    }

    /** What is left of each earning of the account, soonest-expiring first (never-expiring last). */
    private List<long[]> unspent(long accountId, LocalDate before) {
        return jdbc.sql("""
                select l.id, l.points - coalesce(u.used, 0) as left_over
                from loyalty_ledger l
                left join lateral (select sum(a.points) as used from loyalty_allocations a
                                   where a.credit_id = l.id) u on true
                where l.account_id = :account and l.points > 0 and l.points > coalesce(u.used, 0)
                  and (cast(:before as date) is null or l.expires_on < :before)
                order by l.expires_on nulls last, l.id""")
                .param("account", accountId).param("before", before)
                .query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) }).list();
    }

    /** Takes {@code points} of a debit row from the earnings, soonest-expiring first. */
    private void allocate(long debitId, long accountId, int points) {
        int due = points;
        for (long[] credit : unspent(accountId, null)) {
            if (due == 0) {
                break;
            }
            int taken = (int) Math.min(due, credit[1]);
            jdbc.sql("insert into loyalty_allocations (debit_id, credit_id, points) values (:debit, :credit, :points)")
                    .param("debit", debitId).param("credit", credit[0]).param("points", taken).update();
            due -= taken;
        }
        if (due != 0) {
            // the balance covered the debit, so its earnings do: anything else is a broken ledger
            throw new IllegalStateException("loyalty account " + accountId + ": " + due + " points of row " + debitId
                    + " found no earning");
        }
    }

    private int expireDue(long accountId, LocalDate today) {
        int written = 0;
        int balance = balance(accountId);
        for (long[] credit : unspent(accountId, today)) {
            int left = (int) credit[1];
            Optional<Entry> row = insert(accountId, new Posting(Kind.EXPIRED, -left, null, "LEDGER", credit[0], null,
                    null), balance);
            if (row.isPresent()) {
                jdbc.sql("insert into loyalty_allocations (debit_id, credit_id, points) values (:d, :c, :p)")
                        .param("d", row.get().id()).param("c", credit[0]).param("p", left).update();
                balance -= left;
                written++;
            }
        }
        return written;
    }

    /** The account's rows, newest first. */
    @Transactional(readOnly = true)
    public Page<Entry> history(long accountId, Pageable page) {
        List<Entry> rows = jdbc.sql("""
                select id, account_id, kind, points, balance_after, expires_on, cause_kind, cause_id, reason,
                       by_user_id, at, merged_from_company, merged_from_contact
                from loyalty_ledger where account_id = :account order by id desc limit :limit offset :offset""")
                .param("account", accountId).param("limit", page.getPageSize()).param("offset", page.getOffset())
                .query(Points::entry).list();
        long total = jdbc.sql("select count(*) from loyalty_ledger where account_id = :account")
                .param("account", accountId).query(Long.class).single();
        return new PageImpl<>(rows, page, total);
    }

    private static Entry entry(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        java.sql.Date expires = rs.getDate("expires_on");
        Timestamp at = rs.getTimestamp("at");
        return new Entry(rs.getLong("id"), rs.getLong("account_id"), Kind.valueOf(rs.getString("kind")),
                rs.getInt("points"), rs.getInt("balance_after"), expires == null ? null : expires.toLocalDate(),
                rs.getString("cause_kind"), (Long) rs.getObject("cause_id"), rs.getString("reason"),
                (Long) rs.getObject("by_user_id"), at.toInstant(), (Long) rs.getObject("merged_from_company"),
                (Long) rs.getObject("merged_from_contact"));
    }
}
