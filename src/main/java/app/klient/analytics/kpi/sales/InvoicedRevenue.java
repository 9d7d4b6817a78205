package app.klient.analytics.kpi.sales;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import app.klient.analytics.Kpi;
import app.klient.analytics.KpiDimension;
import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiGroup;
import app.klient.analytics.KpiRecord;
import app.klient.analytics.KpiSql;
import app.klient.analytics.KpiUnit;
import app.klient.analytics.Measure;
import app.klient.platform.Period;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Revenue: the net amounts of the invoices and corrections (a correction's net is its difference, usually negative)
 * issued in the period (the issue date puts a document in it), each in the company currency at the rate of its issue
 * date. Filtered by the invoice's owner (and team), the currency of the document, the customer's country and
 * segment; with a product, only that product's lines count. A document in a currency without a rate is left out.
 */
@Component
class InvoicedRevenue implements Kpi {

    private final JdbcClient jdbc;
    private final KpiSql sql;

    InvoicedRevenue(JdbcClient jdbc, KpiSql sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    @Override
    public String id() {
        return "revenue";
    }

    @Override
    public KpiGroup group() {
        return KpiGroup.SALES;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.MONEY;
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return EnumSet.of(KpiDimension.OWNER, KpiDimension.TEAM, KpiDimension.CURRENCY, KpiDimension.COUNTRY,
                KpiDimension.SEGMENT, KpiDimension.PRODUCT);
    }

    private KpiSql.Where where(KpiFilters filters, List<Period> periods) {
        KpiSql.Where where = sql.where(periods);
        sql.owner(where, filters, "i.owner_id");
        sql.currency(where, filters, "i.currency");
        sql.country(where, filters, "coalesce((select kc.country from companies kc where kc.id = i.company_id),"
                + " (select kc.country from contacts kc where kc.id = i.contact_id))");
        sql.segment(where, filters, "i.contact_id", "i.company_id");
        sql.product(where, filters, "exists (select 1 from invoice_lines kl where kl.invoice_id = i.id"
                + " and kl.product_id = :kProduct)");
        return where;
    }

    /** The document's net in the company currency: all of it, or with a product filter that product's lines. */
    private static String amount(KpiFilters filters) {
        String net = filters.productId() == null ? "i.net_total"
                : "(select sum(kl.net_amount) from invoice_lines kl where kl.invoice_id = i.id"
                        + " and kl.product_id = :kProduct)";
        return KpiSql.inCompanyCurrency(net, "i.currency", "i.issue_date");
    }

    private static final String FROM = "from invoices i join " + KpiSql.PERIODS
            + " on i.issue_date between p.from_day and p.to_day where ";

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = where(filters, periods);
        Map<Integer, Measure> found = KpiSql.byNumber();
        jdbc.sql("select p.n, coalesce(sum(" + amount(filters) + "), 0) " + FROM + where.sql() + " group by p.n")
                .params(where.params())
                .query(rs -> {
                    found.put(rs.getInt(1), Measure.of(rs.getBigDecimal(2)));
                });
        return KpiSql.inOrder(periods.size(), found, Measure.of(BigDecimal.ZERO));
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        KpiSql.Where where = where(filters, List.of(period));
        String from = FROM + where.sql() + " and " + amount(filters) + " is not null";
        List<KpiRecord> rows = jdbc.sql("select i.id, i.number, i.issue_date, " + amount(filters)
                + ", i.kind, i.buyer_name " + from
                + " order by i.issue_date desc, i.id desc limit :kLimit offset :kOffset")
                .params(where.params())
                .param("kLimit", page.getPageSize()).param("kOffset", page.getOffset())
                .query((rs, n) -> new KpiRecord("kpi.record.invoice." + rs.getString(5), rs.getLong(1),
                        rs.getString(2), "/invoices/" + rs.getLong(1), rs.getObject(3, LocalDate.class),
                        rs.getBigDecimal(4).setScale(2, RoundingMode.HALF_UP), KpiUnit.MONEY, "kpi.revenue.note",
                        rs.getString(6)))
                .list();
        return CountedPage.of(rows, page, jdbc, from, where.params());
    }
}
