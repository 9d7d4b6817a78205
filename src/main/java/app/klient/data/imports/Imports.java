package app.klient.data.imports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.sql.DataSource;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.imports.ImportField;
import app.klient.platform.imports.ImportTarget;
import app.klient.platform.imports.TableImport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.jdbc.datasource.DataSourceUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The import wizard: a file is uploaded and read once (format, encoding and delimiter detected, every row counted,
 * a cut or hostile file refused), its columns are mapped to a kind's fields (guessed from the headings, or the
 * mapping last used for the same headings), the first rows are previewed with their problems, and the run is left
 * to {@link ImportRunner} in the background. A finished import can be undone as a whole.
 */
@Service
public class Imports {

    /** The pseudo-field of a column holding another system's id, matched on the next import of the same kind. */
    public static final String EXTERNAL_ID = "externalId";
    public static final int PREVIEW_ROWS = 20;

    public record Column(int index, String heading, List<String> samples, String field) {
    }

    public record Choice(String key, String label, boolean required) {
    }

    public record PreviewRow(long line, List<String> values, List<Problem> problems) {
    }

    /** A problem of a row: the field's name and the message, in the reader's language. */
    public record Problem(String field, String message) {
    }

    public record Refused(long line, List<String> cells, String field, String message) {
    }

    public record Undone(long deleted, long restored, long kept) {
    }

    public record Mapping(Map<Integer, String> columns, String duplicates, String matchKey, String encoding,
            String delimiter) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Map<String, ImportTarget> targets = new LinkedHashMap<>();
    private final MessageSource messages;
    private final AuditLog audit;
    private final long maxBytes;
    private final DataSource dataSource;

