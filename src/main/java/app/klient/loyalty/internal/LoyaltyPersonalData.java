package app.klient.loyalty.internal;

import java.util.List;

import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.ErasureReport;
import app.klient.platform.privacy.PersonalData;
import app.klient.platform.privacy.PersonalDataExport;
import app.klient.platform.privacy.Redaction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The person's loyalty accounts with their ledger, tiers, rewards and referrals. The ledger stays whole (a balance is
 * derived from it); erasure only takes the person's name out of its reasons and the address off expiry notices.
 */
@Component
class LoyaltyPersonalData implements PersonalData {

    private final JdbcClient jdbc;
    private final Redaction redaction;

    LoyaltyPersonalData(JdbcClient jdbc, Redaction redaction) {
        this.jdbc = jdbc;
        this.redaction = redaction;
    }

    @Override
    public String section() {
        return "loyalty";
    }

    @Override
    public void export(DataSubject subject, PersonalDataExport export) {
        List<Long> accounts = jdbc.sql("select id from loyalty_accounts where contact_id = any(cast(:c as bigint[]))")
                .param("c", subject.contactIds().toArray(Long[]::new)).query(Long.class).list();
        if (accounts.isEmpty()) {
            return;
        }
        export.rows(section(), "accounts", jdbc.sql("""
                select a.id, p.name as program, a.joined_at, a.tier_since, c.code as referral_code
                  from loyalty_accounts a join loyalty_programs p on p.id = a.program_id
                  left join loyalty_referral_codes c on c.account_id = a.id
                 where a.id in (:ids) order by a.id""").param("ids", accounts).query().listOfRows());
        export.rows(section(), "ledger", jdbc.sql("""
                select account_id, kind, points, balance_after, expires_on, cause_kind, cause_id, reason, at,
                       merged_from_company, merged_from_contact, merged_balance_after
                  from loyalty_ledger where account_id in (:ids) order by at, id""")
                .param("ids", accounts).query().listOfRows());
        export.rows(section(), "redemptions", jdbc.sql("""
                select r.account_id, w.name_en as reward, r.points, r.at from loyalty_redemptions r
                  join loyalty_rewards w on w.id = r.reward_id where r.account_id in (:ids) order by r.at""")
                .param("ids", accounts).query().listOfRows());
    }

    @Override
    public void erase(DataSubject subject, ErasureReport report) {
        report.changed("loyalty_expiry_notices", jdbc.sql("""
                update loyalty_expiry_notices set address = null
                 where address is not null and account_id in
                       (select id from loyalty_accounts where contact_id = any(cast(:c as bigint[])))""")
                .param("c", subject.contactIds().toArray(Long[]::new)).update());
        // the ledger refuses changes but inside an erasure (PersonalData#erase, migration V140)
        for (String table : List.of("loyalty_ledger", "loyalty_expiry_notices", "loyalty_tier_changes")) {
            report.changed(table, redaction.scrub(subject, table));
        }
    }
}
