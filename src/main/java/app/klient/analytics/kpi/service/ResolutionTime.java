package app.klient.analytics.kpi.service;

import app.klient.analytics.KpiSql;
import app.klient.service.SupportCalendar;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Average resolution time: the working hours from a ticket's creation to its resolution, over the tickets resolved
 * within the period (a reopened ticket counts when it is resolved again, from its creation).
 */
@Component
class ResolutionTime extends WorkingTime {

    ResolutionTime(JdbcClient jdbc, KpiSql sql, SupportCalendar calendar) {
        super(jdbc, sql, calendar);
    }

    @Override
    public String id() {
        return "resolution-time";
    }

    @Override
    String until() {
        return "resolved_at";
    }
}
