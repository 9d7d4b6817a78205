package app.klient.privacy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Looks for strings in every column of every table of the database, as information_schema lists them: text, arrays,
 * JSON and search vectors as text (without regard to case), binary columns byte for byte. Answers where each string
 * was found, as "table.column: string".
 */
final class DatabaseScan {

    private DatabaseScan() {
    }

    static List<String> find(JdbcClient jdbc, List<String> needles) {
        Map<String, List<String[]>> tables = new LinkedHashMap<>();
        jdbc.sql("""
                select c.table_name, c.column_name, c.data_type
                  from information_schema.columns c
                  join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                 where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
                   and c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY', 'tsvector',
                                       'bytea', 'xml', 'USER-DEFINED')
                 order by c.table_name, c.ordinal_position""")
                .query((rs, i) -> tables.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                        .add(new String[] { rs.getString(2), rs.getString(3) }))
                .list();
        List<String> found = new ArrayList<>();
        tables.forEach((table, columns) -> {
            for (String[] column : columns) {
                String test = column[1].equals("bytea") ? "position(cast(:bytes as bytea) in \"" + column[0] + "\") > 0"
                        : "cast(\"" + column[0] + "\" as text) ilike '%' || :text || '%'";
                for (String needle : needles) {
                    long hits = jdbc.sql("select count(*) from \"" + table + "\" where " + test)
                            .param("bytes", needle.getBytes(StandardCharsets.UTF_8)).param("text", needle)
                            .query(Long.class).single();
                    if (hits > 0) {
                        found.add(table + "." + column[0] + ": " + needle);
                    }
                }
            }
        });
        return found;
    }
}
