package app.klient.marketing.attribution;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import app.klient.billing.Revenue;
import app.klient.platform.KlientException;
import app.klient.platform.web.CountedPage;
import app.klient.sales.SalesFacts;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Paid keywords (the UTM term a lead came with) against what they cost: per keyword the leads that came with it in
 * the period, the contacts they became, the customers invoiced with it, the revenue of those invoices (net, company
 * currency, issued in the period), the ad cost imported for it in the period, ROI = (revenue − cost) / cost, and the
 * payback time: the days from its first cost in the period until its revenue so far reached the period's cost.
 */
@Service
public class KeywordReport {

    public static final int MAX_DAYS = 3 * 366;

    /** One keyword's line. {@code paybackDays} is empty when the cost has not come back (yet) or there was none. */
    public record Row(String keyword, long leads, long contacts, long customers, BigDecimal revenue, BigDecimal cost,
            Long clicks, BigDecimal roi, Integer paybackDays, BigDecimal costPerLead) {
    }

    /** The period's totals over every keyword. */
    public record Totals(long leads, long customers, BigDecimal revenue, BigDecimal cost, BigDecimal roi) {
    }

    public record Report(LocalDate from, LocalDate to, String currency, CountedPage<Row> rows, Totals totals,
            List<Row> top) {
    }

    public static final Map<String, Comparator<Row>> SORTS = Map.of(
            "cost", Comparator.comparing(Row::cost),
            "revenue", Comparator.comparing(Row::revenue),
            "leads", Comparator.comparingLong(Row::leads),
            "customers", Comparator.comparingLong(Row::customers),
            "roi", Comparator.comparing(Row::roi, Comparator.nullsFirst(Comparator.naturalOrder())),
            "keyword", Comparator.comparing(Row::keyword));

    private final JdbcClient jdbc;
    private final SalesFacts sales;
    private final Revenue revenue;
    private final String currency;

    KeywordReport(JdbcClient jdbc, SalesFacts sales, Revenue revenue, @Value("${klient.currency:PLN}") String currency) {
        this.jdbc = jdbc;
        this.sales = sales;
        this.revenue = revenue;
        this.currency = currency;
    }

