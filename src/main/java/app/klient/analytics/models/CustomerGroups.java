package app.klient.analytics.models;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Customer groups: k-means (k from 2 to 8, chosen by the silhouette) on how recently, how often and for how much a
 * customer buys (logarithms, standardized), their ticket load and satisfaction, and their country, industry and size
 * (as 0/1 categories). Each group is kept with its portrait — size, share of revenue, the prevailing country,
 * industry and size, how often and for how much its customers buy, satisfaction, tickets and typical products — told
 * in words in the reader's language when shown.
 */
@Component
class CustomerGroups {

    static final int MIN_CUSTOMERS = 30;
    static final int MAX_TRAINING = 200_000;
    static final int MAX_COUNTRIES = 6;
    static final int MAX_INDUSTRIES = 8;
    static final List<String> SIZES = List.of("MICRO", "SMALL", "MEDIUM", "LARGE", "ENTERPRISE", "PRIVATE");

    /** What a group model keeps. */
    record Body(int window, List<String> features, Learning.Centroids centroids, List<String> countries,
            List<String> industries, List<Portrait> portraits, double[] silhouettes, int firstK) {

        int group(CustomerFeatures.Row row, LocalDate day) {
            return portraitOrder()[centroids.nearest(vector(row, day, window, countries, industries))];
        }

        /** Centroid index → group number (1 = most revenue). */
        int[] portraitOrder() {
            int[] order = new int[centroids.centres().length];
            for (Portrait p : portraits) {
                order[p.centroid()] = p.group();
            }
            return order;
        }
    }

    /**
     * A group as people read it: its number and centroid, how many customers and what share of them and of their
     * revenue, the prevailing country, industry and size with their shares, the median days between purchases, the
     * average invoice, mean satisfaction (null: none answered), tickets a customer a year, typical products (ids).
     */
    record Portrait(int group, int centroid, int customers, double customerShare, double revenueShare,
            String country, double countryShare, String industry, double industryShare, String size,
            double sizeShare, double usualGap, double averageInvoice, Double satisfaction, double ticketsPerYear,
            List<Long> products) {
    }

    private final CustomerFeatures features;
    private final JdbcClient jdbc;

    CustomerGroups(CustomerFeatures features, JdbcClient jdbc) {
        this.features = features;
        this.jdbc = jdbc;
    }

