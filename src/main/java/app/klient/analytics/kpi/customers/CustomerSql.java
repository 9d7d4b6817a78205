package app.klient.analytics.kpi.customers;

import java.util.List;

import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiSql;
import app.klient.platform.Period;

/**
 * The customer of an invoice as every customer KPI reads it: the company invoiced, or (an invoice without a company)
 * the private customer, a contact. A purchase is an invoice (corrections aside: a correction amends a purchase, it
 * is none); revenue is net, invoices and corrections with their sign, in the company currency at the rate of the
 * issue day. Filters by the customer's owner (and that owner's team), country and segment.
 */
final class CustomerSql {

    /** The customer's kind ({@code company} or {@code contact}) and id, on {@code invoices i}. */
    static final String KIND = "case when i.company_id is null then 'contact' else 'company' end";
    static final String ID = "coalesce(i.company_id, i.contact_id)";

    /** One row per customer and day with a purchase, and the customer's next purchase day. */
    static final String PURCHASE_DAYS = """
            select kind, customer_id, day, lead(day) over (partition by kind, customer_id order by day) as next_day
            from (select distinct %s as kind, %s as customer_id, i.issue_date as day from invoices i
                  where i.kind = 'INVOICE' and coalesce(i.company_id, i.contact_id) is not null) d"""
            .formatted(KIND, ID);

    /** The customer's row as {@code co} (a company) or {@code ct} (a private customer), for {@code g.kind, g.customer_id}. */
    static final String JOIN_CUSTOMER = " left join companies co on g.kind = 'company' and co.id = g.customer_id"
            + " left join contacts ct on g.kind = 'contact' and ct.id = g.customer_id";

    static final String NAME = "coalesce(co.name, trim(concat_ws(' ', ct.first_name, ct.last_name)))";

    /** Net revenue of {@code invoices i} in the company currency. */
    static final String NET = KpiSql.inCompanyCurrency("i.net_total", "i.currency", "i.issue_date");

    private CustomerSql() {
    }

    /** The periods, and the filters on the customer joined by {@link #JOIN_CUSTOMER}. */
    static KpiSql.Where where(KpiSql sql, KpiFilters filters, List<Period> periods) {
        KpiSql.Where where = sql.where(periods);
        sql.owner(where, filters, "coalesce(co.owner_id, ct.owner_id)");
        sql.country(where, filters, "coalesce(co.country, ct.country)");
        sql.segment(where, filters, "ct.id", "co.id");
        return where;
    }

    static String recordKind(String kind) {
        return "kpi.record." + kind;
    }

    static String href(String kind, long id) {
        return ("company".equals(kind) ? "/companies/" : "/contacts/") + id;
    }
}