    /** The last 90 days up to today unless a period is given; a period is at most three years. */
    @Transactional(readOnly = true)
    public Report report(LocalDate from, LocalDate to, String sort, int page, int size) {
        LocalDate end = to == null ? LocalDate.now(ZoneOffset.UTC) : to;
        LocalDate start = from == null ? end.minusDays(89) : from;
        if (start.isAfter(end)) {
            throw KlientException.invalid("attribution.period.reversed");
        }
        if (ChronoUnit.DAYS.between(start, end) > MAX_DAYS || start.getYear() < 2000 || end.getYear() > 2100) {
            throw KlientException.invalid("attribution.period.tooLong", MAX_DAYS);
        }
        Comparator<Row> order = order(sort);
        // per keyword: its first day with a cost (where payback time starts), the cost and clicks of the period
        record Spent(LocalDate first, BigDecimal cost, long clicks) {
        }
        Map<String, Spent> costByKeyword = new HashMap<>();
        jdbc.sql("""
                select lower(keyword), min(day) filter (where cost > 0), sum(cost), coalesce(sum(clicks), 0)
                from ad_costs where day >= :from and day <= :to group by 1""")
                .param("from", Date.valueOf(start)).param("to", Date.valueOf(end))
                .query((rs, n) -> Map.entry(rs.getString(1), new Spent(rs.getObject(2, LocalDate.class),
                        rs.getBigDecimal(3), rs.getLong(4))))
                .list().forEach(e -> costByKeyword.put(e.getKey(), e.getValue()));
        Map<String, SalesFacts.KeywordLeads> leads = new HashMap<>();
        for (SalesFacts.KeywordLeads l : sales.leadsByKeyword(start.atStartOfDay(ZoneOffset.UTC).toInstant(),
                end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())) {
            leads.put(l.keyword(), l);
        }
        List<String> keywords = new ArrayList<>(costByKeyword.keySet());
        leads.keySet().stream().filter(k -> !costByKeyword.containsKey(k)).forEach(keywords::add);
        Map<String, NavigableMap<LocalDate, BigDecimal>> revenueByDay = new HashMap<>();
        for (Revenue.KeywordDay d : revenue.byKeywordAndDay(keywords)) {
            if (!d.day().isBefore(start) && !d.day().isAfter(end)) {
                revenueByDay.computeIfAbsent(d.keyword(), k -> new TreeMap<>()).put(d.day(), d.net());
            }
        }
        Map<String, Long> customers = new HashMap<>();
        revenue.customersByKeyword(keywords).forEach(c -> customers.put(c.keyword(), c.customers()));
        List<Row> rows = new ArrayList<>();
        for (String keyword : keywords) {
            Spent spent = costByKeyword.getOrDefault(keyword, new Spent(null, BigDecimal.ZERO, 0));
            NavigableMap<LocalDate, BigDecimal> earned = revenueByDay.getOrDefault(keyword, new TreeMap<>());
            BigDecimal cost = spent.cost();
            BigDecimal income = sum(earned);
            SalesFacts.KeywordLeads came = leads.get(keyword);
            long leadCount = came == null ? 0 : came.leads();
            rows.add(new Row(keyword, leadCount, came == null ? 0 : came.contacts(), customers.getOrDefault(keyword, 0L),
                    income, cost, costByKeyword.containsKey(keyword) ? spent.clicks() : null, roi(income, cost),
                    payback(spent.first(), cost, earned),
                    leadCount == 0 || cost.signum() == 0 ? null
                            : cost.divide(BigDecimal.valueOf(leadCount), 2, RoundingMode.HALF_UP)));
        }
        rows.sort(order);
        BigDecimal totalCost = rows.stream().map(Row::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal totalRevenue = rows.stream().map(Row::revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
        Totals totals = new Totals(rows.stream().mapToLong(Row::leads).sum(),
                rows.stream().mapToLong(Row::customers).sum(), totalRevenue, totalCost, roi(totalRevenue, totalCost));
        int fromIndex = (int) Math.min((long) page * size, rows.size());
        List<Row> items = rows.subList(fromIndex, Math.min(rows.size(), fromIndex + size));
        List<Row> top = rows.stream().sorted(Comparator.comparing(Row::cost).reversed()).limit(10).toList();
        return new Report(start, end, currency, new CountedPage<>(List.copyOf(items), rows.size(), true, page, size,
                null, null, false), totals, top);
    }

    static Comparator<Row> order(String sort) {
        String field = sort == null || sort.isBlank() ? "cost" : sort.split(",")[0].strip();
        Comparator<Row> comparator = SORTS.get(field);
        if (comparator == null || sort != null && sort.split(",").length > 2) {
            throw KlientException.invalid("error.sort", String.join(", ", SORTS.keySet()));
        }
        boolean ascending = sort != null && sort.split(",").length == 2 && sort.split(",")[1].strip().equals("asc");
        if (sort != null && sort.split(",").length == 2 && !ascending && !sort.split(",")[1].strip().equals("desc")) {
            throw KlientException.invalid("error.sort", String.join(", ", SORTS.keySet()));
        }
        if (sort == null || sort.isBlank()) {
            ascending = false;
        }
        else if (sort.split(",").length == 1) {
            ascending = field.equals("keyword");
        }
        Comparator<Row> directed = ascending ? comparator : comparator.reversed();
        return directed.thenComparing(Row::keyword);
    }

    static BigDecimal roi(BigDecimal revenue, BigDecimal cost) {
        return cost.signum() == 0 ? null : revenue.subtract(cost).divide(cost, 4, RoundingMode.HALF_UP);
    }

    /**
     * Days from the first day with a cost until the day the revenue so far first reached the whole cost of the period;
     * empty when it has not (yet) or nothing was spent.
     */
    static Integer payback(LocalDate firstCost, BigDecimal cost, NavigableMap<LocalDate, BigDecimal> earned) {
        if (firstCost == null || cost.signum() == 0) {
            return null;
        }
        BigDecimal income = BigDecimal.ZERO;
        for (Map.Entry<LocalDate, BigDecimal> day : earned.entrySet()) {
            income = income.add(day.getValue());
            if (income.compareTo(cost) >= 0) {
                return (int) Math.max(0, ChronoUnit.DAYS.between(firstCost, day.getKey()));
            }
        }
        return null;
    }

    private static BigDecimal sum(Map<LocalDate, BigDecimal> values) {
        return values.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
