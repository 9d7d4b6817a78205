package app.klient.analytics.kpi.service;

import java.time.LocalDate;
import java.util.List;

import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiRecord;
import app.klient.analytics.KpiSql;
import app.klient.analytics.KpiUnit;
import app.klient.platform.Period;

/**
 * What the service KPIs share: a ticket's filters (its assignee as owner and the assignee's team, the contact's
 * segment, the customer's country, the product it is about) and the moments that bound a period of days in the
 * reader's time zone ({@code :kZone}).
 */
final class TicketSql {

    /** The first moment of the period's first day. */
    static final String STARTS = "cast(p.from_day as timestamp) at time zone :kZone";

    /** The first moment after the period's last day. */
    static final String ENDS = "cast(p.to_day + 1 as timestamp) at time zone :kZone";

    /** The customer's country: the company's, or the contact's for a ticket without a company. */
    static final String COUNTRY = "coalesce((select kco.country from companies kco where kco.id = t.company_id),"
            + " (select kc.country from contacts kc where kc.id = t.contact_id))";

    private TicketSql() {
    }

    /** {@code moment} (a column of {@code t}) within the period. */
    static String within(String moment) {
        return moment + " >= " + STARTS + " and " + moment + " < " + ENDS;
    }

    static KpiSql.Where where(KpiSql sql, KpiFilters filters, List<Period> periods, java.time.ZoneId zone) {
        KpiSql.Where where = sql.where(periods).param("kZone", zone.getId());
        sql.owner(where, filters, "t.assignee_id");
        sql.segment(where, filters, "t.contact_id", "t.company_id");
        sql.country(where, filters, COUNTRY);
        sql.product(where, filters, "t.product_id = :kProduct");
        return where;
    }

    /** A ticket as a drill-down lists it: its number and subject, the day that counted it, a value and a note. */
    static KpiRecord record(long id, String number, String subject, LocalDate day, java.math.BigDecimal value,
            KpiUnit unit, String noteKey, Object noteArgument) {
        return new KpiRecord("kpi.record.ticket", id, number + " " + subject, "/tickets/" + id, day, value, unit,
                noteKey, noteArgument);
    }
}
