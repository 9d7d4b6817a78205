package app.klient.generator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Customers with known structure, for proving that the analytics models find it: four groups of companies that differ
 * in country, industry, size, how often and how much they buy, what they buy and how many tickets they open; churners
 * whose purchase intervals lengthen and whose complaints grow before they stop; closed leads whose outcome follows
 * their source, campaign source, country and job title. Everything follows from the seed; {@link Truth} says what was
 * planted. Written with {@code COPY}, so a million customers take minutes.
 */
public final class PlantedCustomers {

    private static final Logger log = LoggerFactory.getLogger(PlantedCustomers.class);

    /**
     * What was planted: each company's group (0–3), the companies that churn, and each closed lead's outcome (true:
     * converted).
     */
    public record Truth(Map<Long, Integer> groupOfCompany, Set<Long> churners, Map<Long, Boolean> leadConverts) {
    }

    private record Group(String country, String industry, String size, int intervalDays, int netPln,
            int[] products, double ticketsPerHalfYear) {
    }

    private static final List<Group> GROUPS = List.of(
            new Group("PL", "Manufacturing", "MEDIUM", 90, 42_000, new int[] { 0, 1 }, 0.4),
            new Group("CZ", "Retail", "SMALL", 30, 3_000, new int[] { 2, 3 }, 0.2),
            new Group("PL", "IT services", "MICRO", 180, 8_000, new int[] { 4 }, 0.6),
            new Group("DE", "Logistics", "LARGE", 60, 120_000, new int[] { 5, 6 }, 0.9));
    private static final double[] GROUP_SHARES = { 0.35, 0.30, 0.20, 0.15 };
    private static final double CHURNER_SHARE = 0.35;

    private static final String[][] PRODUCTS = {
        { "PLANTED-A", "Hydraulic press parts", "PRODUCT", "pcs" }, { "PLANTED-B", "Machining service", "SERVICE", "h" },
        { "PLANTED-C", "Shop shelving", "PRODUCT", "pcs" }, { "PLANTED-D", "Till rolls", "PRODUCT", "box" },
        { "PLANTED-E", "Software licence", "SERVICE", "pcs" }, { "PLANTED-F", "Pallet racking", "PRODUCT", "pcs" },
        { "PLANTED-G", "Fleet telematics", "SERVICE", "mo" }, { "PLANTED-H", "Spare parts kit", "PRODUCT", "pcs" } };

    private PlantedCustomers() {
    }

