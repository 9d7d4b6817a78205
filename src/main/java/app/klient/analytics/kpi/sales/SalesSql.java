package app.klient.analytics.kpi.sales;

import java.time.ZoneId;
import java.util.List;

import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiSql;
import app.klient.platform.Period;

/**
 * What the sales KPIs' SQL shares: a moment within a period's days in the reader's time zone (written so an index on
 * the moment serves it), and the filters on a deal {@code d} — its owner and the owner's team, pipeline, currency,
 * the company's country and segment, a product among its lines.
 */
final class SalesSql {

    private SalesSql() {
    }

    /** {@code moment} (a timestamp column) falls on one of the days of period {@code p}, in time zone {@code :zone}. */
    static String within(String moment) {
        return moment + " >= cast(p.from_day as timestamp) at time zone :zone and " + moment
                + " < cast(p.to_day + 1 as timestamp) at time zone :zone";
    }

    /** The first moment after period {@code p}'s last day. */
    static final String END = "(cast(p.to_day + 1 as timestamp) at time zone :zone)";

    /** The day of {@code moment} in time zone {@code :zone}. */
    static String day(String moment) {
        return "cast(" + moment + " at time zone :zone as date)";
    }

    /** The periods and the filters on deal {@code d}, with the time zone as {@code :zone}. */
    static KpiSql.Where deals(KpiSql sql, KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = sql.where(periods).param("zone", zone.getId());
        sql.owner(where, filters, "d.owner_id");
        sql.pipeline(where, filters, "d.pipeline_id");
        sql.currency(where, filters, "d.currency");
        sql.country(where, filters, "(select kc.country from companies kc where kc.id = d.company_id)");
        sql.segment(where, filters, null, "d.company_id");
        sql.product(where, filters, "exists (select 1 from deal_lines kl where kl.deal_id = d.id"
                + " and kl.product_id = :kProduct)");
        return where;
    }

    /** A deal's page. */
    static String dealHref(long id) {
        return "/deals/" + id;
    }
}
