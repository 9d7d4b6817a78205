package app.klient.analytics.report;

/**
 * A field of a report's subject: its id (its name is the message {@code report.field.<id>}), what it is, the SQL that
 * reads it, and for a reference the SQL of the name it shows, for an amount its currency and day (converted into
 * the company currency on that day), for a code the message prefix that names its values ({@code deal.status.}), and
 * for a reference with an order of its own (a stage: its pipeline's order, then its place in the pipeline) the SQL its
 * groups sort by instead of their names.
 */
public record ReportField(String id, Type type, String sql, String labelSql, String currencySql, String daySql,
        String valuePrefix, String orderSql) {

    /** What a field holds, which decides how it filters, groups and measures. */
    public enum Type {
        /** Free text: filtered by equality or a fragment, grouped by value. */
        TEXT,
        /** One of a few codes (a status, a country): grouped by value, named by {@code valuePrefix}. */
        CODE,
        /** Another record (an owner, a stage): grouped by it, shown by its name. */
        REF,
        NUMBER,
        /** An amount in a document's currency, reported in the company currency. */
        MONEY,
        /** A day or a moment: grouped by day, week, month, quarter or year. */
        DATE,
        BOOLEAN
    }

    static ReportField text(String id, String sql) {
        return new ReportField(id, Type.TEXT, sql, null, null, null, null, null);
    }

    static ReportField code(String id, String sql, String valuePrefix) {
        return new ReportField(id, Type.CODE, sql, null, null, null, valuePrefix, null);
    }

    static ReportField ref(String id, String sql, String labelSql) {
        return new ReportField(id, Type.REF, sql, labelSql, null, null, null, null);
    }

    /** A reference whose groups sort by {@code orderSql} (an expression of {@code sql}), not by name. */
    static ReportField ordered(String id, String sql, String labelSql, String orderSql) {
        return new ReportField(id, Type.REF, sql, labelSql, null, null, null, orderSql);
    }

    static ReportField number(String id, String sql) {
        return new ReportField(id, Type.NUMBER, sql, null, null, null, null, null);
    }

    static ReportField money(String id, String sql, String currencySql, String daySql) {
        return new ReportField(id, Type.MONEY, sql, null, currencySql, daySql, null, null);
    }

    static ReportField date(String id, String sql) {
        return new ReportField(id, Type.DATE, sql, null, null, null, null, null);
    }

    static ReportField bool(String id, String sql) {
        return new ReportField(id, Type.BOOLEAN, sql, null, null, null, null, null);
    }

    public boolean groupable() {
        return type != Type.NUMBER && type != Type.MONEY;
    }

    /** Sum, average, minimum and maximum need numbers; a count of distinct values takes any field. */
    public boolean summable() {
        return type == Type.NUMBER || type == Type.MONEY;
    }
}
