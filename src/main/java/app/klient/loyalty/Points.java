package app.klient.loyalty;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

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

    /** A row of the ledger. */
    public record Entry(long id, long accountId, Kind kind, int points, int balanceAfter, LocalDate expiresOn,
            String causeKind, Long causeId, String reason, Long byUserId, java.time.Instant at) {
    }

    private final JdbcClient jdbc;
    private final org.springframework.beans.factory.ObjectProvider<BalanceChanged> followers;

    Points(JdbcClient jdbc, org.springframework.beans.factory.ObjectProvider<BalanceChanged> followers) {
        this.jdbc = jdbc;
        this.followers = followers;
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
     * row; refused ({@code points}: {@code loyalty.points.notEnough}) when it would take more than the balance.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Entry> post(long accountId, Posting posting) {
        jdbc.sql("select id from loyalty_accounts where id = :id for update").param("id", accountId)
                .query(Long.class).single();
        int balance = balance(accountId);
        if (balance + posting.points() < 0) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("points", "loyalty.points.notEnough",
                    balance)));
        }
        Optional<Entry> written = jdbc.sql("""
                insert into loyalty_ledger (account_id, kind, points, balance_after, expires_on, cause_kind, cause_id,
                                            reason, by_user_id)
                values (:account, :kind, :points, :after, :expires, :causeKind, :causeId, :reason, :by)
                on conflict (account_id, kind, cause_kind, cause_id) where cause_kind is not null and kind <> 'ADJUSTED'
                do nothing
                returning id, account_id, kind, points, balance_after, expires_on, cause_kind, cause_id, reason,
                          by_user_id, at""")
                .param("account", accountId).param("kind", posting.kind().name()).param("points", posting.points())
                .param("after", balance + posting.points()).param("expires", posting.expiresOn())
                .param("causeKind", posting.causeKind()).param("causeId", posting.causeId())
                .param("reason", posting.reason()).param("by", posting.byUserId())
                .query(Points::entry).optional();
        written.ifPresent(e -> changed(List.of(accountId)));
        return written;
    }

    /** The account's rows, newest first. */
    @Transactional(readOnly = true)
    public Page<Entry> history(long accountId, Pageable page) {
        List<Entry> rows = jdbc.sql("""
                select id, account_id, kind, points, balance_after, expires_on, cause_kind, cause_id, reason,
                       by_user_id, at
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
                (Long) rs.getObject("by_user_id"), at.toInstant());
    }
}
