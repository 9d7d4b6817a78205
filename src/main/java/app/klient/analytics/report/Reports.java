package app.klient.analytics.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import app.klient.analytics.KpiSql;
import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.identity.CurrentUser;
import app.klient.identity.Permission;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.LongReads;
import app.klient.platform.db.Versions;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs report definitions (grouped and measured, or listed), streams their rows out as CSV or XLSX, and keeps saved
 * reports: each its owner's, readable by the team it is shared with. Whoever runs a report reads the rows they may
 * see: a salesperson only the ones they own, on the page, over the API, in exports and in mailed reports alike.
 */
@Service
public class Reports {

    /** The most groups a grouped report answers, and rows a listed report shows on its page. */
    public static final int MAX_GROUPS = 2_000;
    public static final int PREVIEW_ROWS = 200;

    /** The most rows a mailed XLSX file holds (a mail server takes some megabytes, not a million rows). */
    public static final int MAILED_ROWS = 100_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final JdbcClient streaming;
    private final KpiSql sql;
    private final MessageSource messages;
    private final Versions versions;
    private final AuditLog audit;

    Reports(JdbcClient jdbc, javax.sql.DataSource dataSource, KpiSql sql, MessageSource messages, Versions versions,
            AuditLog audit) {
        this.jdbc = jdbc;
        JdbcTemplate template = new JdbcTemplate(dataSource);
        // inside a transaction PostgreSQL then sends an export's rows in batches, not all at once
        template.setFetchSize(1_000);
        this.streaming = JdbcClient.create(template);
        this.sql = sql;
        this.messages = messages;
        this.versions = versions;
        this.audit = audit;
    }

    /** A result: its columns (named in the reader's language) and rows; {@code truncated} when there were more. */
    public record Result(List<Column> columns, List<List<Object>> rows, boolean truncated, boolean grouped,
            String chart) {
    }

    /** A result's column: its key, its name, what it holds (TEXT, CODE, REF, NUMBER, MONEY, DATE:MONTH…). */
    public record Column(String key, String label, String type) {
    }

    /** Checks a definition without running it (a saved report is checked before it is kept). */
    public void check(ReportDefinition definition, ZoneId zone, Locale locale) {
        query(definition, zone, locale);
    }

    @app.klient.platform.db.MayLag
    @Transactional(readOnly = true)
    public Result run(ReportDefinition definition, ZoneId zone, Locale locale) {
        ReportQuery query = query(definition, zone, locale);
        LongReads.limit(jdbc, Duration.ofSeconds(60));
        int limit = definition.grouped() ? MAX_GROUPS : PREVIEW_ROWS;
        List<List<Object>> rows = new ArrayList<>();
        jdbc.sql(query.sql(limit + 1)).params(query.params).query(rs -> {
            rows.add(row(rs, query, locale));
        });
        boolean truncated = rows.size() > limit;
        return new Result(columns(query, locale), truncated ? rows.subList(0, limit) : rows, truncated,
                definition.grouped(), definition.chart() == null || definition.chart().isBlank()
                        ? (definition.grouped() ? "BAR" : "TABLE") : definition.chart());
    }

