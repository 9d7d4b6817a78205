package app.klient.analytics.kpi.service;

import app.klient.analytics.KpiSql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * First-contact resolution rate: of the tickets resolved within the period, the share resolved with one answer of an
 * agent and no word of the customer after it, never reopened (the ticket's own mark, set when it is resolved).
 */
@Component
class FirstContactResolution extends ResolvedShare {

    FirstContactResolution(JdbcClient jdbc, KpiSql sql) {
        super(jdbc, sql);
    }

    @Override
    public String id() {
        return "first-contact-resolution";
    }

    @Override
    String condition() {
        return "t.first_contact_resolution";
    }
}
