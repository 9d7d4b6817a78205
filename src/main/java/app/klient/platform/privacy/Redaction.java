package app.klient.platform.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Takes a person's names, e-mail addresses and phone numbers out of free text: every text, text array and jsonb
 * column of a table (or the columns named), in one update per table that touches only the rows that name the
 * person. Modules call it for their own tables from {@link PersonalData#erase}.
 */
@Component
public class Redaction {

    private final JdbcClient jdbc;
    private final Map<String, List<Column>> columns = new ConcurrentHashMap<>();

    public Redaction(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Column(String name, String type) {
    }

    /** Rows of {@code table} changed; only the named columns when some are given. */
    public int scrub(DataSubject subject, String table, String... only) {
        String pattern = subject.pattern();
        if (pattern == null) {
            return 0;
        }
        String json = subject.jsonNamePattern();
        List<Column> textual = columns.computeIfAbsent(table, this::textColumns).stream()
                .filter(c -> only.length == 0 || Arrays.asList(only).contains(c.name())).toList();
        if (textual.isEmpty()) {
            return 0;
        }
        List<String> sets = new ArrayList<>();
        List<String> tests = new ArrayList<>();
        for (Column c : textual) {
            String value = switch (c.type()) {
                case "ARRAY" -> "array_to_string(" + c.name() + ", chr(31))";
                case "jsonb", "json" -> c.name() + "::text";
                default -> c.name();
            };
            String test = "(" + value + " ~* :p" + (json == null ? "" : " or " + value + " ~* :json") + ")";
            String replaced = switch (c.type()) {
                case "ARRAY" -> "array(select " + replace("x", json != null) + " from unnest(" + c.name() + ") x)";
                case "jsonb", "json" -> replace(c.name() + "::text", json != null) + "::" + c.type();
                default -> replace(c.name(), json != null);
            };
            tests.add(test);
            sets.add(c.name() + " = case when " + test + " then " + replaced + " else " + c.name() + " end");
        }
        return jdbc.sql("update " + table + " set " + String.join(", ", sets) + " where " + String.join(" or ", tests))
                .param("p", pattern).param("json", json).param("erased", DataSubject.ERASED)
                .param("kept", "\\1" + DataSubject.ERASED + "\\2").update();
    }

    /** The names, addresses and numbers replaced, and a surname that is a JSON name field's value. */
    private static String replace(String value, boolean json) {
        String names = "regexp_replace(" + value + ", :p, :erased, 'gi')";
        return json ? "regexp_replace(" + names + ", :json, :kept, 'gi')" : names;
    }

    private List<Column> textColumns(String table) {
        return jdbc.sql("""
                select column_name, case when data_type = 'ARRAY' and udt_name in ('_text', '_varchar') then 'ARRAY'
                                         else data_type end
                  from information_schema.columns
                 where table_schema = current_schema() and table_name = :table
                   and (data_type in ('text', 'character varying', 'jsonb', 'json')
                        or (data_type = 'ARRAY' and udt_name in ('_text', '_varchar')))
                 order by ordinal_position""")
                .param("table", table)
                .query((rs, i) -> new Column(rs.getString(1), rs.getString(2))).list();
    }
}
