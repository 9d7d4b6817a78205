package app.klient.platform.imports;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import app.klient.platform.InvalidFields;
import app.klient.platform.SearchText;
import app.klient.platform.web.KlientLocaleResolver;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@link ImportTarget} over one table, described by its columns: each cell is checked and converted as its type
 * says (e-mails, phones in E.164, countries, amounts with a decimal comma, dates as 2026-12-06 or 6.12.2026, yes and
 * no in three languages), text stays text (a cell "=cmd|..." is stored as written, never evaluated), an update only
 * writes the cells that have a value and is versioned like every edit. The module owning the table subclasses it
 * and adds what its records need beyond a column (an owner, a pipeline, a company found by name).
 */
public abstract class TableImport implements ImportTarget {

    public enum Type {
        TEXT, EMAIL, PHONE, COUNTRY, LANGUAGE, CURRENCY, DECIMAL, DATE, BOOLEAN, CHOICE,
        /**
         * E-mails or phones into an array column, one or several in a cell ("a@x.pl; b@y.pl", as exports write
         * them): added to the record's list in their order, never replacing it; the first is the one duplicates
         * are looked for by.
         */
        EMAILS, PHONES,
        /** Tags separated by ; , or |. */
        TAGS
    }

    /**
     * A field stored in a column; {@code search} ones make the record's search text. A choice is written as its code
     * or, where {@code labels} is a message prefix, as its name in any of Klient's languages (as Klient's own exports
     * write it: {@code stage.CUSTOMER} → "Klient").
     */
    public record Column(String field, String column, Type type, int max, boolean required, boolean search,
            List<String> choices, String labels, String... headings) {

        public static Column of(String field, String column, Type type, int max, String... headings) {
            return new Column(field, column, type, max, false, false, List.of(), null, headings);
        }

        public Column mandatory() {
            return new Column(field, column, type, max, true, search, choices, labels, headings);
        }

        public Column searched() {
            return new Column(field, column, type, max, required, true, choices, labels, headings);
        }

        /** One of {@code values}, by its code or by its name (message {@code labels + value}). */
        public Column choices(String labels, String... values) {
            return new Column(field, column, Type.CHOICE, max, required, search, List.of(values), labels, headings);
        }
    }

