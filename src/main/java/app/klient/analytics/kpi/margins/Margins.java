package app.klient.analytics.kpi.margins;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiSql;
import app.klient.platform.KlientException;
import app.klient.platform.Period;
import app.klient.platform.web.CountedPage;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gross margin, counted once for the two KPIs and the margins page: of the invoice lines of invoices and corrections
 * issued in the period (corrections with their sign), the net amount less the product's cost price × the quantity,
 * both in the company currency at the rate of the issue day. A line without a product (a free-text item, a coupon's
 * discount) has no cost; a line of a product without a cost price is left out, net and all, so an unknown cost never
 * passes for a full margin. Filtered by the invoice's salesperson (its owner, and that person's team), the
 * customer's country and segment, the invoice's currency and the line's product.
 */
@Service
public class Margins {

    /** What a breakdown groups by. */
    public enum By {
        INVOICE, CUSTOMER, PRODUCT, SALESPERSON;

        public static By parse(String name) {
            if (name == null || name.isBlank()) {
                return PRODUCT;
            }
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            }
            catch (IllegalArgumentException e) {
                throw KlientException.invalid("margins.by.unknown");
            }
        }
    }

    /** A period's (or a group's) net revenue, cost and margin; {@code rate} is null over no revenue. */
    public record Totals(BigDecimal net, BigDecimal cost) {

        public BigDecimal margin() {
            return net.subtract(cost);
        }

        /** Margin ÷ net × 100 to one decimal. */
        public BigDecimal rate() {
            return net.signum() == 0 ? null
                    : margin().multiply(BigDecimal.valueOf(100)).divide(net, 1, RoundingMode.HALF_UP);
        }
    }

    /**
     * One row of a breakdown: the invoice, customer, product or salesperson, its page, the last issue day of its
     * lines in the period, and its figures.
     */
    public record Row(String key, String name, String href, LocalDate lastDay, BigDecimal net, BigDecimal cost,
            BigDecimal margin, BigDecimal rate) {
    }

    static final String NET = KpiSql.inCompanyCurrency("l.net_amount", "i.currency", "i.issue_date");
    static final String COST = "coalesce(" + KpiSql.inCompanyCurrency("pr.cost_price * l.quantity", "pr.currency",
            "i.issue_date") + ", 0)";

    static final String FROM = """
            from invoice_lines l join invoices i on i.id = l.invoice_id
            join %s on i.issue_date between p.from_day and p.to_day
            left join products pr on pr.id = l.product_id
            left join companies co on co.id = i.company_id
            left join contacts ct on i.company_id is null and ct.id = i.contact_id
            left join users u on u.id = i.owner_id
            where (l.product_id is null or pr.cost_price is not null) and\s""".formatted(KpiSql.PERIODS);

    private final JdbcClient jdbc;
    private final KpiSql sql;

    Margins(JdbcClient jdbc, KpiSql sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    /** What the figures are in. */
    String companyCurrency() {
        return sql.companyCurrency();
    }

    KpiSql.Where where(KpiFilters filters, List<Period> periods) {
        KpiSql.Where where = sql.where(periods);
        sql.owner(where, filters, "i.owner_id");
        sql.country(where, filters, "coalesce(co.country, ct.country)");
        sql.segment(where, filters, "i.contact_id", "i.company_id");
        sql.currency(where, filters, "i.currency");
        sql.product(where, filters, "l.product_id = :kProduct");
        return where.param("kLanguage", LocaleContextHolder.getLocale().getLanguage());
    }

    /** Each period's totals, in order. */
    @Transactional(readOnly = true)
    public List<Totals> totals(KpiFilters filters, List<Period> periods) {
        KpiSql.Where where = where(filters, periods);
        Map<Integer, Totals> found = new HashMap<>();
        jdbc.sql("select p.n, coalesce(sum(" + NET + "), 0), coalesce(sum(" + COST + "), 0) " + FROM + where.sql()
                + " group by p.n").params(where.params())
                .query(rs -> {
                    found.put(rs.getInt(1), new Totals(rs.getBigDecimal(2), rs.getBigDecimal(3)));
                });
        Totals none = new Totals(BigDecimal.ZERO, BigDecimal.ZERO);
        return IntStream.rangeClosed(1, periods.size()).mapToObj(n -> found.getOrDefault(n, none)).toList();
    }

    /** The key, name and page of a group, as SQL over the lines. */
    private static String[] group(By by) {
        return switch (by) {
            case INVOICE -> new String[] { "i.id::text", "max(i.number)", "'/invoices/' || i.id" };
            case CUSTOMER -> new String[] {
                "case when i.company_id is null then 'contact:' || i.contact_id else 'company:' || i.company_id end",
                "max(coalesce(co.name, trim(concat_ws(' ', ct.first_name, ct.last_name)), i.buyer_name))",
                "case when i.company_id is null then '/contacts/' || i.contact_id else '/companies/' || i.company_id end" };
            case PRODUCT -> new String[] { "coalesce(l.product_id::text, '')",
                "max(coalesce(" + KpiSql.productName("pr") + ", ''))", "case when l.product_id is null then null else '/products/' || l.product_id end" };
            case SALESPERSON -> new String[] { "coalesce(i.owner_id::text, '')", "max(u.name)", "null::text" };
        };
    }

    /**
     * The period's margin by invoice, customer, product (named in the reader's language) or salesperson, the largest
     * margin first.
     */
    @Transactional(readOnly = true)
    public CountedPage<Row> breakdown(By by, KpiFilters filters, Period period, Pageable page) {
        KpiSql.Where where = where(filters, List.of(period));
        String[] group = group(by);
        String grouped = "select " + group[0] + " as key, " + group[1] + " as name, " + group[2] + " as href,"
                + " max(i.issue_date) as last_day, coalesce(sum(" + NET + "), 0) as net, coalesce(sum(" + COST
                + "), 0) as cost " + FROM + where.sql()
                + " group by " + (by == By.SALESPERSON ? "1" : "1, 3");
        List<Row> rows = jdbc.sql("select g.* from (" + grouped + ") g order by g.net - g.cost desc, g.key"
                + " limit :kLimit offset :kOffset").params(where.params()).param("kLimit", page.getPageSize())
                .param("kOffset", page.getOffset())
                .query((rs, n) -> {
                    Totals t = new Totals(rs.getBigDecimal(5), rs.getBigDecimal(6));
                    return new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, LocalDate.class), t.net(), t.cost(), t.margin(), t.rate());
                })
                .list();
        return CountedPage.of(rows, page, jdbc, "from (" + grouped + ") g", where.params());
    }
}
