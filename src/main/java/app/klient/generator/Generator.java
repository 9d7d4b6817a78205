package app.klient.generator;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import javax.sql.DataSource;

import app.klient.generator.internal.Population;
import app.klient.generator.internal.ScaleData;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code generate [--contacts N] [--seed S] [--csv FILE]}: without {@code --csv}, fills the configured database
 * (embedded or {@code SPRING_DATASOURCE_URL}) with N contacts and everything around them, then stops; with it,
 * only writes the N-contact CSV file for the import benchmark (no database touched). {@code generate --planted
 * --customers N --leads M [--seed S] [--truth FILE]} fills it instead with {@link PlantedCustomers}: customers and
 * leads with known structure, for the analytics models, and writes what was planted to FILE (CSV) if asked.
 */
public final class Generator {

    private Generator() {
    }

    public static boolean wanted(String[] args) {
        return args.length > 0 && "generate".equals(args[0]);
    }

    public static void run(String[] args, Class<?> application) throws IOException {
        int contacts = 1_000_000;
        long seed = 20_261_124;
        Path csv = null;
        boolean planted = false;
        int customers = 200_000;
        int leads = 50_000;
        Path truth = null;
        // a web context (sessions and security are part of it) that listens nowhere; no demo company, no jobs
        List<String> spring = new ArrayList<>(List.of("--server.port=-1", "--klient.jobs.enabled=false",
                "--klient.demo-data=false", "--spring.main.banner-mode=off"));
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--contacts" -> contacts = Integer.parseInt(args[++i].replace("_", ""));
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--csv" -> csv = Path.of(args[++i]);
                case "--planted" -> planted = true;
                case "--customers" -> customers = Integer.parseInt(args[++i].replace("_", ""));
                case "--leads" -> leads = Integer.parseInt(args[++i].replace("_", ""));
                case "--truth" -> truth = Path.of(args[++i]);
                default -> spring.add(args[i]);
            }
        }
        if (planted) {
            generatePlanted(customers, leads, seed, truth, spring, application);
            return;
        }
        if (contacts < 10 || contacts > 10_000_000) {
            throw new IllegalArgumentException("--contacts between 10 and 10,000,000");
        }
        if (csv != null) {
            writeCsv(contacts, seed, csv);
            return;
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application).run(spring.toArray(String[]::new))) {
            ScaleData.Report report = context.getBean(ScaleData.class).fill(contacts, seed);
            System.out.println("Generated (seed " + seed + "):");
            report.rows().forEach((table, n) -> System.out.printf("  %-20s %,12d%n", table, n));
            report.seconds().forEach((step, s) -> System.out.printf("  %-62s %8.1f s%n", step, s));
        }
    }

    private static void generatePlanted(int customers, int leads, long seed, Path truthFile, List<String> spring,
            Class<?> application) throws IOException {
        if (customers < 1 || customers > 10_000_000 || leads < 0 || leads > 10_000_000) {
            throw new IllegalArgumentException("--customers between 1 and 10,000,000, --leads up to 10,000,000");
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application).run(spring.toArray(String[]::new))) {
            DataSource dataSource = context.getBean(DataSource.class);
            long started = System.nanoTime();
            PlantedCustomers.Truth truth = PlantedCustomers.fill(dataSource, customers, leads, seed,
                    LocalDate.now(ZoneOffset.UTC));
            double seconds = (System.nanoTime() - started) / 1e9;
            JdbcClient jdbc = JdbcClient.create(dataSource);
            System.out.println("Generated planted customers (seed " + seed + "), " + truth.churners().size()
                    + " of them churners:");
            for (String table : new String[] { "companies", "invoices", "invoice_lines", "tickets", "leads" }) {
                System.out.printf("  %-20s %,12d%n", table,
                        jdbc.sql("select count(*) from " + table).query(Long.class).single());
            }
            System.out.printf("  %-20s %8.1f s%n", "seconds", seconds);
            if (truthFile != null) {
                writeTruth(truth, truthFile);
                System.out.println("What was planted: " + truthFile);
            }
        }
    }

    /** {@code company,ID,GROUP,CHURNS} and {@code lead,ID,CONVERTS} lines, for scoring the models at scale. */
    private static void writeTruth(PlantedCustomers.Truth truth, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("kind,id,group,outcome\n");
            for (var company : new TreeMap<>(truth.groupOfCompany()).entrySet()) {
                out.write("company," + company.getKey() + "," + company.getValue() + ","
                        + truth.churners().contains(company.getKey()) + "\n");
            }
            for (var lead : new TreeMap<>(truth.leadConverts()).entrySet()) {
                out.write("lead," + lead.getKey() + ",," + lead.getValue() + "\n");
            }
        }
    }

    /** The contacts of the generated population as an import file, companies by name and no owners. */
    public static void writeCsv(int contacts, long seed, Path file) throws IOException {
        Population population = new Population(seed);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            population.contacts(contacts, population.companies(Math.max(1, contacts / 5)), List.of(), out);
        }
    }
}
