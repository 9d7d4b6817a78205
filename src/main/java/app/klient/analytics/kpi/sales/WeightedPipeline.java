package app.klient.analytics.kpi.sales;

import app.klient.analytics.KpiSql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Weighted pipeline: the deals open at the end of the period, each amount (in the company currency) times its stage's
 * probability. See {@link OpenPipeline}.
 */
@Component
class WeightedPipeline extends OpenPipeline {

    WeightedPipeline(JdbcClient jdbc, KpiSql sql) {
        super(jdbc, sql, true);
    }

    @Override
    public String id() {
        return "weighted-pipeline";
    }
}
