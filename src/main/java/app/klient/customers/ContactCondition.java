package app.klient.customers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A condition on contacts aliased {@code c} in plain SQL with its named parameters, e.g. a segment's filter: other
 * modules contribute such conditions over their own tables ({@link ContactCriteria}) and the contact list, export and
 * API apply them. Parameter names are unique within one condition (see {@link Params}).
 */
public record ContactCondition(String sql, Map<String, Object> params) {

    /**
     * The parameter a condition may use to skip contacts with an id up to it ({@code :contactsAfter}): 0 as built;
     * a query reading a page of contacts in id order after a contact id sets it to that id (and keeps {@code c.id >}
     * that id itself), so subqueries grouped by contact start where the page starts.
     */
    public static final String AFTER = "contactsAfter";

    public ContactCondition {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A condition every contact meets. */
    public static ContactCondition all() {
        return new ContactCondition("true", Map.of());
    }

    /** A condition no contact meets. */
    public static ContactCondition none() {
        return new ContactCondition("false", Map.of());
    }

    public static ContactCondition and(List<ContactCondition> parts) {
        return join(parts, " and ", all());
    }

    public static ContactCondition or(List<ContactCondition> parts) {
        return join(parts, " or ", none());
    }

    private static ContactCondition join(List<ContactCondition> parts, String operator, ContactCondition empty) {
        if (parts.isEmpty()) {
            return empty;
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("(");
        for (int i = 0; i < parts.size(); i++) {
            sql.append(i == 0 ? "" : operator).append('(').append(parts.get(i).sql()).append(')');
            params.putAll(parts.get(i).params());
        }
        return new ContactCondition(sql.append(')').toString(), params);
    }

    /** Hands out parameter names that cannot clash ({@code :seg0}, {@code :seg1}, ...) while a condition is built. */
    public static final class Params {

        private final String prefix;
        private final Map<String, Object> values = new LinkedHashMap<>();

        public Params(String prefix) {
            if (!prefix.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("parameter prefix " + prefix);
            }
            this.prefix = prefix;
            values.put(AFTER, 0L);
        }

        /** The placeholder (with its colon) for the value. */
        public String add(Object value) {
            String name = prefix + (values.size() - 1);
            values.put(name, value);
            return ":" + name;
        }

        public Map<String, Object> values() {
            return values;
        }
    }
}
