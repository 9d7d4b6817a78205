package app.klient.analytics.kpi.sales;

import app.klient.analytics.KpiSql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Pipeline value: the amounts of the deals open at the end of the period, in the company currency. See
 * {@link OpenPipeline}.
 */
@Component
class PipelineValue extends OpenPipeline {

    PipelineValue(JdbcClient jdbc, KpiSql sql) {
        super(jdbc, sql, false);
    }

    @Override
    public String id() {
        return "pipeline-value";
    }
}