    /** Every row of the report as CSV, one at a time (for a million rows too); the export is in the audit log. */
    @Transactional
    public void csv(ReportDefinition definition, ZoneId zone, Locale locale, Writer out) throws IOException {
        ReportQuery query = exportable(definition, zone, locale);
        long[] count = { 0 };
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get())) {
            csv.printRecord(columns(query, locale).stream().map(Column::label).toList());
            streaming.sql(query.sql(0)).params(query.params).query(rs -> {
                try {
                    csv.printRecord(row(rs, query, locale));
                    count[0]++;
                }
                catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        finally {
            audited(definition, "CSV", count[0]);
        }
    }

    /** Every row as an XLSX workbook, written through POI's streaming writer (100 rows in memory at a time). */
    @Transactional
    public void xlsx(ReportDefinition definition, ZoneId zone, Locale locale, OutputStream out) throws IOException {
        ReportQuery query = exportable(definition, zone, locale);
        long[] count = { 0 };
        try {
            xlsx(query, locale, 0, out, count);
        }
        finally {
            audited(definition, "XLSX", count[0]);
        }
    }

    /**
     * The report as the XLSX file mailed to the caller: to those who may export reports its rows up to
     * {@value #MAILED_ROWS} (audited as an export), to everybody else the rows the report's page shows them, so a
     * mail never takes out more than its reader could.
     */
    @Transactional
    public byte[] mailedXlsx(ReportDefinition definition, ZoneId zone, Locale locale) {
        ReportQuery query = query(definition, zone, locale);
        boolean export = Permission.EXPORT_REPORTS.granted();
        LongReads.limit(jdbc, export ? Duration.ofMinutes(10) : Duration.ofSeconds(60));
        long[] count = { 0 };
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            xlsx(query, locale, export ? MAILED_ROWS : definition.grouped() ? MAX_GROUPS : PREVIEW_ROWS, out, count);
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        finally {
            if (export) {
                audited(definition, "XLSX by e-mail", count[0]);
            }
        }
        return out.toByteArray();
    }

    private void xlsx(ReportQuery query, Locale locale, int limit, OutputStream out, long[] count)
            throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(100)) {
            workbook.setCompressTempFiles(true);
            Sheet sheet = workbook.createSheet(messages.getMessage("report.subject." + query.subject.id(), null,
                    locale));
            Row head = sheet.createRow(0);
            List<Column> columns = columns(query, locale);
            for (int i = 0; i < columns.size(); i++) {
                head.createCell(i).setCellValue(columns.get(i).label());
            }
            Cells cells = new Cells(workbook, columns, query.zone);
            streaming.sql(query.sql(limit)).params(query.params).query(rs -> {
                if (count[0] >= 1_048_575) {
                    return;
                }
                Row row = sheet.createRow((int) ++count[0]);
                List<Object> values = row(rs, query, locale);
                for (int i = 0; i < values.size(); i++) {
                    cells.write(row, i, values.get(i));
                }
            });
            workbook.write(out);
            workbook.dispose();
        }
    }

    /**
     * A row's values as a spreadsheet keeps them: days and moments as dates with a date format (in the reader's own
     * short form, which Excel takes from its settings), a grouped month as its first day shown as a month, amounts as
     * numbers with two decimals, other numbers as numbers, and a quarter or week as its name ("Q1 2024").
     */
    private static final class Cells {

        private final List<Column> columns;
        private final ZoneId zone;
        private final CellStyle day;
        private final CellStyle moment;
        private final CellStyle month;
        private final CellStyle year;
        private final CellStyle money;

        Cells(SXSSFWorkbook workbook, List<Column> columns, ZoneId zone) {
            this.columns = columns;
            this.zone = zone;
            DataFormat formats = workbook.createDataFormat();
            day = style(workbook, (short) 14);
            moment = style(workbook, (short) 22);
            month = style(workbook, formats.getFormat("mmm yyyy"));
            year = style(workbook, formats.getFormat("0"));
            money = style(workbook, (short) 4);
        }

        private static CellStyle style(SXSSFWorkbook workbook, short format) {
            CellStyle style = workbook.createCellStyle();
            style.setDataFormat(format);
            return style;
        }

        void write(Row row, int i, Object v) {
            String type = i < columns.size() ? columns.get(i).type() : "TEXT";
            if (v == null) {
                return;
            }
            Cell cell = row.createCell(i);
            if (v instanceof Number n) {
                cell.setCellValue(n.doubleValue());
                if (type.equals("MONEY")) {
                    cell.setCellStyle(money);
                }
            }
            else if (v instanceof java.time.LocalDate d) {
                switch (type) {
                    case "DATE:QUARTER", "DATE:WEEK" -> cell.setCellValue(ReportCells.period(d, type, Locale.ROOT));
                    case "DATE:YEAR" -> {
                        cell.setCellValue(d.getYear());
                        cell.setCellStyle(year);
                    }
                    default -> {
                        cell.setCellValue(d);
                        cell.setCellStyle(type.equals("DATE:MONTH") ? month : day);
                    }
                }
            }
            else if (v instanceof java.time.Instant t) {
                // a spreadsheet has no zones: the moment as the reader's clock read it
                cell.setCellValue(java.time.LocalDateTime.ofInstant(t, zone));
                cell.setCellStyle(moment);
            }
            else {
                cell.setCellValue(v.toString());
            }
        }
    }

    private ReportQuery exportable(ReportDefinition definition, ZoneId zone, Locale locale) {
        Permission.EXPORT_REPORTS.check();
        ReportQuery query = query(definition, zone, locale);
        LongReads.limit(jdbc, Duration.ofMinutes(10));
        return query;
    }

    private void audited(ReportDefinition definition, String format, long rows) {
        audit.record(AuditAction.EXPORT, "report", null, format + " " + definition.subject() + ": " + rows + " rows",
                List.of(new FieldChange("rows", null, String.valueOf(rows)),
                        new FieldChange("definition", null, JSON.writeValueAsString(definition))),
                java.util.Optional.empty());
    }

    private ReportQuery query(ReportDefinition definition, ZoneId zone, Locale locale) {
        if (definition == null) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("subject", "report.subject.unknown")));
        }
        return new ReportQuery(definition, zone, locale, sql.companyCurrency(), onlyOwner());
    }

    /**
     * Whose rows alone the caller reads in reports: a salesperson their own (deals, customers, orders… they own);
     * everybody else every row.
     */
    private static Long onlyOwner() {
        return CurrentUser.hasRole(Role.SALES) ? CurrentUser.id() : null;
    }

    /** The columns named in the reader's language; an amount's name says its currency ("Sum of Amount (PLN)"). */
    private List<Column> columns(ReportQuery query, Locale locale) {
        return query.columns.stream().map(c -> {
            String label = c.labelArgument() == null ? messages.getMessage(c.labelKey(), null, c.key(), locale)
                    : messages.getMessage(c.labelKey(), new Object[] { messages.getMessage(c.labelArgument(), null,
                            locale) }, locale);
            return new Column(c.key(), c.type().equals("MONEY") ? messages.getMessage("report.inCurrency",
                    new Object[] { label, query.currency }, locale) : label, c.type());
        }).toList();
    }

    private List<Object> row(java.sql.ResultSet rs, ReportQuery query, Locale locale) throws java.sql.SQLException {
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < query.columns.size(); i++) {
            Object value = rs.getObject(i + 1);
            if (value instanceof java.sql.Date d) {
                value = d.toLocalDate();
            }
            else if (value instanceof java.sql.Timestamp t) {
                value = t.toInstant();
            }
            ReportField code = i < query.codes.size() ? query.codes.get(i) : null;
            if (code != null && code.valuePrefix() != null && value != null) {
                value = messages.getMessage(code.valuePrefix() + value, null, value.toString(), locale);
            }
            row.add(value);
        }
        return row;
    }

    // ------------------------------------------------------------------ saved reports

    /** A saved report as its list and page show it. */
    public record Saved(long id, String name, long ownerId, String ownerName, Long teamId, String teamName,
            ReportDefinition definition, boolean mine, int version) {
    }

    private static final String SAVED = """
            select r.id, r.name, r.owner_id, u.name, r.team_id, t.name, r.definition::text, r.version
            from analytics_reports r join users u on u.id = r.owner_id left join teams t on t.id = r.team_id""";

    /**
     * The reports the caller may read: their own and those shared with their teams; administrators and managers
     * read every one.
     */
    @Transactional(readOnly = true)
    public List<Saved> visible() {
        return jdbc.sql(SAVED + " where " + visibleTo() + " order by lower(r.name), r.id limit 500")
                .param("me", CurrentUser.id()).query(this::saved).list();
    }

    /** A saved report; one that is neither the caller's nor shared with their team is refused (403). */
    @Transactional(readOnly = true)
    public Saved get(long id) {
        Saved report = jdbc.sql(SAVED + " where r.id = :id").param("id", id).query(this::saved).optional()
                .orElseThrow(() -> KlientException.notFound("report.notFound"));
        boolean visible = jdbc.sql("select count(*) from analytics_reports r where r.id = :id and " + visibleTo())
                .param("id", id).param("me", CurrentUser.id()).query(Long.class).single() > 0;
        if (!visible) {
            throw new KlientException(org.springframework.http.HttpStatus.FORBIDDEN, "report.notShared");
        }
        return report;
    }

    @Transactional
    public Saved save(String name, Long teamId, ReportDefinition definition, ZoneId zone, Locale locale) {
        check(definition, zone, locale);
        long id = jdbc.sql("""
                insert into analytics_reports (name, owner_id, team_id, definition)
                values (:name, :owner, :team, cast(:definition as jsonb)) returning id""")
                .param("name", name(name)).param("owner", CurrentUser.id()).param("team", team(teamId))
                .param("definition", JSON.writeValueAsString(definition)).query(Long.class).single();
        return get(id);
    }

    @Transactional
    public Saved update(long id, String name, Long teamId, ReportDefinition definition, Integer version, ZoneId zone,
            Locale locale) {
        mayChange(get(id));
        check(definition, zone, locale);
        versions.change("analytics_reports", id, version).notFound("report.notFound")
                .set("name = :name, team_id = :team, definition = cast(:definition as jsonb), updated_at = now()")
                .param("name", name(name)).param("team", team(teamId))
                .param("definition", JSON.writeValueAsString(definition)).apply();
        return get(id);
    }

    @Transactional
    public void delete(long id) {
        mayChange(get(id));
        jdbc.sql("delete from analytics_reports where id = :id").param("id", id).update();
    }

    /** The owner changes a report; administrators and managers change anybody's. */
    static void mayChange(Saved report) {
        if (!report.mine() && !CurrentUser.hasRole(Role.ADMIN, Role.MANAGER)) {
            throw new KlientException(org.springframework.http.HttpStatus.FORBIDDEN, "report.notYours");
        }
    }

    /** Whether that person may read the report (it is theirs or their team's, or they manage or administer). */
    @Transactional(readOnly = true)
    public boolean readableBy(UserSummary person, long reportId) {
        return !readableBy(person.id(), person.role(), List.of(reportId)).isEmpty();
    }

    /** Of these reports, those that person may read. */
    @Transactional(readOnly = true)
    public java.util.Set<Long> readableBy(long personId, Role role, java.util.Collection<Long> reportIds) {
        if (reportIds.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.sql("select r.id from analytics_reports r where r.id = any(:ids) and ("
                + ":all or r.owner_id = :me or r.team_id in (select team_id from user_teams where user_id = :me))")
                .param("ids", reportIds.toArray(Long[]::new)).param("me", personId)
                .param("all", role == Role.ADMIN || role == Role.MANAGER).query(Long.class).list());
    }

    private static String visibleTo() {
        return CurrentUser.hasRole(Role.ADMIN, Role.MANAGER) ? "true" : "(r.owner_id = :me or r.team_id in (select team_id from"
                + " user_teams where user_id = :me))";
    }

    private Long team(Long teamId) {
        if (teamId == null) {
            return null;
        }
        boolean known = jdbc.sql("select count(*) from teams where id = :id").param("id", teamId).query(Long.class)
                .single() > 0;
        if (!known) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("teamId", "report.team.unknown")));
        }
        return teamId;
    }

    private static String name(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 200 || trimmed.indexOf('\0') >= 0) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("name", "report.name.invalid", 200)));
        }
        return trimmed;
    }

    private Saved saved(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Saved(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), (Long) rs.getObject(5),
                rs.getString(6), JSON.readValue(rs.getString(7), ReportDefinition.class),
                rs.getLong(3) == CurrentUser.id(), rs.getInt(8));
    }

    /** The subjects and their fields, for the builder's choices. */
    public static List<ReportSubject> subjects() {
        return ReportSubjects.all();
    }
}