    Imports(JdbcClient jdbc, List<ImportTarget> targets, MessageSource messages, AuditLog audit,
            DataSource dataSource, @Value("${klient.imports.max-megabytes:50}") long maxMegabytes) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        for (String kind : List.of("companies", "contacts", "leads", "deals", "products")) {
            targets.stream().filter(t -> t.kind().equals(kind)).findFirst().ifPresent(t -> this.targets.put(kind, t));
        }
        targets.forEach(t -> this.targets.putIfAbsent(t.kind(), t));
        this.messages = messages;
        this.audit = audit;
        this.maxBytes = maxMegabytes * 1024 * 1024;
    }

    public long maxMegabytes() {
        return maxBytes / 1024 / 1024;
    }

    /** The kinds the signed-in user may import. */
    public List<String> kinds() {
        return targets.values().stream().filter(ImportTarget::mayImport).map(ImportTarget::kind).toList();
    }

    /** Whether the signed-in user may import anything (the wizard's pages and API). */
    public static boolean mayUse() {
        return CurrentUser.role().map(Role::canWrite).orElse(false);
    }

    ImportTarget target(String kind) {
        ImportTarget target = targets.get(kind);
        if (target == null) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("kind", "imports.kind.unknown")));
        }
        return target;
    }

    @Transactional
    public long upload(String kind, String filename, byte[] data) {
        allowed();
        ImportTarget target = target(kind);
        if (!target.mayImport()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "imports.kind.forbidden");
        }
        if (data.length > maxBytes) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("file", "imports.file.tooLarge",
                    maxMegabytes())));
        }
        ImportFile.Layout layout = fileField(() -> ImportFile.detect(data));
        ImportFile.Shape shape = fileField(() -> ImportFile.shape(data, layout));
        String signature = ImportFile.signature(shape.headings());
        Map<Integer, String> mapping = remembered(kind, signature, shape.headings().size())
                .orElseGet(() -> guess(target, shape.headings()));
        long id = jdbc.sql("""
                insert into import_jobs (kind, filename, format, encoding, delimiter, headings, signature, mapping,
                    match_key, total_rows, created_by)
                values (:kind, :filename, :format, :encoding, :delimiter, cast(:headings as jsonb), :signature,
                    cast(:mapping as jsonb), :key, :rows, :user) returning id""")
                .param("kind", kind).param("filename", app.klient.platform.files.Files.safeName(filename))
                .param("format", layout.format().name()).param("encoding", layout.encoding())
                .param("delimiter", layout.delimiter() == null ? null : layout.delimiter().toString())
                .param("headings", JSON.writeValueAsString(shape.headings())).param("signature", signature)
                .param("mapping", JSON.writeValueAsString(mapping))
                .param("key", defaultKey(target, mapping)).param("rows", shape.rows())
                .param("user", CurrentUser.id()).query(Long.class).single();
        jdbc.sql("insert into import_files (job_id, data) values (:id, :data)").param("id", id).param("data", data)
                .update();
        return id;
    }

    private static <T> T fileField(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        }
        catch (InvalidFields e) {
            throw e;
        }
        catch (KlientException e) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("file", e.messageKey(), e.arguments())));
        }
    }

    /**
     * The first key whose field is mapped, so duplicates are looked for unless the user says otherwise; the external
     * id only when the file has none of the kind's own keys. An "ID" column is as often Klient's own (its export read
     * back) as another system's: an e-mail or a tax id finds the records either way, an id of the wrong system none.
     */
    private static String defaultKey(ImportTarget target, Map<Integer, String> mapping) {
        return target.keys().stream().filter(mapping::containsValue).findFirst()
                .orElse(mapping.containsValue(EXTERNAL_ID) ? EXTERNAL_ID : null);
    }

    private Optional<Map<Integer, String>> remembered(String kind, String signature, int columns) {
        return jdbc.sql("select mapping::text from import_layouts where kind = :kind and signature = :signature")
                .param("kind", kind).param("signature", signature).query(String.class).optional()
                .map(json -> mapping(json, columns));
    }

    /** Each heading to the field that has it among its headings (first column wins); unknown ones are left out. */
    static Map<Integer, String> guess(ImportTarget target, List<String> headings) {
        Map<Integer, String> mapping = new TreeMap<>();
        for (int i = 0; i < headings.size(); i++) {
            String heading = TableImport.heading(headings.get(i));
            if (heading.isEmpty()) {
                continue;
            }
            if (heading.equals("externalid") || heading.equals("id") || heading.equals("identyfikator")
                    || heading.equals("identifikator")) {
                if (!mapping.containsValue(EXTERNAL_ID)) {
                    mapping.put(i, EXTERNAL_ID);
                }
                continue;
            }
            for (ImportField field : target.fields()) {
                if ((field.headings().contains(heading) || TableImport.heading(field.key()).equals(heading))
                        && !mapping.containsValue(field.key())) {
                    mapping.put(i, field.key());
                    break;
                }
            }
        }
        return mapping;
    }

    private static Map<Integer, String> mapping(String json, int columns) {
        Map<Integer, String> mapping = new TreeMap<>();
        JSON.readTree(json).properties().forEach(e -> {
            int column = Integer.parseInt(e.getKey());
            if (column < columns) {
                mapping.put(column, e.getValue().asString());
            }
        });
        return mapping;
    }

    public List<ImportJob> list() {
        allowed();
        boolean all = CurrentUser.hasRole(Role.ADMIN, Role.MANAGER);
        return jdbc.sql(SELECT + (all ? "" : " where created_by = :user") + " order by created_at desc, id desc limit 100")
                .param("user", CurrentUser.id()).query((rs, n) -> job(rs)).list();
    }

    public ImportJob job(long id) {
        allowed();
        ImportJob job = find(id).orElseThrow(() -> KlientException.notFound("imports.notFound"));
        if (job.createdBy() != CurrentUser.id() && !CurrentUser.hasRole(Role.ADMIN, Role.MANAGER)) {
            throw KlientException.notFound("imports.notFound");
        }
        return job;
    }

    Optional<ImportJob> find(long id) {
        return jdbc.sql(SELECT + " where id = :id").param("id", id).query((rs, n) -> job(rs)).optional();
    }

    public static void checkAllowed() {
        allowed();
    }

    private static void allowed() {
        if (!mayUse()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "imports.forbidden");
        }
    }

    private static final String SELECT = """
            select id, kind, state, filename, format, encoding, delimiter, headings::text, mapping::text, duplicates,
                match_key, total_rows, position, created, updated, skipped, refused, failure, started_at, finished_at,
                created_by, created_at, version from import_jobs""";

    private static ImportJob job(java.sql.ResultSet rs) throws java.sql.SQLException {
        List<String> headings = new ArrayList<>();
        JSON.readTree(rs.getString(8)).valueStream().forEach(h -> headings.add(h.asString()));
        return new ImportJob(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), List.copyOf(headings), mapping(rs.getString(9), headings.size()),
                rs.getString(10), rs.getString(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getLong(15),
                rs.getLong(16), rs.getLong(17), rs.getString(18),
                rs.getObject(19, java.time.OffsetDateTime.class), rs.getObject(20, java.time.OffsetDateTime.class),
                rs.getLong(21), rs.getObject(22, java.time.OffsetDateTime.class), rs.getInt(23));
    }

    /** The fields a column can be mapped to, named in the reader's language, the external id last. */
    public List<Choice> fields(String kind) {
        String language = LocaleContextHolder.getLocale().getLanguage();
        List<Choice> choices = new ArrayList<>();
        for (ImportField field : target(kind).fields()) {
            String label = field.labelKey() == null
                    ? field.labels().getOrDefault(language, field.labels().getOrDefault("en", field.key()))
                    : message(field.labelKey());
            choices.add(new Choice(field.key(), label, field.required()));
        }
        choices.add(new Choice(EXTERNAL_ID, message("imports.field.externalId"), false));
        return choices;
    }

    /** The keys duplicates can be looked for by, as field choices. */
    public List<Choice> keys(String kind) {
        List<Choice> fields = fields(kind);
        List<String> keys = new ArrayList<>(target(kind).keys());
        keys.add(EXTERNAL_ID);
        return fields.stream().filter(f -> keys.contains(f.key())).toList();
    }

    /** The file's columns with their first values and the field each is mapped to. */
    public List<Column> columns(long id) {
        ImportJob job = job(id);
        List<List<String>> rows = firstRows(job, 3);
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < job.headings().size(); i++) {
            int c = i;
            columns.add(new Column(i, job.headings().get(i).isBlank() ? message("imports.column", i + 1)
                    : headings(job).get(i), rows.stream().map(r -> c < r.size() ? r.get(c) : "").toList(),
                    job.mapping().get(i)));
        }
        return columns;
    }

    /** The file's headings as the reader sees them: a vCard's are the fields they fill, in the reader's language. */
    private List<String> headings(ImportJob job) {
        if (!job.format().equals(ImportFile.Format.VCARD.name())) {
            return job.headings();
        }
        return job.headings().stream().map(h -> messages.getMessage("imports.field." + h, null, h,
                LocaleContextHolder.getLocale())).toList();
    }

    private List<List<String>> firstRows(ImportJob job, int max) {
        List<List<String>> rows = new ArrayList<>();
        try {
            ImportFile.read(data(job.id()), layout(job), h -> { }, row -> {
                if (rows.size() == max) {
                    throw new Enough();
                }
                rows.add(row.cells());
            });
        }
        catch (Enough e) {
            // the rows wanted were read
        }
        return rows;
    }

    /** Stops reading a file once enough of it was read. */
    static final class Enough extends RuntimeException {
        Enough() {
            super(null, null, false, false);
        }
    }

    byte[] data(long id) {
        return jdbc.sql("select data from import_files where job_id = :id").param("id", id).query(byte[].class)
                .single();
    }

    static ImportFile.Layout layout(ImportJob job) {
        return new ImportFile.Layout(ImportFile.Format.valueOf(job.format()), job.encoding(),
                job.delimiter() == null ? null : job.delimiter().charAt(0));
    }

    /**
     * Saves how the file is read and mapped while the import is a draft: a changed encoding or delimiter reads the
     * file again (and guesses the mapping again when the headings changed); two columns to one field, an unknown
     * field, an unmapped required field or a duplicate key without its column are refused by field.
     */
    @Transactional
    public ImportJob map(long id, Mapping mapping) {
        ImportJob job = job(id);
        ImportTarget target = target(job.kind());
        if (!target.mayImport()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "imports.kind.forbidden");
        }
        if (!job.draft()) {
            throw KlientException.conflict("imports.notDraft");
        }
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String encoding = mapping.encoding() == null || mapping.encoding().isBlank() ? job.encoding()
                : mapping.encoding();
        String delimiter = mapping.delimiter() == null || mapping.delimiter().isEmpty() ? job.delimiter()
                : mapping.delimiter().equals("tab") ? "\t" : mapping.delimiter();
        if (job.encoding() != null && !ImportFile.ENCODINGS.contains(encoding)) {
            errors.add("encoding", "imports.encoding.unknown");
        }
        if (job.delimiter() != null && (delimiter.length() != 1
                || !ImportFile.DELIMITERS.contains(delimiter.charAt(0)))) {
            errors.add("delimiter", "imports.delimiter.unknown");
        }
        errors.throwIfAny();
        List<String> headings = job.headings();
        long rows = job.totalRows();
        Map<Integer, String> columns = new TreeMap<>(mapping.columns() == null ? Map.of() : mapping.columns());
        boolean reread = job.encoding() != null && (!encoding.equals(job.encoding())
                || (job.delimiter() != null && !delimiter.equals(job.delimiter())));
        boolean newHeadings = false;
        if (reread) {
            ImportFile.Layout layout = new ImportFile.Layout(ImportFile.Format.valueOf(job.format()), encoding,
                    delimiter == null ? null : delimiter.charAt(0));
            ImportFile.Shape shape = fileField(() -> ImportFile.shape(data(id), layout));
            if (!shape.headings().equals(headings)) {
                headings = shape.headings();
                columns = new TreeMap<>(guess(target, headings));
                newHeadings = true;
            }
            rows = shape.rows();
        }
        if (!newHeadings) {
            checkMapping(target, headings.size(), columns, errors);
        }
        String duplicates = mapping.duplicates() == null ? job.duplicates() : mapping.duplicates();
        if (!List.of("SKIP", "UPDATE", "CREATE").contains(duplicates)) {
            errors.add("duplicates", "imports.duplicates.unknown");
        }
        String key = mapping.matchKey() == null || mapping.matchKey().isBlank() ? null : mapping.matchKey();
        if (key != null && !newHeadings) {
            if (!key.equals(EXTERNAL_ID) && !target.keys().contains(key)) {
                errors.add("matchKey", "imports.key.unknown");
            }
            else if (!columns.containsValue(key)) {
                errors.add("matchKey", "imports.key.unmapped");
            }
        }
        errors.throwIfAny();
        String signature = ImportFile.signature(headings);
        int changed = jdbc.sql("""
                update import_jobs set encoding = :encoding, delimiter = :delimiter, headings = cast(:headings as jsonb),
                    signature = :signature, mapping = cast(:mapping as jsonb), duplicates = :duplicates,
                    match_key = :key, total_rows = :rows, version = version + 1
                where id = :id and state = 'DRAFT' and version = :version""")
                .param("encoding", job.encoding() == null ? null : encoding).param("delimiter", delimiter)
                .param("headings", JSON.writeValueAsString(headings)).param("signature", signature)
                .param("mapping", JSON.writeValueAsString(columns)).param("duplicates", duplicates)
                .param("key", newHeadings ? defaultKey(target, columns) : key).param("rows", rows).param("id", id)
                .param("version", job.version()).update();
        if (changed != 1) {
            throw KlientException.conflict("imports.changed");
        }
        if (!newHeadings) {
            jdbc.sql("""
                    insert into import_layouts (kind, signature, mapping) values (:kind, :signature, cast(:mapping as jsonb))
                    on conflict (kind, signature) do update set mapping = excluded.mapping, updated_at = now()""")
                    .param("kind", job.kind()).param("signature", signature)
                    .param("mapping", JSON.writeValueAsString(columns)).update();
        }
        return job(id);
    }

    private void checkMapping(ImportTarget target, int width, Map<Integer, String> columns,
            InvalidFields.Collector errors) {
        Map<String, Integer> used = new HashMap<>();
        List<String> known = new ArrayList<>(target.fields().stream().map(ImportField::key).toList());
        known.add(EXTERNAL_ID);
        for (Map.Entry<Integer, String> e : columns.entrySet()) {
            String field = "mapping[" + e.getKey() + "]";
            if (e.getKey() < 0 || e.getKey() >= width) {
                errors.add(field, "imports.mapping.noColumn");
            }
            else if (!known.contains(e.getValue())) {
                errors.add(field, "imports.mapping.unknownField");
            }
            else if (used.containsKey(e.getValue())) {
                errors.add(field, "imports.mapping.twice", used.get(e.getValue()) + 1);
            }
            else {
                used.put(e.getValue(), e.getKey());
            }
        }
        for (ImportField field : target.fields()) {
            if (field.required() && !used.containsKey(field.key())) {
                errors.add("mapping", "imports.mapping.required", labels(target.kind()).get(field.key()));
            }
        }
    }

    /** The first rows as they would be stored, each with every problem it has. */
    public List<PreviewRow> preview(long id) {
        ImportJob job = job(id);
        ImportTarget target = target(job.kind());
        List<PreviewRow> preview = new ArrayList<>();
        Map<String, String> labels = labels(job.kind());
        try {
            ImportFile.read(data(id), layout(job), h -> { }, row -> {
                if (preview.size() == PREVIEW_ROWS) {
                    throw new Enough();
                }
                Map<String, String> values = values(job.mapping(), row.cells());
                List<Problem> problems = target.check(values).stream()
                        .map(error -> problem(labels, error)).toList();
                preview.add(new PreviewRow(row.line(), job.mapping().keySet().stream()
                        .map(c -> c < row.cells().size() ? row.cells().get(c) : "").toList(), problems));
            });
        }
        catch (Enough e) {
            // the rows wanted were read
        }
        return preview;
    }

    static Map<String, String> values(Map<Integer, String> mapping, List<String> cells) {
        Map<String, String> values = new HashMap<>();
        mapping.forEach((column, field) -> {
            if (column < cells.size() && cells.get(column) != null && !cells.get(column).isBlank()) {
                values.put(field, cells.get(column));
            }
        });
        return values;
    }

    /** Field key to its name in the reader's language. */
    Map<String, String> labels(String kind) {
        Map<String, String> labels = new HashMap<>();
        fields(kind).forEach(f -> labels.put(f.key(), f.label()));
        return labels;
    }

    private Problem problem(Map<String, String> labels, InvalidFields.FieldError error) {
        return new Problem(labels.getOrDefault(error.field(), error.field()), messages.getMessage(error.messageKey(), error.arguments(),
                error.messageKey(), LocaleContextHolder.getLocale()));
    }

    /** Hands the import to the background: from a draft with a valid mapping, once. */
    @Transactional
    public ImportJob start(long id) {
        ImportJob job = job(id);
        ImportTarget target = target(job.kind());
        if (!target.mayImport()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "imports.kind.forbidden");
        }
        InvalidFields.Collector errors = new InvalidFields.Collector();
        checkMapping(target, job.headings().size(), job.mapping(), errors);
        errors.throwIfAny();
        int changed = jdbc.sql("""
                update import_jobs set state = 'QUEUED', version = version + 1
                where id = :id and state = 'DRAFT' and version = :version""")
                .param("id", id).param("version", job.version()).update();
        if (changed != 1) {
            throw KlientException.conflict("imports.notDraft");
        }
        audit.record(AuditAction.IMPORT, job.kind(), id, "Import of " + job.totalRows() + " rows from "
                + job.filename() + " started", List.of());
        return job(id);
    }

    /**
     * Deletes a draft (an upload that was never started) with its stored file; a started import is refused, as it
     * has rows and records of its own (undo takes those back).
     */
    @Transactional
    public void deleteDraft(long id) {
        ImportJob job = job(id);
        if (jdbc.sql("delete from import_jobs where id = :id and state = 'DRAFT'").param("id", id).update() != 1) {
            throw KlientException.conflict("imports.draft.started");
        }
        audit.record(AuditAction.IMPORT, job.kind(), id, "Draft import of " + job.totalRows() + " rows from "
                + job.filename() + " deleted", List.of());
    }

    /** The refused rows, in line order, at most {@code max}. */
    public List<Refused> refused(long id, int max) {
        Map<String, String> labels = labels(job(id).kind());
        return jdbc.sql("""
                select line, cells::text, field, reason, arguments::text from import_rows
                where job_id = :id and outcome = 'REFUSED' order by line limit :max""")
                .param("id", id).param("max", max).query((rs, n) -> refused(rs, labels)).list();
    }

    private Refused refused(java.sql.ResultSet rs, Map<String, String> labels) throws java.sql.SQLException {
        List<String> cells = new ArrayList<>();
        JSON.readTree(rs.getString(2)).valueStream().forEach(c -> cells.add(c.asString()));
        List<Object> arguments = new ArrayList<>();
        if (rs.getString(5) != null) {
            JSON.readTree(rs.getString(5)).valueStream().forEach(a -> arguments.add(a.isNumber() ? a.numberValue()
                    : a.asString()));
        }
        return new Refused(rs.getLong(1), cells, rs.getString(3) == null ? null
                : labels.getOrDefault(rs.getString(3), rs.getString(3)), messages.getMessage(rs.getString(4),
                arguments.toArray(), rs.getString(4), LocaleContextHolder.getLocale()));
    }

    /**
     * The refused rows as a CSV file to fix and import again: the file's own columns, then the line and the reason.
     * A cell that a spreadsheet would run as a formula (= + - @ first) gets a leading apostrophe.
     */
    public void refusedCsv(long id, Writer out) {
        ImportJob job = job(id);
        Map<String, String> labels = labels(job.kind());
        try {
            out.write('\uFEFF');
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setDelimiter(
                    job.delimiter() == null ? ',' : job.delimiter().charAt(0)).get());
            List<String> header = new ArrayList<>(headings(job));
            header.add(message("imports.refused.line"));
            header.add(message("imports.refused.reason"));
            csv.printRecord(header.stream().map(Imports::neutral).toList());
            jdbc.sql("""
                    select line, cells::text, field, reason, arguments::text from import_rows
                    where job_id = :id and outcome = 'REFUSED' order by line""").param("id", id).query(rs -> {
                        Refused row = refused(rs, labels);
                        List<String> record = new ArrayList<>(row.cells());
                        while (record.size() < job.headings().size()) {
                            record.add("");
                        }
                        record.add(String.valueOf(row.line()));
                        record.add((row.field() == null ? "" : row.field() + ": ") + row.message());
                        try {
                            csv.printRecord(record.stream().map(Imports::neutral).toList());
                        }
                        catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            csv.flush();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String neutral(String cell) {
        return cell != null && !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }

    /**
     * Takes a finished import back: the records it made are deleted, the ones it updated get their old values back,
     * except where somebody changed them since (they are kept, and counted); what the import made alongside them (a
     * contact's new company) follows by the same rule, and is kept while in use. Once: a second undo is refused.
     */
    @Transactional
    public Undone undo(long id) {
        ImportJob job = job(id);
        ImportTarget target = target(job.kind());
        if (!target.mayImport()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "imports.kind.forbidden");
        }
        if (jdbc.sql("""
                update import_jobs set state = 'UNDONE', version = version + 1
                where id = :id and state in ('DONE', 'FAILED')""").param("id", id).update() != 1) {
            throw KlientException.conflict("imports.notUndoable");
        }
        long[] counts = new long[3];
        Map<String, List<Long>> alongside = target.madeAlongside(jdbc.sql("""
                select record_id from import_rows where job_id = :id and outcome = 'CREATED'""").param("id", id)
                .query(Long.class).list());
        // the version each record should have when the import's later rows are taken back: a record made by the
        // import and changed by nobody since is at the version it was made with, or at the one its restore left
        Map<Long, Integer> expected = new java.util.HashMap<>();
        jdbc.sql("""
                select outcome, record_id, before::text, record_version from import_rows
                where job_id = :id and outcome in ('CREATED', 'UPDATED') order by line desc""").param("id", id)
                .query(rs -> {
                    long record = rs.getLong(2);
                    boolean done;
                    if (rs.getString(1).equals("CREATED")) {
                        int version = expected.getOrDefault(record, rs.getObject(4) == null ? 0 : rs.getInt(4));
                        done = alone(() -> target.delete(record, version));
                        counts[done ? 0 : 2]++;
                    }
                    else {
                        ImportTarget.Replaced replaced = new ImportTarget.Replaced(rs.getString(3), rs.getInt(4));
                        done = alone(() -> target.restore(record, replaced));
                        if (done) {
                            expected.put(record, replaced.version() + 1);
                        }
                        counts[done ? 1 : 2]++;
                    }
                });
        // what the records needed and the import made for them (a contact's new company) goes after them, unless
        // it is in use or changed since
        alongside.forEach((kind, records) -> {
            ImportTarget owner = targets.get(kind);
            for (long record : records) {
                counts[owner != null && alone(() -> owner.delete(record, 0)) ? 0 : 2]++;
            }
        });
        jdbc.sql("""
                delete from import_external_ids e using import_rows r
                where r.job_id = :id and r.outcome = 'CREATED' and e.kind = :kind and e.record_id = r.record_id""")
                .param("id", id).param("kind", job.kind()).update();
        audit.record(AuditAction.IMPORT, job.kind(), id, "Import from " + job.filename() + " undone: " + counts[0]
                + " deleted, " + counts[1] + " restored, " + counts[2] + " kept", List.of());
        return new Undone(counts[0], counts[1], counts[2]);
    }

    /**
     * Runs a change (one row's, or a batch's rows') in a savepoint of the caller's transaction: when the database
     * refuses it (a constraint, a record in use), only that change is taken back and false answered.
     */
    boolean alone(java.util.function.BooleanSupplier change) {
        java.sql.Connection connection = DataSourceUtils.getConnection(dataSource);
        java.sql.Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        }
        catch (java.sql.SQLException e) {
            throw new IllegalStateException("A savepoint could not be set", e);
        }
        boolean done;
        try {
            done = change.getAsBoolean();
        }
        catch (DataAccessException e) {
            done = false;
        }
        try {
            if (done) {
                connection.releaseSavepoint(savepoint);
            }
            else {
                connection.rollback(savepoint);
            }
        }
        catch (java.sql.SQLException e) {
            throw new IllegalStateException("A savepoint could not be ended", e);
        }
        return done;
    }

    private String message(String key, Object... arguments) {
        return messages.getMessage(key, arguments, key, LocaleContextHolder.getLocale());
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    static JsonNode tree(String json) {
        return JSON.readTree(json);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
