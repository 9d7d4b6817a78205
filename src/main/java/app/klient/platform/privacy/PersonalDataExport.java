package app.klient.platform.privacy;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.util.PGobject;

/**
 * What the modules put into a person's export: tables of rows (written as JSON, one file per table) and files (kept
 * as they are). Column values are made JSON-friendly here: arrays become lists, timestamps ISO text, jsonb its
 * text, binary columns are left out (a module adds them as files).
 */
public final class PersonalDataExport {

    public record Table(String section, String name, List<Map<String, Object>> rows) {
    }

    public record File(String section, String name, byte[] data) {
    }

    private final List<Table> tables = new ArrayList<>();
    private final List<File> files = new ArrayList<>();

    public void rows(String section, String name, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Map<String, Object>> clean = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Map<String, Object> copy = new LinkedHashMap<>();
            row.forEach((column, value) -> {
                if (!(value instanceof byte[])) {
                    copy.put(column, plain(value));
                }
            });
            clean.add(copy);
        }
        tables.add(new Table(section, name, clean));
    }

    public void file(String section, String name, byte[] data) {
        if (data != null) {
            files.add(new File(section, name, data));
        }
    }

    public List<Table> tables() {
        return List.copyOf(tables);
    }

    public List<File> files() {
        return List.copyOf(files);
    }

    /** How many rows each table holds, by "section/table": what a person's summary page shows. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        tables.forEach(t -> counts.merge(t.section() + "/" + t.name(), t.rows().size(), Integer::sum));
        files.forEach(f -> counts.merge(f.section() + "/files", 1, Integer::sum));
        return counts;
    }

    private static Object plain(Object value) {
        try {
            if (value instanceof Array array) {
                return Arrays.asList((Object[]) array.getArray());
            }
        }
        catch (SQLException e) {
            return String.valueOf(value);
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant().toString();
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant().toString();
        }
        if (value instanceof PGobject pg) {
            return pg.getValue();
        }
        if (value instanceof java.sql.Date || value instanceof java.sql.Time) {
            return value.toString();
        }
        return value;
    }
}
