package app.klient.analytics.kpi.service;

import app.klient.analytics.KpiSql;
import app.klient.service.SupportCalendar;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Average first response time: the working hours from a ticket's creation to the first answer an agent sent the
 * customer (internal notes aside), over the tickets first answered within the period.
 */
@Component
class FirstResponseTime extends WorkingTime {

    FirstResponseTime(JdbcClient jdbc, KpiSql sql, SupportCalendar calendar) {
        super(jdbc, sql, calendar);
    }

    @Override
    public String id() {
        return "first-response-time";
    }

    @Override
    String until() {
        return "first_responded_at";
    }
}
