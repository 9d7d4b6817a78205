package app.klient.generator.internal;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import app.klient.customers.ContactImport;
import app.klient.customers.CustomerText;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills a Klient database at scale: salespeople and agents, companies (written with {@code COPY}), contacts through
 * Klient's own CSV import, and the rest (products with cost prices, exchange rates, leads, deals and their history,
 * orders, invoices and payments, activities and the timeline, tickets, surveys, campaigns and keyword costs) set-based
 * in SQL ({@code generator/scale.sql}), over three years that grow and have seasons. Refuses a database that already has
 * contacts, so it is never mixed into real data.
 */
@Component
public class ScaleData {

    private static final Logger log = LoggerFactory.getLogger(ScaleData.class);

    /** What was made, with the seconds each step took. */
    public record Report(Map<String, Long> rows, Map<String, Double> seconds) {
    }

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final ContactImport contactImport;
    private final TransactionTemplate transaction;
    private final String currency;

    ScaleData(JdbcClient jdbc, DataSource dataSource, ContactImport contactImport, TransactionTemplate transaction,
            @Value("${klient.currency:PLN}") String currency) {
        this.jdbc = jdbc;
        this.currency = currency;
        this.dataSource = dataSource;
        this.contactImport = contactImport;
        this.transaction = transaction;
    }

