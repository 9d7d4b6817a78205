package app.klient.platform.export;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;

/**
 * A column of an exported list: its header (a message key, shown in the reader's language) and how its value is read
 * from the row of the list's query.
 */
public record Column(String header, Value value) {

    @FunctionalInterface
    public interface Value {
        Object read(ResultSet rs) throws SQLException;
    }

    /** A code (a status, a kind) written as its name in the reader's language: message {@code prefix + code}. */
    public record Coded(String key, String code) {
    }

    public static Column coded(String header, String column, String prefix) {
        return new Column(header, rs -> {
            String code = rs.getString(column);
            return code == null ? null : new Coded(prefix + code, code);
        });
    }

    /**
     * The name of a record another module keeps (a company, an owner), looked up by id through that module's front
     * door, for a few hundred rows at a time: {@code lookup} names the function given to {@link ListExport#write}.
     */
    public record Reference(String lookup, long id) {
    }

    public static Column reference(String header, String column, String lookup) {
        return new Column(header, rs -> {
            Long id = whole(rs, column);
            return id == null ? null : new Reference(lookup, id);
        });
    }

    public static Column text(String header, String column) {
        return new Column(header, rs -> rs.getString(column));
    }

    public static Column number(String header, String column) {
        return new Column(header, rs -> rs.getObject(column) == null ? null : rs.getBigDecimal(column));
    }

    public static Column integer(String header, String column) {
        return new Column(header, rs -> whole(rs, column));
    }

    private static Long whole(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        return value == null ? null : ((Number) value).longValue();
    }

    public static Column day(String header, String column) {
        return new Column(header, rs -> rs.getObject(column, LocalDate.class));
    }

    public static Column moment(String header, String column) {
        return new Column(header, rs -> {
            Timestamp value = rs.getTimestamp(column);
            return value == null ? null : value.toInstant();
        });
    }
}
