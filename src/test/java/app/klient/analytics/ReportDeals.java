package app.klient.analytics;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deals the report tests count: created on 10 May 2023 in the default pipeline's first stage, closed on 20 June 2023
 * unless open, named with the test's suffix; amounts in AUD at 2.50 PLN, a currency no other test prices.
 */
final class ReportDeals {

    private final JdbcClient jdbc;
    private final String suffix;

    ReportDeals(JdbcClient jdbc, String suffix) {
        this.jdbc = jdbc;
        this.suffix = suffix;
        jdbc.sql("insert into exchange_rates (currency, rate, valid_from) values ('AUD', 2.5, '2001-01-01')"
                + " on conflict (currency, valid_from) do update set rate = excluded.rate").update();
    }

    void deal(long owner, String name, String status, String amount, String currency) {
        jdbc.sql("""
                insert into deals (name, pipeline_id, stage_id, owner_id, amount, currency, status, created_at,
                                   closed_at)
                select :name, p.id, (select s.id from stages s where s.pipeline_id = p.id order by s.position limit 1),
                       :owner, cast(:amount as numeric), :currency, :status, timestamptz '2023-05-10 12:00+02',
                       case when :status <> 'OPEN' then timestamptz '2023-06-20 12:00+02' end
                from pipelines p where p.is_default""")
                .param("name", name + " " + suffix).param("owner", owner).param("amount", amount)
                .param("currency", currency).param("status", status).update();
    }
}
