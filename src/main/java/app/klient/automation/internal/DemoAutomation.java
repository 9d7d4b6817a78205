package app.klient.automation.internal;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import app.klient.identity.Users;
import app.klient.platform.DemoData;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo company's automation: a production team, contract ends on a dozen companies (one of them thirty days
 * away, so the reminder acts on the first day), and the three ready-made rules worded by the company's choices and
 * switched on: a won deal tells production, a complaint about a product alerts it, a contract's end reminds its
 * owner.
 */
@Component
@Order(100)
class DemoAutomation implements DemoData {

    private final JdbcClient jdbc;

    DemoAutomation(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void fill(Faker faker) {
        long production = jdbc.sql("insert into teams (name) values ('Produkcja / Výroba') returning id")
                .query(Long.class).single();
        // the support team's first two people also answer for production
        jdbc.sql("""
                insert into user_teams (user_id, team_id)
                select ut.user_id, :production from user_teams ut join teams t on t.id = ut.team_id
                where t.name = 'Support' order by ut.user_id limit 2""").param("production", production).update();
        LocalDate today = LocalDate.now(ZoneId.of(Users.DEFAULT_TIME_ZONE));
        List<Long> companies = jdbc.sql("select id from companies order by id limit 12").query(Long.class).list();
        for (int i = 0; i < companies.size(); i++) {
            LocalDate end = i == 0 ? today.plusDays(30) : today.plusDays(20 + i * 15L);
            jdbc.sql("""
                    update companies set custom_fields = jsonb_set(custom_fields, '{contractEnd}', to_jsonb(:end::text))
                    where id = :id""").param("end", end.toString()).param("id", companies.get(i)).update();
        }
        jdbc.sql("""
                update automation_rules set enabled = true, fired_at = now(),
                    actions = jsonb_set(actions, '{1,teamId}', to_jsonb(:team::bigint))
                where template_key = 'deal-won'""").param("team", production).update();
        jdbc.sql("""
                update automation_rules set enabled = true, fired_at = now(),
                    actions = jsonb_set(actions, '{0,teamId}', to_jsonb(:team::bigint)),
                    conditions = jsonb_set(conditions, '{items,0,value}', '"Reklamac"')
                where template_key = 'product-complaint'""").param("team", production).update();
        jdbc.sql("update automation_rules set enabled = true, fired_at = now() where template_key = 'contract-end'")
                .update();
    }
}
