package app.klient.analytics.kpi.service;

import app.klient.analytics.KpiSql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * SLA met: of the tickets resolved within the period, the share that met both service targets: never marked as
 * breached, first answered (or, without an answer, resolved) by the first-response target, resolved by the
 * resolution target (which waiting for the customer moves on).
 */
@Component
class SlaMet extends ResolvedShare {

    SlaMet(JdbcClient jdbc, KpiSql sql) {
        super(jdbc, sql);
    }

    @Override
    public String id() {
        return "sla-met";
    }

    @Override
    String condition() {
        return "not t.breached and coalesce(t.first_responded_at, t.resolved_at) <= t.first_response_due_at"
                + " and t.resolved_at <= t.resolution_due_at";
    }
}
