package app.klient.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import app.klient.support.KlientTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The plan for Citus (docs/citus-plan.txt) against the schema the migrations make: every table has its place in
 * the plan, and what Citus would make change — a distribution column to add, a key or unique constraint that must
 * include it, a foreign key that must include it or go (Citus allows a distributed table's foreign key to a reference
 * table or to a co-located table on the distribution column, a reference table's only to reference tables) — is
 * counted, listed in target/citus-changes.md, and said in docs/operations.md in the words this test gives.
 */
@KlientTest
class CitusPlanTests {

    private static final Path PLAN = Path.of("docs", "citus-plan.txt");
    private static final Path OPERATIONS = Path.of("docs", "operations.md");

    @Autowired
    JdbcClient jdbc;

    /** A table's place: distributed (with its column), reference or local. */
    record Place(String role, String key) {
    }

    record Constraint(String table, String name, String type, List<String> columns, String parent,
            List<String> parentColumns) {
    }

    @Test
    void every_table_has_its_place_in_the_citus_plan_and_what_would_change_is_said_in_the_operations_guide()
            throws IOException {
        Map<String, Place> plan = plan();
        Set<String> tables = new TreeSet<>(jdbc.sql("""
                select table_name from information_schema.tables
                where table_schema = 'public' and table_type = 'BASE TABLE'""").query(String.class).list());
        assertThat(new TreeSet<>(plan.keySet())).as("tables in " + PLAN + " (add new tables there)")
                .containsExactlyElementsOf(tables);

        Map<String, Set<String>> columns = new TreeMap<>();
        jdbc.sql("select table_name, column_name from information_schema.columns where table_schema = 'public'")
                .query((rs, n) -> columns.computeIfAbsent(rs.getString(1), t -> new TreeSet<>()).add(rs.getString(2)))
                .list();
        List<String> added = new ArrayList<>();
        List<String> widened = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        plan.forEach((table, place) -> {
            if (place.key() != null && !columns.get(table).contains(place.key())) {
                added.add(table + "." + place.key());
            }
        });
        for (Constraint c : constraints()) {
            Place place = plan.get(c.table());
            if (!c.type().equals("f")) {
                if (place.key() != null && !c.columns().contains(place.key())) {
                    widened.add(c.table() + ": " + c.name() + " " + c.columns() + " + " + place.key());
                }
                continue;
            }
            Place parent = plan.get(c.parent());
            String change = foreignKeyChange(c, place, parent);
            if (change != null) {
                foreign.add(c.table() + ": " + c.name() + " " + c.columns() + " → " + c.parent() + c.parentColumns()
                        + ": " + change);
            }
        }
        StringBuilder list = new StringBuilder("# What Citus would change (CitusPlanTests)\n\n");
        section(list, "Distribution columns to add", added);
        section(list, "Primary keys and unique constraints that widen to the distribution column", widened);
        section(list, "Foreign keys that widen to the distribution column, or go (checked by Klient instead)", foreign);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "citus-changes.md"), list);

        Map<String, Long> roles = new LinkedHashMap<>();
        plan.values().forEach(p -> roles.merge(p.role(), 1L, Long::sum));
        String said = "Of " + plan.size() + " tables, " + roles.getOrDefault("distributed", 0L) + " are distributed, "
                + roles.getOrDefault("reference", 0L) + " reference and " + roles.getOrDefault("local", 0L)
                + " local; " + added.size() + " distributed tables gain their distribution column, " + widened.size()
                + " primary keys or unique constraints widen to include it, and " + foreign.size()
                + " foreign keys widen or go.";
        assertThat(Files.readString(OPERATIONS)).as("docs/operations.md says, in these words: " + said + "\n"
                + "(the list is in target/citus-changes.md)").contains(said);
    }

    /**
     * What a foreign key must become: nothing when Citus allows it as it is, "widen" when both tables are a
     * customer's (co-located by company) and it must pair their distribution columns, "goes" otherwise.
     */
    private static String foreignKeyChange(Constraint c, Place child, Place parent) {
        boolean childDistributed = child.role().equals("distributed");
        boolean parentDistributed = parent.role().equals("distributed");
        if (parent.role().equals("reference") && !child.role().equals("local")) {
            return null;
        }
        if (child.role().equals("local") && !parentDistributed) {
            return null;
        }
        if (childDistributed && parentDistributed) {
            int at = c.columns().indexOf(child.key());
            if (at >= 0 && at == c.parentColumns().indexOf(parent.key())) {
                return null;
            }
            return customers(child, c.table()) && customers(parent, c.parent()) ? "widen" : "goes";
        }
        return "goes";
    }

    private static boolean customers(Place place, String table) {
        return "company_id".equals(place.key()) || table.equals("companies");
    }

    private List<Constraint> constraints() {
        return jdbc.sql("""
                select c.conrelid::regclass::text as t, c.conname, c.contype,
                       array(select a.attname from unnest(c.conkey) with ordinality k(n, i)
                             join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i)::text[] as cols,
                       c.confrelid::regclass::text as parent,
                       array(select a.attname from unnest(c.confkey) with ordinality k(n, i)
                             join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i)::text[] as pcols
                from pg_constraint c
                where c.connamespace = 'public'::regnamespace and c.contype in ('p', 'u', 'f')
                order by 1, 2""").query((rs, n) -> new Constraint(rs.getString("t"), rs.getString("conname"),
                        rs.getString("contype"), Arrays.asList((String[]) rs.getArray("cols").getArray()),
                        rs.getString("parent"), rs.getArray("pcols") == null ? List.of()
                                : Arrays.asList((String[]) rs.getArray("pcols").getArray())))
                .list();
    }

    private static Map<String, Place> plan() throws IOException {
        Map<String, Place> plan = new TreeMap<>();
        for (String line : Files.readAllLines(PLAN)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] words = text.split("\\s+");
            assertThat(words[1]).as(line).isIn("distributed", "reference", "local");
            assertThat(words.length).as(line).isEqualTo(words[1].equals("distributed") ? 3 : 2);
            assertThat(plan.put(words[0], new Place(words[1], words.length == 3 ? words[2] : null)))
                    .as("%s twice", words[0]).isNull();
        }
        return plan;
    }

    private static void section(StringBuilder out, String title, List<String> lines) {
        out.append("## ").append(title).append(" (").append(lines.size()).append(")\n\n");
        lines.forEach(l -> out.append("- ").append(l).append('\n'));
        out.append('\n');
    }
}
