package app.klient.analytics.kpi.sales;

import app.klient.analytics.KpiSql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Close rate: of the deals closed in the period (won or lost, the day of closing puts a deal in it), the share won.
 * A deal reopened since is open and no longer counts. Unlike the win rate, it looks at what was decided in the period,
 * whenever the deals were created.
 */
@Component
class CloseRate extends WonShare {

    CloseRate(JdbcClient jdbc, KpiSql sql) {
        super(jdbc, sql, "close-rate", "d.closed_at");
    }
}
