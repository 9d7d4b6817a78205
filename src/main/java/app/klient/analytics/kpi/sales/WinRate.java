package app.klient.analytics.kpi.sales;

import app.klient.analytics.KpiSql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Win rate: of the deals created in the period (the day of creation puts a deal in it) that are closed now, the share
 * won; those still open do not count. Unlike the close rate, it follows a period's new deals to their outcome, so a
 * recent period's figure still changes as its deals close.
 */
@Component
class WinRate extends WonShare {

    WinRate(JdbcClient jdbc, KpiSql sql) {
        super(jdbc, sql, "win-rate", "d.created_at");
    }
}
