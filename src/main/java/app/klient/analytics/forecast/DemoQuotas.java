package app.klient.analytics.forecast;

import app.klient.analytics.KpiSql;
import app.klient.platform.DemoData;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo salespeople's quotas for this year and the next, so the forecasts page compares something on the first
 * start: a fifth above what each won in an average month of the last year (20,000 at least), more in autumn and less
 * in summer, rounded to thousands; each sales team's quota is its members' together.
 */
@Component
@Order(96)
class DemoQuotas implements DemoData {

    private final JdbcClient jdbc;
    private final KpiSql sql;

    DemoQuotas(JdbcClient jdbc, KpiSql sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    @Override
    public void fill(Faker faker) {
        jdbc.sql("""
                with sellers as (
                    select u.id, coalesce((select sum(%s) / 12 from deals d
                                          where d.owner_id = u.id and d.status = 'WON'
                                            and d.closed_at >= now() - interval '12 months'), 0) as monthly
                    from users u where u.role = 'SALES' and u.active),
                months as (
                    select cast(m as date) as month from generate_series(date_trunc('year', current_date),
                        date_trunc('year', current_date) + interval '23 months', interval '1 month') m)
                insert into sales_quotas (user_id, month, amount)
                select s.id, m.month, round(greatest(20000, s.monthly * 1.2)
                    * case when extract(month from m.month) in (9, 10, 11) then 1.2
                           when extract(month from m.month) in (7, 8) then 0.8 else 1 end, -3)
                from sellers s cross join months m""".formatted(KpiSql.inCompanyCurrency("d.amount", "d.currency",
                "cast(d.closed_at as date)")))
                .param("kCompanyCurrency", sql.companyCurrency()).update();
        jdbc.sql("""
                insert into sales_quotas (team_id, month, amount)
                select ut.team_id, q.month, sum(q.amount) from sales_quotas q
                join user_teams ut on ut.user_id = q.user_id
                group by ut.team_id, q.month""").update();
    }
}
