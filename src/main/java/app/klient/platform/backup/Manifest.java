package app.klient.platform.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a backup holds, measured in the snapshot it was dumped from: every table's row count and checksum (the sum of
 * its rows' hashes, so the order rows come back in does not matter) and every sequence's value, with the Flyway
 * version the schema was at. A restore measures the restored database the same way and must find the same.
 */
public record Manifest(int format, Instant takenAt, String schemaVersion, String serverVersion,
        Map<String, Table> tables, Map<String, Long> sequences) {

    static final int FORMAT = 1;

    public record Table(long rows, String checksum) {
    }

    /** Measures the database on {@code connection} (inside the transaction whose snapshot the dump reads). */
    static Manifest measure(Connection connection) throws SQLException {
        Map<String, Table> tables = new TreeMap<>();
        Map<String, Long> sequences = new TreeMap<>();
        String schemaVersion = null;
        String serverVersion;
        try (Statement statement = connection.createStatement()) {
            // a row's text depends on these settings: the same on both sides, whoever runs the check
            statement.execute("set local timezone = 'UTC'");
            statement.execute("set local datestyle = 'ISO, YMD'");
            statement.execute("set local extra_float_digits = 3");
            statement.execute("set local intervalstyle = 'postgres'");
            statement.execute("set local bytea_output = 'hex'");
            try (ResultSet rs = statement.executeQuery("show server_version")) {
                rs.next();
                serverVersion = rs.getString(1);
            }
            List<String> names = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("""
                    select format('%I.%I', table_schema, table_name) from information_schema.tables
                    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
                    order by 1""")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                try (ResultSet rs = statement.executeQuery("select count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint::numeric), 0) from "
                        + name + " t")) {
                    rs.next();
                    tables.put(name, new Table(rs.getLong(1), rs.getBigDecimal(2).toPlainString()));
                }
                if (name.endsWith(".flyway_schema_history")) {
                    try (ResultSet rs = statement.executeQuery("select max(version) from " + name
                            + " where success and version is not null")) {
                        rs.next();
                        schemaVersion = rs.getString(1);
                    }
                }
            }
            List<String> sequenceNames = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("""
                    select format('%I.%I', schemaname, sequencename) from pg_sequences
                    where schemaname not in ('pg_catalog', 'information_schema') order by 1""")) {
                while (rs.next()) {
                    sequenceNames.add(rs.getString(1));
                }
            }
            for (String name : sequenceNames) {
                try (ResultSet rs = statement.executeQuery("select case when is_called then last_value else 0 end"
                        + " from " + name)) {
                    rs.next();
                    sequences.put(name, rs.getLong(1));
                }
            }
        }
        return new Manifest(FORMAT, Instant.now(), schemaVersion, serverVersion, tables, sequences);
    }

    /** What differs between this manifest and {@code restored}, one line each; empty when they agree. */
    List<String> differences(Manifest restored) {
        List<String> differences = new ArrayList<>();
        tables.forEach((name, table) -> {
            Table other = restored.tables.get(name);
            if (other == null) {
                differences.add("table " + name + " is missing");
            }
            else if (other.rows != table.rows) {
                differences.add("table " + name + " has " + other.rows + " rows instead of " + table.rows);
            }
            else if (!other.checksum.equals(table.checksum)) {
                differences.add("table " + name + " has other data (checksum)");
            }
        });
        restored.tables.keySet().stream().filter(name -> !tables.containsKey(name))
                .forEach(name -> differences.add("table " + name + " is not in the backup"));
        sequences.forEach((name, value) -> {
            if (!Objects.equals(restored.sequences.get(name), value)) {
                differences.add("sequence " + name + " is at " + restored.sequences.get(name) + " instead of " + value);
            }
        });
        return differences;
    }
}