    /** A custom field the administrator defined, stored under {@code key} in the record's custom_fields. */
    public record CustomField(String key, String type, Map<String, String> labels, List<String> options) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern TAG_SEPARATORS = Pattern.compile("[;,|]");
    private static final Pattern LIST_SEPARATORS = Pattern.compile("[;,]");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final List<DateTimeFormatter> DATES = List.of(DateTimeFormatter.ISO_LOCAL_DATE,
            // vCard's basic form (BDAY:19800115)
            DateTimeFormatter.BASIC_ISO_DATE,
            DateTimeFormatter.ofPattern("d.M.uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT),
            // a moment where a day is asked for (a sheet's date cell with a time, Klient's own export): its day
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm[:ss]").withResolverStyle(ResolverStyle.STRICT));
    private static final String CUSTOM = "custom.";

    /** Bind parameters in one insert, well under PostgreSQL's 65,535. */
    private static final int MAX_PARAMETERS = 30_000;

    protected final JdbcClient jdbc;
    /** What a batch looks up once (its custom fields, a company by name), kept while it is checked or created. */
    private final ThreadLocal<Map<Object, Object>> batch = new ThreadLocal<>();
    private final String kind;
    private final String table;
    private final String homeCountry;
    private final List<Column> columns;
    /** The SQL that tells whether a row refers to a record of the table, read from the catalog when first needed. */
    private volatile String references;

    /** Names of choices in Klient's languages; set by Spring on every subclass that is a bean. */
    private MessageSource messages;

    protected TableImport(JdbcClient jdbc, String kind, String table, String homeCountry, List<Column> columns) {
        this.jdbc = jdbc;
        this.kind = kind;
        this.table = table;
        this.homeCountry = homeCountry;
        this.columns = List.copyOf(columns);
    }

    @Autowired
    void setMessages(MessageSource messages) {
        this.messages = messages;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public List<ImportField> fields() {
        List<ImportField> fields = new ArrayList<>();
        for (Column c : columns) {
            fields.add(new ImportField(c.field(), "imports.field." + c.field(), Map.of(), c.required(),
                    Set.of(c.headings())));
        }
        for (CustomField f : activeCustomFields()) {
            Set<String> headings = new java.util.HashSet<>();
            f.labels().values().forEach(label -> headings.add(heading(label)));
            headings.add(heading(f.key()));
            fields.add(new ImportField(CUSTOM + f.key(), null, f.labels(), false, Set.copyOf(headings)));
        }
        return fields;
    }

    /**
     * A lookup each row of a batch would repeat (the custom fields, a company by name): asked once while a batch
     * is checked or created, each time otherwise. {@code key} names what is looked up.
     */
    @SuppressWarnings("unchecked")
    protected <T> T remembered(Object key, Supplier<T> lookup) {
        Map<Object, Object> known = batch.get();
        if (known == null) {
            return lookup.get();
        }
        if (!known.containsKey(key)) {
            known.put(key, lookup.get());
        }
        return (T) known.get(key);
    }

    private <T> T inBatch(Supplier<T> work) {
        if (batch.get() != null) {
            return work.get();
        }
        batch.set(new HashMap<>());
        try {
            return work.get();
        }
        finally {
            batch.remove();
        }
    }

    /** A heading as the wizard compares it: lower case, no diacritics, only letters and digits. */
    public static String heading(String text) {
        return SearchText.fold(text).replaceAll("[^a-z0-9]", "");
    }

    /** The custom fields this kind has (active ones); none unless the owning module has them. */
    protected List<CustomField> customFields() {
        return List.of();
    }

    private List<CustomField> activeCustomFields() {
        return remembered(CUSTOM, this::customFields);
    }

    /** The column the importing user is written to as owner, or null when the kind has no owner. */
    protected String ownerColumn() {
        return null;
    }

    /** Columns a new record needs beyond the file's (a pipeline and stage, a source): column to value. */
    protected Map<String, Object> defaults(Map<String, String> values) {
        return Map.of();
    }

    /** Problems beyond one cell (a company that cannot be found...); none by default. */
    protected void checkRow(Map<String, String> values, InvalidFields.Collector errors) {
    }

    /**
     * Looks up at once what the rows of a batch about to be created will {@link #resolve} one by one (their companies
     * by name), and {@linkplain #remembered remembers} it; nothing by default. What it makes belongs to
     * {@code owner}, the importing user.
     */
    protected void prepare(List<Map<String, String>> rows, long owner) {
    }

    /**
     * Fields that are not columns (a company named in a cell, turned into its id) as columns to write: called for
     * create and update with the checked values; what it makes (a missing company) belongs to {@code owner}, the
     * importing user.
     */
    protected Map<String, Object> resolve(Map<String, String> values, long owner) {
        return Map.of();
    }

    @Override
    public List<InvalidFields.FieldError> check(Map<String, String> values) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        for (Column c : columns) {
            String raw = values.get(c.field());
            if (raw == null || raw.isBlank()) {
                if (c.required()) {
                    errors.add(c.field(), "imports.problem.required");
                }
                continue;
            }
            convert(c, raw.strip(), errors);
        }
        for (CustomField f : activeCustomFields()) {
            String raw = values.get(CUSTOM + f.key());
            if (raw != null && !raw.isBlank()) {
                custom(f, raw.strip(), errors);
            }
        }
        checkRow(values, errors);
        List<InvalidFields.FieldError> problems = new ArrayList<>();
        try {
            errors.throwIfAny();
        }
        catch (InvalidFields e) {
            problems.addAll(e.errors());
        }
        return problems;
    }

    @Override
    public List<List<InvalidFields.FieldError>> checkAll(List<Map<String, String>> rows) {
        return inBatch(() -> rows.stream().map(this::check).toList());
    }

    @Override
    public String normalized(String key, String value) {
        Column c = column(key);
        Object converted = c == null || value == null || value.isBlank() ? null
                : convert(c, value.strip(), new InvalidFields.Collector());
        if (converted instanceof List<?> list) {
            converted = list.isEmpty() ? null : list.get(0);
        }
        return converted == null ? null : converted.toString();
    }

    @Override
    public Map<String, Long> findAll(String key, Collection<String> values) {
        Map<String, String> normalized = new HashMap<>();
        for (String value : values) {
            String n = normalized(key, value);
            if (n != null) {
                normalized.put(value, n);
            }
        }
        Map<String, Long> found = new HashMap<>();
        if (normalized.isEmpty()) {
            return found;
        }
        Column c = column(key);
        String[] wanted = normalized.values().stream().distinct().toArray(String[]::new);
        String sql = switch (c.type()) {
            // one overlap for the whole batch, which the array's GIN index answers in one scan
            case EMAILS, PHONES -> "select v.value, min(t.id) from " + table + " t cross join lateral unnest(t."
                    + c.column() + ") as v(value) where t." + c.column() + " && cast(:values as text[])"
                    + " and v.value = any(cast(:values as text[])) group by v.value";
            case EMAIL, TEXT -> "select v.value, min(t.id) from unnest(cast(:values as text[])) as v(value) join "
                    + table + " t on lower(t." + c.column() + ") = lower(v.value) group by v.value";
            default -> "select v.value, min(t.id) from unnest(cast(:values as text[])) as v(value) join " + table
                    + " t on t." + c.column() + "::text = v.value group by v.value";
        };
        Map<String, Long> byValue = new HashMap<>();
        jdbc.sql(sql).param("values", wanted).query(rs -> {
            byValue.put(rs.getString(1), rs.getLong(2));
        });
        normalized.forEach((value, n) -> {
            if (byValue.containsKey(n)) {
                found.put(value, byValue.get(n));
            }
        });
        return found;
    }

    @Override
    public List<Long> createAll(List<Map<String, String>> rows, long owner) {
        return inBatch(() -> {
            prepare(rows, owner);
            // rows that fill the same columns go in one statement
            Map<String, List<Integer>> shapes = new LinkedHashMap<>();
            List<Map<String, Object>> written = new ArrayList<>(rows.size());
            List<Map<String, String>> expressions = new ArrayList<>(rows.size());
            for (int r = 0; r < rows.size(); r++) {
                Map<String, String> values = rows.get(r);
                Map<String, Object> row = new LinkedHashMap<>();
                Map<String, String> expression = new LinkedHashMap<>();
                written(values, row, expression, false);
                row.putAll(resolve(values, owner));
                defaults(values).forEach(row::putIfAbsent);
                if (ownerColumn() != null) {
                    row.putIfAbsent(ownerColumn(), owner);
                }
                row.put("search_text", searchText(values, Map.of()));
                written.add(row);
                expressions.add(expression);
                shapes.computeIfAbsent(row.keySet() + " " + expression, k -> new ArrayList<>()).add(r);
            }
            Long[] ids = new Long[rows.size()];
            for (List<Integer> shape : shapes.values()) {
                int chunk = Math.max(1, MAX_PARAMETERS / written.get(shape.get(0)).size());
                for (int from = 0; from < shape.size(); from += chunk) {
                    List<Integer> part = shape.subList(from, Math.min(shape.size(), from + chunk));
                    List<Long> made = insert(part.stream().map(written::get).toList(),
                            expressions.get(part.get(0)));
                    for (int i = 0; i < part.size(); i++) {
                        ids[part.get(i)] = made.get(i);
                    }
                }
            }
            return List.of(ids);
        });
    }

    /** One insert of rows that fill the same columns; their ids in the rows' order. */
    private List<Long> insert(List<Map<String, Object>> rows, Map<String, String> expressions) {
        List<String> names = List.copyOf(rows.get(0).keySet());
        StringBuilder sql = new StringBuilder("insert into ").append(table).append(" (")
                .append(String.join(", ", names)).append(") values ");
        Map<String, Object> params = new HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            sql.append(r == 0 ? "(" : ", (");
            int i = 0;
            for (Object value : rows.get(r).values()) {
                // a column's SQL names its value :pN, N the column's position; each row's value gets its own name
                String name = "p" + r + "_" + i;
                String expression = expressions.get(names.get(i));
                sql.append(i == 0 ? "" : ", ").append(expression == null ? ":" + name
                        : expression.replace(":p" + i, ":" + name));
                params.put(name, value);
                i++;
            }
            sql.append(')');
        }
        // the rows take the sequence's values in the order they are inserted, which is the statement's
        List<Long> ids = new ArrayList<>(jdbc.sql(sql + " returning id").params(params).query(Long.class).list());
        ids.sort(null);
        return ids;
    }

    @Override
    public Optional<Replaced> update(long id, Map<String, String> values, long owner) {
        Map<String, Object> row = new LinkedHashMap<>();
        Map<String, String> expressions = new LinkedHashMap<>();
        written(values, row, expressions, true);
        row.putAll(resolve(values, owner));
        row.put("search_text", null);
        List<String> searched = columns.stream().filter(Column::search).map(Column::column).distinct().toList();
        StringBuilder before = new StringBuilder("jsonb_build_object(");
        int n = 0;
        for (String column : row.keySet()) {
            before.append(n++ == 0 ? "" : ", ").append('\'').append(column).append("', ").append(column);
        }
        before.append(')');
        StringBuilder current = new StringBuilder("jsonb_build_object(");
        n = 0;
        for (String column : searched) {
            current.append(n++ == 0 ? "" : ", ").append('\'').append(column).append("', ").append(column);
        }
        current.append(')');
        var found = jdbc.sql("select version, " + before + "::text, " + (searched.isEmpty() ? "'{}'" : current)
                + "::text from " + table + " where id = :id for update").param("id", id)
                .query((rs, i) -> new Object[] { rs.getInt(1), rs.getString(2), rs.getString(3) }).optional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        int version = (Integer) found.get()[0];
        Map<String, Object> now = new LinkedHashMap<>();
        JSON.readTree((String) found.get()[2]).properties().forEach(e -> now.put(e.getKey(),
                e.getValue().isArray() ? String.join(" ", e.getValue().valueStream().map(v -> v.asString()).toList())
                        : e.getValue().isNull() ? null : e.getValue().asString()));
        row.put("search_text", searchText(values, now));
        StringBuilder set = new StringBuilder();
        int i = 0;
        for (String column : row.keySet()) {
            set.append(column).append(" = ").append(expressions.getOrDefault(column, ":p" + i)).append(", ");
            i++;
        }
        JdbcClient.StatementSpec update = jdbc.sql("update " + table + " set " + set
                + "version = version + 1, updated_at = now() where id = :id and version = :version")
                .param("id", id).param("version", version);
        i = 0;
        for (Object value : row.values()) {
            update = update.param("p" + i++, value);
        }
        if (update.update() != 1) {
            return Optional.empty();
        }
        return Optional.of(new Replaced((String) found.get()[1], version + 1));
    }

    @Override
    public boolean delete(long id, int version) {
        return jdbc.sql("delete from " + table + " where id = :id and version = :version").param("id", id)
                .param("version", version).update() == 1;
    }

    /**
     * Whether a row of any table refers to record {@code id} by a foreign key: what an undo must not take a record
     * from, even where the key would only be emptied ({@code on delete set null}).
     */
    protected boolean referenced(long id) {
        String references = this.references;
        if (references == null) {
            references = jdbc.sql("""
                    select coalesce(string_agg(format('exists (select 1 from %s where %I = :id)', c.conrelid::regclass,
                        a.attname), ' or '), 'false')
                    from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
                    where c.contype = 'f' and c.confrelid = cast(:table as regclass) and cardinality(c.conkey) = 1""")
                    .param("table", table).query(String.class).single();
            this.references = references;
        }
        return jdbc.sql("select " + references).param("id", id).query(Boolean.class).single();
    }

    @Override
    public boolean restore(long id, Replaced replaced) {
        List<String> restored = new ArrayList<>();
        JSON.readTree(replaced.before()).properties().forEach(e -> restored.add(e.getKey()));
        if (restored.isEmpty()) {
            return true;
        }
        for (String column : restored) {
            if (!column.matches("[a-z_]+")) {
                throw new IllegalArgumentException("Not a column: " + column);
            }
        }
        String list = String.join(", ", restored);
        return jdbc.sql("update " + table + " t set (" + list + ") = (select " + list + " from jsonb_populate_record("
                + "null::" + table + ", cast(:before as jsonb))), version = version + 1, updated_at = now() "
                + "where id = :id and version = :version").param("before", replaced.before()).param("id", id)
                .param("version", replaced.version()).update() == 1;
    }

    /** The checked values as columns (and the SQL each is written with, where not a plain parameter). */
    private void written(Map<String, String> values, Map<String, Object> row, Map<String, String> expressions,
            boolean update) {
        InvalidFields.Collector ignored = new InvalidFields.Collector();
        int p = 0;
        for (Column c : columns) {
            String raw = values.get(c.field());
            if (raw == null || raw.isBlank()) {
                continue;
            }
            Object value = convert(c, raw.strip(), ignored);
            String param = ":p" + row.size();
            switch (c.type()) {
                case EMAILS, PHONES -> {
                    value = String.join("\u001f", ((List<?>) value).stream().map(String::valueOf).toList());
                    expressions.put(c.column(), update
                            ? c.column() + " || array(select v from unnest(string_to_array(cast(" + param
                                    + " as text), E'\\x1f')) with ordinality as x(v, n) where v <> all("
                                    + c.column() + ") order by n)"
                            : "string_to_array(cast(" + param + " as text), E'\\x1f')");
                }
                case TAGS -> {
                    value = String.join("\u001f", ((List<?>) value).stream().map(String::valueOf).toList());
                    expressions.put(c.column(), update
                            ? "array(select distinct unnest(" + c.column() + " || string_to_array(cast(" + param
                                    + " as text), E'\\x1f')))"
                            : "string_to_array(cast(" + param + " as text), E'\\x1f')");
                }
                default -> {
                }
            }
            row.put(c.column(), value);
            p++;
        }
        Map<String, Object> custom = new LinkedHashMap<>();
        for (CustomField f : activeCustomFields()) {
            String raw = values.get(CUSTOM + f.key());
            if (raw != null && !raw.isBlank()) {
                custom.put(f.key(), custom(f, raw.strip(), ignored));
            }
        }
        if (!custom.isEmpty()) {
            String param = ":p" + row.size();
            row.put("custom_fields", JSON.writeValueAsString(custom));
            expressions.put("custom_fields", update ? "custom_fields || cast(" + param + " as jsonb)"
                    : "cast(" + param + " as jsonb)");
        }
    }

    /** The search text from the searched fields: the file's values over the record's current ones. */
    private String searchText(Map<String, String> values, Map<String, Object> current) {
        List<Object> parts = new ArrayList<>();
        for (Column c : columns) {
            if (!c.search()) {
                continue;
            }
            String raw = values.get(c.field());
            Object value = raw == null || raw.isBlank() ? current.get(c.column())
                    : convert(c, raw.strip(), new InvalidFields.Collector());
            parts.add(value instanceof List<?> list ? String.join(" ", list.stream().map(String::valueOf).toList())
                    : value);
        }
        return SearchText.of(parts.toArray());
    }

    private Column column(String field) {
        return columns.stream().filter(c -> c.field().equals(field)).findFirst().orElse(null);
    }

    /** A cell as its column's value, or null with the problem added. */
    private Object convert(Column c, String raw, InvalidFields.Collector errors) {
        String field = c.field();
        if (c.type() == Type.EMAILS || c.type() == Type.PHONES) {
            Column one = new Column(field, c.column(), c.type() == Type.EMAILS ? Type.EMAIL : Type.PHONE, c.max(),
                    c.required(), c.search(), c.choices(), c.labels(), c.headings());
            List<String> values = new ArrayList<>();
            for (String part : LIST_SEPARATORS.split(raw)) {
                if (part.isBlank()) {
                    continue;
                }
                Object value = convert(one, part.strip(), errors);
                if (value == null) {
                    return null;
                }
                if (!values.contains(value.toString())) {
                    values.add(value.toString());
                }
            }
            if (values.isEmpty()) {
                errors.add(field, c.type() == Type.EMAILS ? "imports.problem.email" : "imports.problem.phone", raw);
                return null;
            }
            return values;
        }
        // a code or a number too long is named for what it is not; free text for being too long
        boolean text = switch (c.type()) {
            case TEXT, EMAIL, TAGS -> true;
            default -> false;
        };
        if (raw.length() > (text ? c.max() : 100)) {
            errors.add(field, "imports.problem.tooLong", text ? c.max() : 100);
            return null;
        }
        switch (c.type()) {
            case TEXT:
                return raw;
            case EMAIL:
                if (!EMAIL.matcher(raw).matches()) {
                    errors.add(field, "imports.problem.email", raw);
                    return null;
                }
                return raw.toLowerCase(Locale.ROOT);
            case PHONE:
                try {
                    Phonenumber.PhoneNumber number = PHONES.parse(raw, homeCountry);
                    if (!PHONES.isPossibleNumber(number)) {
                        errors.add(field, "imports.problem.phone", raw);
                        return null;
                    }
                    return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
                }
                catch (NumberParseException e) {
                    errors.add(field, "imports.problem.phone", raw);
                    return null;
                }
            case COUNTRY:
                String country = raw.toUpperCase(Locale.ROOT);
                if (!COUNTRIES.contains(country)) {
                    errors.add(field, "imports.problem.country", raw);
                    return null;
                }
                return country;
            case LANGUAGE:
                String language = raw.toLowerCase(Locale.ROOT);
                if (!language.matches("[a-z]{2}")) {
                    errors.add(field, "imports.problem.language", raw);
                    return null;
                }
                return language;
            case CURRENCY:
                String currency = raw.toUpperCase(Locale.ROOT);
                try {
                    Currency.getInstance(currency);
                    return currency;
                }
                catch (IllegalArgumentException e) {
                    errors.add(field, "imports.problem.currency", raw);
                    return null;
                }
            case DECIMAL:
                BigDecimal number = decimal(raw);
                if (number == null || number.signum() < 0 || number.precision() - number.scale() > 16) {
                    errors.add(field, "imports.problem.number", raw);
                    return null;
                }
                return number;
            case DATE:
                for (DateTimeFormatter format : DATES) {
                    try {
                        return LocalDate.parse(raw, format);
                    }
                    catch (DateTimeParseException e) {
                        // the next format
                    }
                }
                errors.add(field, "imports.problem.date", raw);
                return null;
            case BOOLEAN:
                Boolean yes = yes(raw);
                if (yes == null) {
                    errors.add(field, "imports.problem.yesNo", raw);
                }
                return yes;
            case CHOICE:
                String choice = heading(raw);
                for (String option : c.choices()) {
                    if (option.replace("_", "").equals(choice.toUpperCase(Locale.ROOT)) || named(c, option, choice)) {
                        return option;
                    }
                }
                errors.add(field, "imports.problem.choice", raw, String.join(", ", c.choices()));
                return null;
            case TAGS:
                List<String> tags = Arrays.stream(TAG_SEPARATORS.split(raw)).map(String::strip)
                        .filter(t -> !t.isEmpty()).distinct().toList();
                if (tags.stream().anyMatch(t -> t.length() > 50)) {
                    errors.add(field, "imports.problem.tooLong", 50);
                    return null;
                }
                return tags;
            default:
                throw new IllegalStateException(c.type().name());
        }
    }

    /** Whether {@code heading} is the name of {@code option} in one of Klient's languages. */
    private boolean named(Column c, String option, String heading) {
        if (c.labels() == null || messages == null) {
            return false;
        }
        for (Locale language : KlientLocaleResolver.SUPPORTED) {
            if (heading.equals(heading(messages.getMessage(c.labels() + option, null, "", language)))) {
                return true;
            }
        }
        return false;
    }

    private static Object custom(CustomField f, String raw, InvalidFields.Collector errors) {
        String field = CUSTOM + f.key();
        if (raw.length() > 500) {
            errors.add(field, "imports.problem.tooLong", 500);
            return null;
        }
        switch (f.type()) {
            case "NUMBER":
                BigDecimal number = decimal(raw);
                if (number == null) {
                    errors.add(field, "imports.problem.number", raw);
                }
                return number;
            case "DATE":
                try {
                    return LocalDate.parse(raw).toString();
                }
                catch (DateTimeParseException e) {
                    errors.add(field, "imports.problem.date", raw);
                    return null;
                }
            case "BOOLEAN":
                Boolean yes = yes(raw);
                if (yes == null) {
                    errors.add(field, "imports.problem.yesNo", raw);
                }
                return yes;
            case "CHOICE":
                if (!f.options().isEmpty() && !f.options().contains(raw)) {
                    errors.add(field, "imports.problem.choice", raw, String.join(", ", f.options()));
                    return null;
                }
                return raw;
            case "MULTI_CHOICE":
                List<String> chosen = Arrays.stream(TAG_SEPARATORS.split(raw)).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList();
                if (!f.options().isEmpty() && !f.options().containsAll(chosen)) {
                    errors.add(field, "imports.problem.choice", raw, String.join(", ", f.options()));
                    return null;
                }
                return chosen;
            default:
                return raw;
        }
    }

    /** "1 234,50", "1234.50" and "1,234.50" alike; null when it is not a number. */
    private static BigDecimal decimal(String raw) {
        String s = raw.replace("\u00a0", "").replace(" ", "");
        if (s.contains(",") && s.contains(".")) {
            s = s.lastIndexOf(',') > s.lastIndexOf('.') ? s.replace(".", "").replace(',', '.') : s.replace(",", "");
        }
        else {
            s = s.replace(',', '.');
        }
        try {
            return new BigDecimal(s);
        }
        catch (NumberFormatException e) {
            return null;
        }
    }

    private static Boolean yes(String raw) {
        return switch (SearchText.fold(raw)) {
            case "yes", "y", "true", "1", "tak", "t", "ano", "a", "x" -> true;
            case "no", "n", "false", "0", "nie", "ne" -> false;
            default -> null;
        };
    }
}
