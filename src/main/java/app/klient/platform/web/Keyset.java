package app.klient.platform.web;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.klient.platform.KlientException;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keyset ("seek") paging for lists that grow to millions of rows. Instead of making the database walk past
 * {@code OFFSET} rows, the next page starts right after the sort key of the last row shown, so page 10,000 costs what
 * page 1 costs. The cursor the client gets ({@code after} or {@code before}) is that sort key, opaque to it: the sort
 * name and the key's values, each length-prefixed, in URL-safe Base64. A cursor of another sort, or one that does not
 * decode, is refused as a bad parameter.
 */
public final class Keyset {

    /** One column of a sort key: its SQL expression and the type its text form is cast back to. */
    public record Key(String sql, String type) {
    }

    /** A sort a list offers: its API name and its key, the last column unique (the id). */
    public record Order(String name, List<Key> keys) {

        public Order(String name, Key... keys) {
            this(name, List.of(keys));
        }
    }

    private final Order order;
    private final boolean ascending;
    private final List<String> values;
    private final boolean backwards;

    private Keyset(Order order, boolean ascending, List<String> values, boolean backwards) {
        this.order = order;
        this.ascending = ascending;
        this.values = values;
        this.backwards = backwards;
    }

    /**
     * The keyset of a request: the sort the pageable asks for (the first of {@code orders} when it names none) and
     * the cursor, {@code after} the last row of the page before or {@code before} the first row of the page after.
     */
    public static Keyset of(Map<String, Order> orders, Sort sort, String after, String before) {
        Sort.Order first = sort.stream().findFirst().orElse(null);
        Order order = first == null ? null : orders.get(first.getProperty());
        if (order == null) {
            order = orders.values().iterator().next();
        }
        boolean ascending = first == null || first.isAscending();
        if (after != null && !after.isBlank() && before != null && !before.isBlank()) {
            throw KlientException.invalid("error.cursor");
        }
        boolean backwards = after == null || after.isBlank();
        String cursor = backwards ? before : after;
        List<String> values = cursor == null || cursor.isBlank() ? null : decode(cursor.strip(), order);
        return new Keyset(order, ascending, values, values != null && backwards);
    }

    public boolean hasCursor() {
        return values != null;
    }

    /** Whether rows are read backwards from a {@code before} cursor (and must be reversed for showing). */
    public boolean backwards() {
        return backwards;
    }

    /** {@code order by ...} in the direction rows are read. */
    public String orderBy() {
        String direction = ascending != backwards ? " asc" : " desc";
        List<String> parts = new ArrayList<>();
        for (Key key : order.keys()) {
            parts.add(key.sql() + direction);
        }
        return " order by " + String.join(", ", parts);
    }

    /**
     * The condition that starts the page at the cursor, or null without one. Besides the row comparison it bounds
     * the first key column alone, which an index that starts with a filter column and then that key can use.
     */
    public String condition() {
        if (values == null) {
            return null;
        }
        String op = ascending != backwards ? ">" : "<";
        List<String> columns = new ArrayList<>();
        List<String> params = new ArrayList<>();
        for (int i = 0; i < order.keys().size(); i++) {
            columns.add(order.keys().get(i).sql());
            params.add("cast(:keyset" + i + " as " + order.keys().get(i).type() + ")");
        }
        return "(" + String.join(", ", columns) + ") " + op + " (" + String.join(", ", params) + ") and "
                + columns.get(0) + " " + op + "= " + params.get(0);
    }

    public Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                params.put("keyset" + i, values.get(i));
            }
        }
        return params;
    }

    /** The key's columns as text, for {@link #cursor(ResultSet)}: append to the select list. */
    public String selectKeys() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < order.keys().size(); i++) {
            parts.add("cast(" + order.keys().get(i).sql() + " as text) as keyset" + i);
        }
        return String.join(", ", parts);
    }

    /** The cursor of the current row of a result that selected {@link #selectKeys()}. */
    public String cursor(ResultSet rs) throws SQLException {
        StringBuilder raw = new StringBuilder(order.name()).append(';');
        for (int i = 0; i < order.keys().size(); i++) {
            String value = rs.getString("keyset" + i);
            if (value == null) {
                raw.append("-;");
            }
            else {
                raw.append(value.length()).append(':').append(value).append(';');
            }
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The page of rows read with this keyset ({@link #orderBy()}, {@link #condition()}, one row more than the page
     * to know whether there is a next one, and {@link #selectKeys()} for {@code cursors}), in showing order, with its
     * total counted over {@code fromAndWhere} and the cursors of its neighbours (null at either end).
     */
    public <T> CountedPage<T> page(List<T> rows, List<String> cursors, Pageable page, JdbcClient jdbc,
            String fromAndWhere, Map<String, ?> params) {
        int size = page.getPageSize();
        boolean more = rows.size() > size;
        List<T> shown = new ArrayList<>(rows.subList(0, Math.min(size, rows.size())));
        List<String> keys = new ArrayList<>(cursors.subList(0, shown.size()));
        if (backwards) {
            java.util.Collections.reverse(shown);
            java.util.Collections.reverse(keys);
        }
        String next = shown.isEmpty() ? null : backwards || more ? keys.get(keys.size() - 1) : null;
        String previous = shown.isEmpty() ? null
                : backwards ? (more ? keys.get(0) : null)
                : hasCursor() || page.getOffset() > 0 ? keys.get(0) : null;
        return CountedPage.of(shown, page, jdbc, fromAndWhere, params).withCursors(next, previous);
    }

    /** A value the database will cast without an error (a tampered cursor must not reach it as a bad cast). */
    private static boolean fits(String value, String type) {
        return switch (type) {
            case "bigint" -> value.matches("-?\\d{1,18}");
            case "date" -> value.matches("\\d{4}-\\d\\d-\\d\\d") && isDate(value);
            case "timestamptz" -> value.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?[+-]\\d\\d(:\\d\\d)?");
            default -> value.length() <= 1000;
        };
    }

    private static boolean isDate(String value) {
        try {
            java.time.LocalDate.parse(value);
            return true;
        }
        catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private static List<String> decode(String cursor, Order order) {
        try {
            if (cursor.length() > 2000) {
                throw new IllegalArgumentException("too long");
            }
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String prefix = order.name() + ";";
            if (!raw.startsWith(prefix)) {
                throw new IllegalArgumentException("another sort");
            }
            List<String> values = new ArrayList<>();
            int at = prefix.length();
            while (at < raw.length()) {
                if (raw.startsWith("-;", at)) {
                    values.add(null);
                    at += 2;
                    continue;
                }
                int colon = raw.indexOf(':', at);
                int length = Integer.parseInt(raw.substring(at, colon));
                values.add(raw.substring(colon + 1, colon + 1 + length));
                at = colon + 1 + length;
                if (raw.charAt(at) != ';') {
                    throw new IllegalArgumentException("no separator");
                }
                at++;
            }
            if (values.size() != order.keys().size() || values.contains(null)) {
                throw new IllegalArgumentException("wrong key");
            }
            for (int i = 0; i < values.size(); i++) {
                if (!fits(values.get(i), order.keys().get(i).type())) {
                    throw new IllegalArgumentException("not a " + order.keys().get(i).type());
                }
            }
            return values;
        }
        catch (RuntimeException e) {
            throw KlientException.invalid("error.cursor");
        }
    }
}