    /** Writes `customers` companies with three years of invoices (and lines, products), tickets, and `leads` closed leads, today = `today`. */
    public static Truth fill(DataSource dataSource, int customers, int leads, long seed, LocalDate today) {
        if (customers < 1 || leads < 0) {
            throw new IllegalArgumentException("at least one customer and no negative number of leads");
        }
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            List<Long> owners = salespeople(connection);
            long[] products = products(connection);
            long firstCompany = nextId(connection, "companies");
            long firstInvoice = nextId(connection, "invoices");
            long firstLine = nextId(connection, "invoice_lines");
            long firstTicket = nextId(connection, "tickets");
            long firstLead = nextId(connection, "leads");
            int todayDay = (int) today.toEpochDay();
            List<String> restore = new ArrayList<>();
            for (String table : TABLES) {
                restore.addAll(setAside(connection, table));
            }

            Map<Long, Integer> groups = new HashMap<>(customers * 2);
            Set<Long> churners = new HashSet<>();
            try (Copy copy = new Copy(connection, "copy companies (id, name, country, industry, size, email, "
                    + "billing_city, billing_country, owner_id, lifecycle_stage, search_text, created_at, updated_at) "
                    + "from stdin")) {
                for (int i = 0; i < customers; i++) {
                    Plan plan = plan(seed, i, todayDay);
                    long id = firstCompany + i;
                    groups.put(id, plan.group);
                    if (plan.churner) {
                        churners.add(id);
                    }
                    String name = "Planted customer " + (i + 1) + switch (plan.country) {
                        case "CZ" -> " s.r.o.";
                        case "DE" -> " GmbH";
                        default -> " sp. z o.o.";
                    };
                    String email = "office" + (i + 1) + "@planted.klient.test";
                    String created = timestamp(plan.purchases[0] - 20);
                    copy.add(id).add(name).add(plan.country).add(plan.industry).add(plan.size).add(email)
                            .add(city(plan.country)).add(plan.country).add(owners.get(i % owners.size()))
                            .add("CUSTOMER").add((name + " " + email + " " + city(plan.country)).toLowerCase())
                            .add(created).add(created).row();
                }
            }
            long t = lap("companies", customers, started);

            long invoices = 0;
            long lines = 0;
            try (Copy copy = new Copy(connection, "copy invoices (id, number, kind, company_id, owner_id, language, "
                    + "currency, issue_date, sale_date, due_date, payment_method, seller_name, seller_tax_id, "
                    + "seller_country, buyer_name, buyer_country, net_total, tax_total, gross_total, paid_total, "
                    + "paid_at, created_at) from stdin")) {
                for (int i = 0; i < customers; i++) {
                    Plan plan = plan(seed, i, todayDay);
                    String buyer = "Planted customer " + (i + 1);
                    for (int k = 0; k < plan.purchases.length; k++) {
                        long id = firstInvoice + invoices++;
                        int day = plan.purchases[k];
                        long net = Arrays.stream(plan.lineNets[k]).sum();
                        long tax = Math.round(net * 0.23);
                        copy.add(id).add("PL/" + id).add("INVOICE").add(firstCompany + i)
                                .add(owners.get(i % owners.size())).add("PL".equals(plan.country) ? "pl" : "en")
                                .add("PLN").add(date(day)).add(date(day)).add(date(day + 14)).add("TRANSFER")
                                .add("Klient Planted sp. z o.o.").add("5250000000").add("PL").add(buyer)
                                .add(plan.country).add(money(net)).add(money(tax)).add(money(net + tax))
                                .add(money(net + tax)).add(timestamp(Math.min(day + 10, todayDay)))
                                .add(timestamp(day)).row();
                    }
                }
            }
            t = lap("invoices", invoices, t);

            try (Copy copy = new Copy(connection, "copy invoice_lines (id, invoice_id, position, product_id, "
                    + "description, quantity, unit, unit_price, discount_percent, tax_rate, net_amount) from stdin")) {
                long invoice = firstInvoice;
                for (int i = 0; i < customers; i++) {
                    Plan plan = plan(seed, i, todayDay);
                    for (int k = 0; k < plan.purchases.length; k++, invoice++) {
                        for (int l = 0; l < plan.lineNets[k].length; l++) {
                            int product = plan.lineProducts[k][l];
                            int quantity = plan.lineQuantities[k][l];
                            copy.add(firstLine + lines++).add(invoice).add(l + 1).add(products[product])
                                    .add(PRODUCTS[product][1]).add(quantity).add(PRODUCTS[product][3])
                                    .add(money(plan.lineNets[k][l] / quantity)).add("0").add("23")
                                    .add(money(plan.lineNets[k][l])).row();
                        }
                    }
                }
            }
            t = lap("invoice lines", lines, t);

            long tickets = 0;
            try (Copy copy = new Copy(connection, "copy tickets (id, number, subject, company_id, channel, category, "
                    + "priority, status, created_at, updated_at, first_response_due_at, resolution_due_at, "
                    + "resolution_minutes, used_minutes, first_responded_at, resolved_at, closed_at) from stdin")) {
                for (int i = 0; i < customers; i++) {
                    Plan plan = plan(seed, i, todayDay);
                    for (int k = 0; k < plan.ticketDays.length; k++) {
                        long id = firstTicket + tickets++;
                        int day = plan.ticketDays[k];
                        boolean complaint = plan.complaints[k];
                        String opened = timestamp(day);
                        copy.add(id).add("PLT-" + id)
                                .add(complaint ? "Complaint about the last delivery" : "Question about an invoice")
                                .add(firstCompany + i).add(complaint ? "PHONE" : "EMAIL")
                                .add(complaint ? "Complaint" : "Question").add(complaint ? "HIGH" : "NORMAL")
                                .add("CLOSED").add(opened).add(timestamp(day + 2)).add(timestamp(day, 4))
                                .add(timestamp(day + 1)).add(1440).add(complaint ? 600 : 120)
                                .add(timestamp(day, 2)).add(timestamp(day + 1)).add(timestamp(day + 2)).row();
                    }
                }
            }
            t = lap("tickets", tickets, t);

            Map<Long, Boolean> converts = new HashMap<>(leads * 2);
            int fresh = leads == 0 ? 0 : Math.max(1, leads / 50);
            try (Copy copy = new Copy(connection, "copy leads (id, first_name, last_name, email, company_name, "
                    + "job_title, source, utm_source, utm_medium, country, status, disqualified_reason, owner_id, "
                    + "converted_at, search_text, created_at, updated_at) from stdin")) {
                SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
                for (int j = 0; j < leads + fresh; j++) {
                    long id = firstLead + j;
                    boolean closed = j < leads;
                    int created = closed ? todayDay - 1095 + random.nextInt(1095 - 30) : todayDay - random.nextInt(30);
                    Lead lead = lead(random);
                    String status = "NEW";
                    String converted = null;
                    String reason = null;
                    int updated = created;
                    if (closed) {
                        boolean converts1 = random.nextDouble() < 1 / (1 + Math.exp(-lead.logOdds(random)));
                        converts.put(id, converts1);
                        updated = Math.min(created + 3 + random.nextInt(40), todayDay);
                        status = converts1 ? "CONVERTED" : "DISQUALIFIED";
                        converted = converts1 ? timestamp(updated) : null;
                        reason = converts1 ? null : "No budget";
                    }
                    String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
                    String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
                    String email = "lead" + (j + 1) + "@prospect" + (j % 997) + ".test";
                    String company = "Prospect " + (j + 1);
                    copy.add(id).add(first).add(last).add(email).add(company).add(lead.jobTitle).add(lead.source)
                            .add(lead.utmSource).add(lead.utmSource == null ? null : "referral").add(lead.country)
                            .add(status).add(reason).add(owners.get(j % owners.size())).add(converted)
                            .add((first + " " + last + " " + email + " " + company).toLowerCase())
                            .add(timestamp(created)).add(timestamp(updated)).row();
                }
            }
            t = lap("leads", leads + fresh, t);

            try (Statement statement = connection.createStatement()) {
                statement.execute("set local maintenance_work_mem = '512MB'");
                for (String sql : restore) {
                    statement.execute(sql);
                }
            }
            t = lap("indexes, foreign keys and triggers back", 0, t);
            for (String table : TABLES) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("select setval(pg_get_serial_sequence('" + table + "', 'id'), "
                            + "(select coalesce(max(id), 1) from " + table + "))");
                }
            }
            connection.commit();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("analyze companies, invoices, invoice_lines, tickets, leads");
            }
            lap("commit and analyze", 0, t);
            return new Truth(groups, churners, converts);
        }
        catch (SQLException | IOException e) {
            throw new IllegalStateException("Writing the planted customers failed", e);
        }
    }

    private static final String[] TABLES = { "companies", "invoices", "invoice_lines", "tickets", "leads" };

    /**
     * Sets a table's secondary indexes, foreign keys and triggers aside for the copy, as PostgreSQL's manual advises
     * for populating a database: an index built once over millions of rows is many times faster than one kept up
     * row by row (the trigram indexes above all), and a foreign key checked in one join than one row at a time. All
     * in the copy's transaction, so a failed fill leaves the table as it was. Returns the statements that put them
     * back.
     */
    private static List<String> setAside(Connection connection, String table) throws SQLException {
        List<String> drop = new ArrayList<>();
        List<String> restore = new ArrayList<>();
        try (PreparedStatement indexes = connection.prepareStatement("""
                select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) from pg_index i
                where i.indrelid = ?::regclass
                  and not exists (select from pg_constraint c where c.conindid = i.indexrelid)""");
                PreparedStatement keys = connection.prepareStatement("""
                        select conname, pg_get_constraintdef(oid) from pg_constraint
                        where conrelid = ?::regclass and contype = 'f'""");
                PreparedStatement triggers = connection.prepareStatement("""
                        select tgname from pg_trigger
                        where tgrelid = ?::regclass and not tgisinternal and tgenabled = 'O'""")) {
            indexes.setString(1, table);
            try (ResultSet row = indexes.executeQuery()) {
                while (row.next()) {
                    drop.add("drop index " + row.getString(1));
                    restore.add(row.getString(2));
                }
            }
            keys.setString(1, table);
            try (ResultSet row = keys.executeQuery()) {
                while (row.next()) {
                    drop.add("alter table " + table + " drop constraint " + quoted(row.getString(1)));
                    restore.add("alter table " + table + " add constraint " + quoted(row.getString(1)) + " "
                            + row.getString(2));
                }
            }
            triggers.setString(1, table);
            try (ResultSet row = triggers.executeQuery()) {
                while (row.next()) {
                    drop.add("alter table " + table + " disable trigger " + quoted(row.getString(1)));
                    restore.add("alter table " + table + " enable trigger " + quoted(row.getString(1)));
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : drop) {
                statement.execute(sql);
            }
        }
        return restore;
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** One company's whole history, the same every time it is asked for (each table is written in its own pass). */
    private static final class Plan {
        int group;
        String country;
        String industry;
        String size;
        boolean churner;
        int[] purchases;
        long[][] lineNets;
        int[][] lineProducts;
        int[][] lineQuantities;
        int[] ticketDays;
        boolean[] complaints;
    }

    private static Plan plan(long seed, int index, int today) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L);
        Plan plan = new Plan();
        double u = random.nextDouble();
        int group = 0;
        for (double share = GROUP_SHARES[0]; u >= share && group < 3; share += GROUP_SHARES[++group]) {
        }
        Group g = GROUPS.get(group);
        plan.group = group;
        plan.country = g.country;
        plan.industry = g.industry;
        plan.size = g.size;
        if (random.nextDouble() < 0.05) {
            Group other = GROUPS.get((group + 1 + random.nextInt(3)) % 4);
            switch (random.nextInt(3)) {
                case 0 -> plan.country = other.country;
                case 1 -> plan.industry = other.industry;
                default -> plan.size = other.size;
            }
        }

        int first = random.nextDouble() < 0.9 ? today - 1095 + random.nextInt(1095 - 548)
                : today - 548 + random.nextInt(548 - 365);
        plan.churner = random.nextDouble() < CHURNER_SHARE;
        List<Integer> purchases = new ArrayList<>();
        List<Integer> tickets = new ArrayList<>();
        List<Boolean> complaints = new ArrayList<>();
        int day = first;
        if (!plan.churner) {
            // a few loyal customers pause once for two and a half to four intervals, never before their second purchase
            int earliest = first + (int) Math.ceil(1.25 * g.intervalDays);
            int gapAt = random.nextDouble() < 0.05 ? earliest + random.nextInt(today - earliest + 1) : Integer.MAX_VALUE;
            while (day <= today) {
                purchases.add(day);
                double interval = g.intervalDays * (0.75 + 0.5 * random.nextDouble());
                if (day + interval > gapAt) {
                    interval *= 2.5 + 1.5 * random.nextDouble();
                    gapAt = Integer.MAX_VALUE;
                }
                day += (int) Math.round(interval);
            }
            backgroundTickets(random, g, first, today - 3, tickets, complaints);
        }
        else {
            int decline = today - 1095 + 300 + random.nextInt(1095 - 300 - 30 + 1);
            decline = Math.max(decline, first + (int) Math.ceil(1.25 * g.intervalDays));
            while (day <= decline) {
                purchases.add(day);
                day += (int) Math.round(g.intervalDays * (0.75 + 0.5 * random.nextDouble()));
            }
            // a few churners stop without warning: no slowing down, no complaints
            boolean abrupt = random.nextDouble() < 0.05;
            if (!abrupt) {
                double interval = g.intervalDays;
                int more = 2 + random.nextInt(2);
                int last = purchases.get(purchases.size() - 1);
                for (int k = 0; k < more; k++) {
                    interval *= 1.5 + 0.7 * random.nextDouble();
                    int next = last + (int) Math.round(interval);
                    if (next > today) {
                        break;
                    }
                    purchases.add(next);
                    last = next;
                }
            }
            int last = purchases.get(purchases.size() - 1);
            backgroundTickets(random, g, first, last, tickets, complaints);
            if (!abrupt) {
                for (int k = 2 + random.nextInt(3); k > 0; k--) {
                    tickets.add(last - random.nextInt(91));
                    complaints.add(true);
                }
            }
        }
        plan.purchases = purchases.stream().mapToInt(Integer::intValue).toArray();
        plan.ticketDays = tickets.stream().mapToInt(Integer::intValue).toArray();
        plan.complaints = new boolean[complaints.size()];
        for (int k = 0; k < plan.complaints.length; k++) {
            plan.complaints[k] = complaints.get(k);
        }

        int n = plan.purchases.length;
        plan.lineNets = new long[n][];
        plan.lineProducts = new int[n][];
        plan.lineQuantities = new int[n][];
        for (int k = 0; k < n; k++) {
            long net = Math.round(g.netPln * 100 * (0.75 + 0.5 * random.nextDouble()));
            int count = 1 + random.nextInt(3);
            double[] weights = new double[count];
            double sum = 0;
            for (int l = 0; l < count; l++) {
                weights[l] = 0.5 + random.nextDouble();
                sum += weights[l];
            }
            plan.lineNets[k] = new long[count];
            plan.lineProducts[k] = new int[count];
            plan.lineQuantities[k] = new int[count];
            for (int l = 0; l < count; l++) {
                int quantity = 1 + random.nextInt(5);
                long unitPrice = Math.max(1, Math.round(net * weights[l] / sum / quantity));
                plan.lineQuantities[k][l] = quantity;
                plan.lineNets[k][l] = unitPrice * quantity;
                plan.lineProducts[k][l] = g.products[random.nextInt(g.products.length)];
            }
        }
        return plan;
    }

    /** Questions and the odd complaint, at the group's rate: each half year has one with that probability. */
    private static void backgroundTickets(SplittableRandom random, Group g, int from, int to, List<Integer> days,
            List<Boolean> complaints) {
        for (int start = from; start < to; start += 182) {
            if (random.nextDouble() < g.ticketsPerHalfYear) {
                days.add(start + random.nextInt(Math.min(182, to - start)));
                complaints.add(random.nextDouble() < 0.3);
            }
        }
    }

    private static final String[] FIRST_NAMES = { "Anna", "Jan", "Petra", "Tomáš", "Katarzyna", "Lukas", "Marta",
        "Jonas", "Eva", "Piotr" };
    private static final String[] LAST_NAMES = { "Nowak", "Novák", "Müller", "Kowalska", "Dvořák", "Schmidt",
        "Wiśniewski", "Svoboda", "Fischer", "Lewandowska" };

    private record Lead(String source, String utmSource, String country, String jobTitle) {

        /**
         * The planted conversion odds: web forms and partners strongly up, imports strongly down, Facebook down, Czech
         * leads up and German ones down, a job title slightly up; the base rate is about 30 %.
         */
        double logOdds(SplittableRandom random) {
            double odds = -1.4;
            odds += switch (source) {
                case "WEB_FORM" -> 1.5;
                case "IMPORT" -> -1.5;
                default -> 0;
            };
            if ("partner".equals(utmSource)) {
                odds += 1.5;
            }
            else if ("facebook".equals(utmSource)) {
                odds -= 1.0;
            }
            odds += switch (country) {
                case "CZ" -> 0.8;
                case "DE" -> -0.8;
                default -> 0;
            };
            if (jobTitle != null) {
                odds += 0.4;
            }
            return odds + 0.3 * gaussian(random);
        }
    }

    private static Lead lead(SplittableRandom random) {
        double u = random.nextDouble();
        String source = u < 0.30 ? "WEB_FORM" : u < 0.55 ? "MANUAL" : u < 0.70 ? "API" : "IMPORT";
        u = random.nextDouble();
        String utm = u < 0.15 ? "partner" : u < 0.40 ? "facebook" : u < 0.60 ? "google" : u < 0.70 ? "newsletter" : null;
        u = random.nextDouble();
        String country = u < 0.5 ? "PL" : u < 0.75 ? "CZ" : "DE";
        String[] titles = { "Purchasing manager", "CEO", "Office manager", "IT director" };
        String title = random.nextDouble() < 0.6 ? titles[random.nextInt(titles.length)] : null;
        return new Lead(source, utm, country, title);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** Five salespeople who own the planted records, made once per database. */
    private static List<Long> salespeople(Connection connection) throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            String email = "sales" + n + "@planted.klient.test";
            try (PreparedStatement find = connection.prepareStatement(
                    "select id from users where lower(email) = ?")) {
                find.setString(1, email);
                try (ResultSet row = find.executeQuery()) {
                    if (row.next()) {
                        ids.add(row.getLong(1));
                        continue;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("insert into users (email, name, "
                    + "password_hash, role, locale) values (?, ?, '!', 'SALES', 'pl') returning id")) {
                insert.setString(1, email);
                insert.setString(2, "Planted salesperson " + n);
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    ids.add(row.getLong(1));
                }
            }
        }
        return ids;
    }

    /** The eight catalog products (A–H) the groups buy, made once per database. */
    private static long[] products(Connection connection) throws SQLException {
        long[] ids = new long[PRODUCTS.length];
        for (int p = 0; p < PRODUCTS.length; p++) {
            try (PreparedStatement find = connection.prepareStatement("select id from products where sku = ?")) {
                find.setString(1, PRODUCTS[p][0]);
                try (ResultSet row = find.executeQuery()) {
                    if (row.next()) {
                        ids[p] = row.getLong(1);
                        continue;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("insert into products (sku, name, kind, unit, "
                    + "category, unit_price, cost_price, currency, tax_rate, search_text) "
                    + "values (?, ?, ?, ?, 'Planted', ?, ?, 'PLN', 23, ?) returning id")) {
                insert.setString(1, PRODUCTS[p][0]);
                insert.setString(2, PRODUCTS[p][1]);
                insert.setString(3, PRODUCTS[p][2]);
                insert.setString(4, PRODUCTS[p][3]);
                insert.setBigDecimal(5, java.math.BigDecimal.valueOf(100 + 150L * p));
                insert.setBigDecimal(6, java.math.BigDecimal.valueOf(60 + 90L * p));
                insert.setString(7, (PRODUCTS[p][0] + " " + PRODUCTS[p][1]).toLowerCase());
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    ids[p] = row.getLong(1);
                }
            }
        }
        return ids;
    }

    private static long nextId(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select coalesce(max(id), 0) + 1 from " + table)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String city(String country) {
        return switch (country) {
            case "CZ" -> "Praha";
            case "DE" -> "Berlin";
            default -> "Warszawa";
        };
    }

    private static String date(int epochDay) {
        return LocalDate.ofEpochDay(epochDay).toString();
    }

    private static String timestamp(int epochDay) {
        return timestamp(epochDay, 0);
    }

    private static String timestamp(int epochDay, int hoursAfterNine) {
        int hour = 9 + hoursAfterNine;
        return LocalDate.ofEpochDay(epochDay) + (hour < 10 ? " 0" : " ") + hour + ":00:00+00";
    }

    private static String money(long cents) {
        long whole = cents / 100;
        long rest = cents % 100;
        return whole + (rest < 10 ? ".0" : ".") + rest;
    }

    private static long lap(String step, long rows, long since) {
        long now = System.nanoTime();
        log.info("planted {}: {} rows in {} s", step, rows, String.format("%.1f", (now - since) / 1e9));
        return now;
    }

    /** One table's {@code COPY ... FROM STDIN} in PostgreSQL's text format. */
    private static final class Copy implements AutoCloseable {

        private final Writer out;
        private final StringBuilder row = new StringBuilder(512);
        private boolean first = true;

        Copy(Connection connection, String sql) throws SQLException {
            out = new BufferedWriter(new OutputStreamWriter(
                    new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, 1 << 16),
                    StandardCharsets.UTF_8), 1 << 16);
        }

        Copy add(Object value) {
            if (!first) {
                row.append('\t');
            }
            first = false;
            if (value == null) {
                row.append("\\N");
            }
            else if (value instanceof String text) {
                row.append(text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " "));
            }
            else {
                row.append(value);
            }
            return this;
        }

        void row() throws IOException {
            row.append('\n');
            out.append(row);
            row.setLength(0);
            first = true;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
