package app.klient.generator;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import app.klient.generator.internal.Population;
import app.klient.generator.internal.ScaleData;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code generate [--contacts N] [--seed S] [--csv FILE]}: without {@code --csv}, fills the configured database
 * (embedded or {@code SPRING_DATASOURCE_URL}) with N contacts and everything around them, then stops; with it,
 * only writes the N-contact CSV file for the import benchmark (no database touched).
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
        // a web context (sessions and security are part of it) that listens nowhere; no demo company, no jobs
        List<String> spring = new ArrayList<>(List.of("--server.port=-1", "--klient.jobs.enabled=false",
                "--klient.demo-data=false", "--spring.main.banner-mode=off"));
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--contacts" -> contacts = Integer.parseInt(args[++i].replace("_", ""));
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--csv" -> csv = Path.of(args[++i]);
                default -> spring.add(args[i]);
            }
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

    /** The contacts of the generated population as an import file, companies by name and no owners. */
    public static void writeCsv(int contacts, long seed, Path file) throws IOException {
        Population population = new Population(seed);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            population.contacts(contacts, population.companies(Math.max(1, contacts / 5)), List.of(), out);
        }
    }
}