    Models.Outcome train(LocalDate today, int window, long seed) {
        // past MAX_TRAINING customers, a uniform sample of them (reservoir sampling): enough to place the centres
        List<CustomerFeatures.Row> rows = new ArrayList<>();
        long[] seen = { 0 };
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        features.read(today, window, 3 * window, 3 * window, row -> {
            seen[0]++;
            if (rows.size() < MAX_TRAINING) {
                rows.add(row);
            }
            else {
                long slot = random.nextLong(seen[0]);
                if (slot < MAX_TRAINING) {
                    rows.set((int) slot, row);
                }
            }
        });
        if (rows.size() < MIN_CUSTOMERS) {
            return Models.Outcome.tooLittle(rows.size(), 0);
        }
        List<String> countries = top(rows, CustomerFeatures.Row::country, MAX_COUNTRIES);
        List<String> industries = top(rows, CustomerFeatures.Row::industry, MAX_INDUSTRIES);
        List<String> names = names(countries, industries);
        boolean[] categorical = new boolean[names.size()];
        double[] weights = new double[names.size()];
        for (int j = 0; j < categorical.length; j++) {
            categorical[j] = j >= NUMERIC.size();
            weights[j] = categorical[j] ? CATEGORY_WEIGHT : NUMERIC_WEIGHTS[j];
        }
        List<double[]> vectors = new ArrayList<>(rows.size());
        for (CustomerFeatures.Row row : rows) {
            vectors.add(vector(row, today, window, countries, industries));
        }
        Learning.Clustering clustering = Learning.kMeans(names, categorical, weights, vectors, 2, 8, 2_000, seed);
        int k = clustering.centroids().centres().length;
        int[] assigned = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            assigned[i] = clustering.centroids().nearest(vectors.get(i));
        }
        List<Portrait> portraits = portraits(rows, assigned, k, today);
        Body body = new Body(window, names, clustering.centroids(), countries, industries, portraits,
                clustering.silhouettes(), clustering.firstK());
        return new Models.Outcome(true, (int) seen[0], Math.min(rows.size(), 2_000), 0, clustering.silhouette(), body);
    }

    static final List<String> NUMERIC = List.of("recency", "perYear", "averageInvoice", "tickets", "satisfaction");

    /**
     * How much each numeric feature counts: a group is who its customers are and how they usually buy, so how long
     * ago one last bought (which churn risk is about), tickets and satisfaction count half.
     */
    static final double[] NUMERIC_WEIGHTS = { 0.5, 1, 1, 0.5, 0.5 };

    /** A country, industry or size counts one and a half times a standardized figure. */
    static final double CATEGORY_WEIGHT = 1.5;

    private static List<String> names(List<String> countries, List<String> industries) {
        List<String> names = new ArrayList<>(NUMERIC);
        countries.forEach(c -> names.add("country:" + c));
        names.add("country:other");
        industries.forEach(i -> names.add("industry:" + i));
        names.add("industry:other");
        SIZES.forEach(s -> names.add("size:" + s));
        return names;
    }

    static double[] vector(CustomerFeatures.Row row, LocalDate day, int window, List<String> countries,
            List<String> industries) {
        double[] x = new double[NUMERIC.size() + countries.size() + 1 + industries.size() + 1 + SIZES.size()];
        double years = Math.max(0.25, Math.min(row.tenure(day), 3.0 * window) / 365.0);
        x[0] = Math.log1p(row.recency(day));
        x[1] = Math.log1p(row.purchases() / years);
        x[2] = Math.log1p(Math.max(0, row.value()) / Math.max(1, row.purchases()));
        x[3] = Math.log1p((row.recentTickets() + row.earlierTickets()));
        x[4] = row.satisfaction() == null ? 0 : row.satisfaction() - 3;
        int at = NUMERIC.size();
        int c = countries.indexOf(row.country());
        x[at + (c < 0 ? countries.size() : c)] = 1;
        at += countries.size() + 1;
        int i = industries.indexOf(row.industry());
        x[at + (i < 0 ? industries.size() : i)] = 1;
        at += industries.size() + 1;
        x[at + SIZES.indexOf(size(row))] = 1;
        return x;
    }

    static String size(CustomerFeatures.Row row) {
        if ("contact".equals(row.kind())) {
            return "PRIVATE";
        }
        return row.size() == null || !SIZES.contains(row.size()) ? "SMALL" : row.size();
    }

    /** The values of at least one in fifty customers, the most frequent first, at most {@code limit}. */
    private static List<String> top(List<CustomerFeatures.Row> rows,
            java.util.function.Function<CustomerFeatures.Row, String> value, int limit) {
        return Learning.mostFrequent(Learning.counts(rows, value), (rows.size() + 49) / 50, limit);
    }

    private List<Portrait> portraits(List<CustomerFeatures.Row> rows, int[] assigned, int k, LocalDate day) {
        double totalValue = rows.stream().mapToDouble(r -> Math.max(0, r.recentValue())).sum();
        List<Portrait> unordered = new ArrayList<>();
        List<List<Integer>> members = new ArrayList<>();
        for (int g = 0; g < k; g++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < assigned.length; i++) {
            members.get(assigned[i]).add(i);
        }
        Map<Integer, List<Long>> products = products(rows, assigned, day);
        for (int g = 0; g < k; g++) {
            List<CustomerFeatures.Row> in = members.get(g).stream().map(rows::get).toList();
            if (in.isEmpty()) {
                continue;
            }
            Map.Entry<String, Double> country = prevailing(in, CustomerFeatures.Row::country);
            Map.Entry<String, Double> industry = prevailing(in, CustomerFeatures.Row::industry);
            Map.Entry<String, Double> size = prevailing(in, CustomerGroups::size);
            double value = in.stream().mapToDouble(r -> Math.max(0, r.recentValue())).sum();
            double allValue = in.stream().mapToDouble(r -> Math.max(0, r.value())).sum();
            int purchases = in.stream().mapToInt(CustomerFeatures.Row::purchases).sum();
            double[] gaps = in.stream().filter(r -> r.usualGap() != null).mapToDouble(CustomerFeatures.Row::usualGap)
                    .sorted().toArray();
            double[] satisfaction = in.stream().filter(r -> r.satisfaction() != null)
                    .mapToDouble(CustomerFeatures.Row::satisfaction).toArray();
            double tickets = in.stream().mapToInt(r -> r.recentTickets() + r.earlierTickets()).average().orElse(0);
            unordered.add(new Portrait(0, g, in.size(), in.size() / (double) rows.size(),
                    totalValue == 0 ? 0 : value / totalValue, country.getKey(), country.getValue(),
                    industry.getKey(), industry.getValue(), size.getKey(), size.getValue(),
                    gaps.length == 0 ? 0 : gaps[gaps.length / 2], purchases == 0 ? 0 : allValue / purchases,
                    satisfaction.length == 0 ? null : java.util.Arrays.stream(satisfaction).average().orElse(0),
                    tickets, products.getOrDefault(g, List.of())));
        }
        unordered.sort(Comparator.comparingDouble(Portrait::revenueShare).reversed()
                .thenComparing(Comparator.comparingInt(Portrait::customers).reversed()));
        List<Portrait> ordered = new ArrayList<>();
        for (int i = 0; i < unordered.size(); i++) {
            Portrait p = unordered.get(i);
            ordered.add(new Portrait(i + 1, p.centroid(), p.customers(), p.customerShare(), p.revenueShare(),
                    p.country(), p.countryShare(), p.industry(), p.industryShare(), p.size(), p.sizeShare(),
                    p.usualGap(), p.averageInvoice(), p.satisfaction(), p.ticketsPerYear(), p.products()));
        }
        return ordered;
    }

    /** The most frequent value among {@code rows} and the share of them that have it ("" and 0 when none has one). */
    private static Map.Entry<String, Double> prevailing(List<CustomerFeatures.Row> rows,
            java.util.function.Function<CustomerFeatures.Row, String> value) {
        Map<String, Integer> counts = Learning.counts(rows, value);
        return Learning.mostFrequent(counts, 1, 1).stream().findFirst()
                .map(v -> Map.entry(v, counts.get(v) / (double) rows.size())).orElse(Map.entry("", 0.0));
    }

    /** Each group's three products with the most net revenue in the last year. */
    private Map<Integer, List<Long>> products(List<CustomerFeatures.Row> rows, int[] assigned, LocalDate day) {
        String[] kinds = new String[rows.size()];
        Long[] ids = new Long[rows.size()];
        Integer[] groups = new Integer[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            kinds[i] = rows.get(i).kind();
            ids[i] = rows.get(i).id();
            groups[i] = assigned[i];
        }
        Map<Integer, List<Long>> products = new HashMap<>();
        jdbc.sql("""
                with m as (select * from unnest(cast(:kinds as text[]), cast(:ids as bigint[]), cast(:groups as int[]))
                           as m(kind, customer_id, group_no)),
                r as (select m.group_no, l.product_id, sum(l.net_amount) as value,
                             row_number() over (partition by m.group_no order by sum(l.net_amount) desc, l.product_id) as n
                      from invoices i join invoice_lines l on l.invoice_id = i.id
                      join m on m.kind = case when i.company_id is null then 'contact' else 'company' end
                            and m.customer_id = coalesce(i.company_id, i.contact_id)
                      where i.kind = 'INVOICE' and l.product_id is not null and i.issue_date > cast(:day as date) - 365
                      group by m.group_no, l.product_id)
                select group_no, product_id from r where n <= 3 order by group_no, n""")
                .param("kinds", kinds).param("ids", ids).param("groups", groups).param("day", day)
                .query((java.sql.ResultSet rs) -> {
                    products.computeIfAbsent(rs.getInt(1), g -> new ArrayList<>()).add(rs.getLong(2));
                });
        return products;
    }
}
