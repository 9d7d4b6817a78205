package app.klient.loyalty.internal;

import app.klient.customers.CustomerType;
import app.klient.customers.CustomersMerged;
import app.klient.loyalty.Points;
import app.klient.platform.KlientException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A merged customer's loyalty accounts follow the survivor. In a program where the survivor has no account, the
 * account simply changes hands. Where both have one, the merged account is folded into the survivor's, as a loyalty
 * card is merged: its ledger rows, earnings (with their allocations, which point at ledger rows), redemptions, tier
 * history and referrals move over, each moved ledger row remembering the account and customer it was written for and
 * the balance it showed there; the survivor's running balance is counted again in id order, so the balance is the
 * sum and every earning keeps its own expiry. The survivor keeps its referral code and its tier, which is then
 * recomputed; the emptied account is removed. Runs inside the merge's transaction, with
 * {@code klient.merging_customers} on, which is when the ledger lets a row change account.
 */
@Component
class MergedLoyaltyRows {

    private final JdbcClient jdbc;
    private final Points points;

    MergedLoyaltyRows(JdbcClient jdbc, Points points) {
        this.jdbc = jdbc;
        this.points = points;
    }

    @EventListener
    void on(CustomersMerged merged) {
        String column = merged.column();
        Set<Long> folded = new LinkedHashSet<>();
        for (long mergedId : merged.mergedIds()) {
            record Account(long id, long programId) {
            }
            List<Account> accounts = jdbc.sql("select id, program_id from loyalty_accounts where " + column
                    + " = :id order by id for update").param("id", mergedId)
                    .query((rs, n) -> new Account(rs.getLong(1), rs.getLong(2))).list();
            for (Account account : accounts) {
                Optional<Long> survivor = jdbc.sql("select id from loyalty_accounts where program_id = :program and "
                        + column + " = :survivor for update").param("program", account.programId())
                        .param("survivor", merged.survivorId()).query(Long.class).optional();
                if (survivor.isEmpty()) {
                    jdbc.sql("update loyalty_accounts set " + column + " = :survivor, version = version + 1"
                            + " where id = :id").param("survivor", merged.survivorId()).param("id", account.id())
                            .update();
                }
                else {
                    fold(account.id(), survivor.get(), account.programId(), merged.kind(), mergedId);
                    folded.add(survivor.get());
                }
            }
        }
        points.changed(new ArrayList<>(folded));
    }

    /** Moves everything of account {@code from} to {@code into} (same program) and removes {@code from}. */
    private void fold(long from, long into, long programId, CustomerType kind, long customerId) {
        boolean sameCause = jdbc.sql("""
                select exists (select 1 from loyalty_ledger f join loyalty_ledger i
                                 on i.account_id = :into and i.kind = f.kind and i.cause_kind = f.cause_kind
                                and i.cause_id = f.cause_id
                               where f.account_id = :from and f.cause_kind is not null and f.kind <> 'ADJUSTED')""")
                .param("from", from).param("into", into).query(Boolean.class).single();
        if (sameCause) {
            String program = jdbc.sql("select name from loyalty_programs where id = :id").param("id", programId)
                    .query(String.class).single();
            throw KlientException.conflict("duplicates.merge.loyaltyTwice", program);
        }
        jdbc.sql("""
                update loyalty_ledger set account_id = :into,
                       merged_from_account = coalesce(merged_from_account, :from),
                       merged_from_company = case when merged_from_account is null then :company
                                                  else merged_from_company end,
                       merged_from_contact = case when merged_from_account is null then :contact
                                                  else merged_from_contact end,
                       merged_balance_after = coalesce(merged_balance_after, balance_after)
                where account_id = :from""")
                .param("into", into).param("from", from)
                .param("company", kind == CustomerType.COMPANY ? customerId : null)
                .param("contact", kind == CustomerType.CONTACT ? customerId : null).update();
        // the balance after each row is now both accounts' points up to it; a row whose figure changes keeps the
        // one it showed before in merged_balance_after
        jdbc.sql("""
                update loyalty_ledger l
                   set merged_balance_after = coalesce(l.merged_balance_after, l.balance_after),
                       balance_after = r.running
                from (select id, sum(points) over (order by id) as running from loyalty_ledger
                      where account_id = :into) r
                where l.id = r.id and l.balance_after <> r.running""").param("into", into).update();
        jdbc.sql("update loyalty_earnings set account_id = :into where account_id = :from")
                .param("into", into).param("from", from).update();
        jdbc.sql("update loyalty_redemptions set account_id = :into where account_id = :from")
                .param("into", into).param("from", from).update();
        jdbc.sql("update loyalty_tier_changes set account_id = :into where account_id = :from")
                .param("into", into).param("from", from).update();
        jdbc.sql("""
                update loyalty_expiry_notices n set account_id = :into where account_id = :from
                and not exists (select 1 from loyalty_expiry_notices o
                                where o.account_id = :into and o.expires_on = n.expires_on)""")
                .param("into", into).param("from", from).update();
        jdbc.sql("delete from loyalty_expiry_notices where account_id = :from").param("from", from).update();
        // referrals: one between the two is no referral any more; the survivor keeps its own if it was referred too
        jdbc.sql("""
                delete from loyalty_referrals where (referrer_account_id = :from and referred_account_id = :into)
                                                 or (referrer_account_id = :into and referred_account_id = :from)""")
                .param("into", into).param("from", from).update();
        jdbc.sql("update loyalty_referrals set referrer_account_id = :into where referrer_account_id = :from")
                .param("into", into).param("from", from).update();
        jdbc.sql("""
                update loyalty_referrals set referred_account_id = :into where referred_account_id = :from
                and not exists (select 1 from loyalty_referrals o where o.referred_account_id = :into)""")
                .param("into", into).param("from", from).update();
        jdbc.sql("delete from loyalty_referrals where referred_account_id = :from").param("from", from).update();
        jdbc.sql("delete from loyalty_referral_codes where account_id = :from").param("from", from).update();
        jdbc.sql("delete from loyalty_accounts where id = :from").param("from", from).update();
    }
}