    public Report fill(int contacts, long seed) {
        if (jdbc.sql("select count(*) from contacts").query(Long.class).single() > 0) {
            throw new IllegalStateException("This database already has contacts; the generator fills only an empty "
                    + "Klient (start it once on a new database, without demo data).");
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        Population population = new Population(seed);
        long t = System.nanoTime();
        List<String> sales = transaction.execute(s -> people());
        List<Population.Company> companies = population.companies(Math.max(1, contacts / 5));
        transaction.executeWithoutResult(s -> copyCompanies(companies));
        t = lap(seconds, "companies", t);
        try {
            Path csv = Files.createTempFile("klient-contacts-", ".csv");
            try {
                try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                    population.contacts(contacts, companies, sales, out);
                }
                t = lap(seconds, "contacts CSV written", t);
                ContactImport.Result imported;
                try (BufferedReader in = new BufferedReader(Files.newBufferedReader(csv, StandardCharsets.UTF_8),
                        1 << 16)) {
                    imported = contactImport.importTrusted(in);
                }
                if (imported.invalid() > 0) {
                    log.warn("{} generated rows were refused by the import, the first: {}", imported.invalid(),
                            imported.problems().isEmpty() ? "" : imported.problems().get(0));
                }
                t = lap(seconds, "contacts imported", t);
            }
            finally {
                Files.deleteIfExists(csv);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long whale = jdbc.sql("select min(id) from companies").query(Long.class).single();
        Map<String, Object> params = Map.of("leads", contacts / 10, "deals", contacts / 20, "orders", contacts / 10,
                "activities", contacts, "tickets", contacts / 20, "whale", whale,
                "seed", (double) (seed % 1000) / 1000.0, "currency", currency);
        transaction.executeWithoutResult(s -> {
            for (String statement : statements()) {
                if (statement.startsWith("select")) {
                    jdbc.sql(statement).params(params).query().listOfRows();
                }
                else {
                    jdbc.sql(statement).params(params).update();
                }
            }
        });
        t = lap(seconds, "products, leads, deals, orders, invoices, activities, tickets", t);
        analyze();
        lap(seconds, "vacuum analyze", t);
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : new String[] { "users", "companies", "contacts", "products", "leads", "deals",
            "deal_stage_history", "orders", "order_lines", "invoices", "invoice_lines", "payments", "activities",
            "timeline_entries", "tickets", "ticket_messages", "exchange_rates", "campaigns", "campaign_recipients",
            "ad_costs", "survey_invitations", "survey_responses" }) {
            rows.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
        }
        return new Report(rows, seconds);
    }

    /** Four teams of salespeople and one of support agents; answers the salespeople's e-mails. */
    private List<String> people() {
        List<String> sales = new ArrayList<>();
        String[] teams = { "Sales North", "Sales South", "Sales Praha", "Key accounts", "Support (scale)" };
        for (int team = 0; team < teams.length; team++) {
            long teamId = jdbc.sql("insert into teams (name) values (:name) returning id").param("name", teams[team])
                    .query(Long.class).single();
            int members = team < 4 ? 6 : 8;
            for (int m = 1; m <= members; m++) {
                String role = team < 4 ? "SALES" : "SUPPORT";
                String email = role.toLowerCase() + "." + (team + 1) + "." + m + "@scale.klient.test";
                long user = jdbc.sql("""
                        insert into users (email, name, password_hash, role, locale, time_zone)
                        values (:email, :name, '!', :role, :locale, :zone) returning id""").param("email", email)
                        .param("name", (team < 4 ? "Salesperson " : "Agent ") + (team + 1) + "." + m)
                        .param("role", role).param("locale", team == 2 ? "cs" : "pl")
                        .param("zone", team == 2 ? "Europe/Prague" : "Europe/Warsaw").query(Long.class).single();
                jdbc.sql("insert into user_teams (user_id, team_id) values (:u, :t)").param("u", user)
                        .param("t", teamId).update();
                if ("SALES".equals(role)) {
                    sales.add(email);
                }
            }
        }
        return sales;
    }

    private void copyCompanies(List<Population.Company> companies) {
        List<Long> owners = jdbc.sql("select id from users where role = 'SALES' and email like '%@scale.klient.test' "
                + "order by id").query(Long.class).list();
        Connection connection = org.springframework.jdbc.datasource.DataSourceUtils.getConnection(dataSource);
        String[] stages = { "CUSTOMER", "CUSTOMER", "PROSPECT", "LEAD", "FORMER_CUSTOMER" };
        try (Writer out = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(
                connection.unwrap(PGConnection.class), "copy companies (name, country, tax_id, registration_number, industry, size, website, "
                        + "email, billing_street, billing_city, billing_postal_code, billing_country, owner_id, "
                        + "lifecycle_stage, search_text, created_at, updated_at) from stdin", 1 << 16),
                StandardCharsets.UTF_8), 1 << 16)) {
            StringBuilder row = new StringBuilder(512);
            for (int i = 0; i < companies.size(); i++) {
                Population.Company c = companies.get(i);
                String website = "https://www." + c.domain();
                String email = "office@" + c.domain();
                String created = java.time.Instant.now().minus(java.time.Duration.ofMinutes((long) i * 7919 % 1_576_800))
                        .toString();
                row.setLength(0);
                for (Object value : new Object[] { c.name(), c.country(), c.taxId(), c.registrationNumber(), c.industry(), c.size(), website,
                    email, c.street(), c.city(), c.postalCode(), c.country(), owners.get(i % owners.size()),
                    stages[i % stages.length], CustomerText.company(c.name(), null, c.taxId(), c.registrationNumber(), null, email,
                            website, c.city(), List.of(), List.of()), created, created }) {
                    if (row.length() > 0) {
                        row.append('\t');
                    }
                    if (value == null) {
                        row.append("\\N");
                    }
                    else {
                        row.append(value.toString().replace("\\", "\\\\").replace("\t", " ").replace("\n", " "));
                    }
                }
                out.append(row).append('\n');
            }
        }
        catch (IOException | SQLException e) {
            throw new IllegalStateException("COPY of companies failed", e);
        }
    }

    private static List<String> statements() {
        try {
            String script = new ClassPathResource("generator/scale.sql").getContentAsString(StandardCharsets.UTF_8);
            List<String> statements = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : script.split("\n")) {
                if (line.strip().startsWith("--") && current.isEmpty()) {
                    continue;
                }
                current.append(line).append('\n');
                if (line.stripTrailing().endsWith(";")) {
                    String statement = current.toString().strip();
                    statements.add(statement.substring(0, statement.length() - 1));
                    current.setLength(0);
                }
            }
            return statements;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void analyze() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute("vacuum analyze");
        }
        catch (SQLException e) {
            log.warn("vacuum analyze failed: {}", e.getMessage());
        }
    }

    private static long lap(Map<String, Double> seconds, String step, long since) {
        long now = System.nanoTime();
        seconds.put(step, (now - since) / 1e9);
        log.info("{}: {} s", step, String.format("%.1f", (now - since) / 1e9));
        return now;
    }
}
