package app.klient.customers;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.customers.internal.FormChecks;
import app.klient.identity.OwnedRecords;
import app.klient.identity.Permission;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.SearchText;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

/**
 * Contacts from a CSV file (comma or semicolon, headers in English, Polish or Czech), built for a million rows: each
 * row is checked in Java as the form checks it (names, e-mail, phone in E.164 by the row's country, country, tags,
 * owner) and streamed with {@code COPY} into a staging table; then, in set-based SQL, companies are matched by name
 * (missing ones created), duplicates are dropped (a second row with the same e-mail, and e-mails Klient already has)
 * and the rest is inserted in one statement. Rows with mistakes are skipped and reported by line; everything happens
 * in one transaction, so an import that fails stores nothing. A check-only run reports without storing.
 */
@Service
public class ContactImport {

    public static final int MAX_ROWS = 2_000_000;
    /** Problems reported in full; the rest are only counted. */
    public static final int MAX_PROBLEMS = 1_000;

    private static final Map<String, String> COLUMNS = columns();

    /** What is wrong on one line: {@code message} is {@code messageKey} with its values, in the reader's language. */
    public record Problem(long line, String field, String messageKey, String message, String value) {
    }

    public record Result(long rows, long imported, long invalid, long duplicatesInFile, long alreadyInKlient,
            long companiesCreated, boolean checkOnly, List<Problem> problems) {
    }

    private static final Logger log = LoggerFactory.getLogger(ContactImport.class);

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final Users users;
    private final AuditLog audit;
    private final String homeCountry;
    private final MessageSource messages;
    private final List<ImportConsent> consent;

    ContactImport(JdbcClient jdbc, DataSource dataSource, Users users, AuditLog audit,
            @Value("${klient.home-country:PL}") String homeCountry, MessageSource messages,
            List<ImportConsent> consent) {
        this.messages = messages;
        this.consent = consent;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.users = users;
        this.audit = audit;
        this.homeCountry = homeCountry;
    }

    /** Managers, administrators and marketers import (see {@link Permission#IMPORT_CONTACTS}). */
    public static boolean canImport() {
        return Permission.IMPORT_CONTACTS.granted();
    }

    @Transactional
    public Result importCsv(Reader csv, boolean checkOnly) {
        if (!canImport()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "contactImport.forbidden");
        }
        Result result = load(csv, checkOnly);
        if (checkOnly) {
            TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
        }
        else {
            audit.record(AuditAction.IMPORT, "contact", null, "Imported " + result.imported() + " contacts of "
                    + result.rows() + " rows", List.of(), java.util.Optional.empty());
        }
        return result;
    }

    /** An import Klient runs itself (the data generator): nobody is signed in, so no role is asked for. */
    @Transactional
    public Result importTrusted(Reader csv) {
        return load(csv, false);
    }

    private Result load(Reader csv, boolean checkOnly) {
        jdbc.sql("""
                create temporary table contact_staging (line bigint, first_name text, last_name text, email text,
                    phone text, job_title text, company text, street text, city text, postal_code text,
                    country text, language text, tags text, owner_id bigint, consent boolean, search_text text,
                    company_id bigint) on commit drop""").update();
        Map<String, Long> owners = users.activeUsers().stream().collect(Collectors.toMap(
                u -> u.email().toLowerCase(Locale.ROOT), UserSummary::id, (a, b) -> a));
        java.util.Set<Long> readOnly = users.activeUsers().stream().filter(u -> !u.role().canWrite())
                .map(UserSummary::id).collect(Collectors.toSet());
        List<Problem> problems = new ArrayList<>();
        long started = System.nanoTime();
        long rows = 0;
        long invalid = 0;
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setDelimiter(delimiter(csv)).setHeader()
                .setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setTrim(true).setTrailingData(true).get().parse(csv);
                Writer copy = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(
                        connection.unwrap(PGConnection.class), "copy contact_staging (line, first_name, last_name, "
                                + "email, phone, job_title, company, street, city, postal_code, country, language, "
                                + "tags, owner_id, consent, search_text) from stdin", 1 << 16),
                        StandardCharsets.UTF_8), 1 << 16)) {
            Map<String, Integer> index = mapping(parser.getHeaderNames());
            String[] values = new String[FIELDS.length];
            for (CSVRecord record : parser) {
                rows++;
                if (rows > MAX_ROWS) {
                    throw KlientException.invalid("contactImport.tooManyRows", MAX_ROWS);
                }
                for (int f = 0; f < FIELDS.length; f++) {
                    Integer column = index.get(FIELDS[f]);
                    values[f] = column == null || column >= record.size() ? null : blankToNull(record.get(column));
                }
                long line = record.getRecordNumber() + 1;
                Problem problem = row(line, values, owners, readOnly, copy);
                if (problem != null) {
                    invalid++;
                    if (problems.size() < MAX_PROBLEMS) {
                        problems.add(problem);
                    }
                }
            }
        }
        catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            Long at = lineOf(e);
            throw at == null ? KlientException.invalid("contactImport.unreadable")
                    : KlientException.invalid("contactImport.unreadableAt", at);
        }
        catch (SQLException e) {
            throw new IllegalStateException("The staging table refused the rows", e);
        }
        if (rows == 0) {
            throw KlientException.invalid("contactImport.empty");
        }
        log.info("Import: {} rows read, checked and staged in {} ms", rows, (System.nanoTime() - started) / 1_000_000);
        return merge(rows, invalid, problems, checkOnly);
    }

    private static final Pattern PARSER_LINE = Pattern.compile("\\((?:start)?line (\\d+)\\)");

    /** The line Commons CSV names in its message ("(line 7) EOF reached before…"), if it names one. */
    private static Long lineOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher m = PARSER_LINE.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        return null;
    }

    /** The file's columns to Klient's fields; a file without a last-name column is refused whole. */
    private static Map<String, Integer> mapping(List<String> header) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String field = COLUMNS.get(SearchText.fold(header.get(i)).replaceAll("[^a-z]", ""));
            if (field != null) {
                index.putIfAbsent(field, i);
            }
        }
        if (!index.containsKey("lastName")) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("file", "contactImport.noLastName")));
        }
        return index;
    }

    private static final String[] FIELDS = { "firstName", "lastName", "email", "phone", "jobTitle", "company",
        "street", "city", "postalCode", "country", "language", "tags", "owner", "consent" };
    /** The longest value each field takes, as the contact form's limits. */
    private static final int[] LIMITS = { 100, 100, 254, 40, 150, 200, 200, 100, 20, 60, 5, 1000, 254, 10 };
    private static final Pattern TAG_SEPARATORS = Pattern.compile("[;,|]");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");

    private Problem problem(long line, String field, String key, String value, Object... arguments) {
        return new Problem(line, field, key, messages.getMessage(key, arguments, key, LocaleContextHolder.getLocale()),
                value);
    }

    /** Checks one row and writes it to the staging table; answers its first problem, or null. */
    private Problem row(long line, String[] v, Map<String, Long> owners, java.util.Set<Long> readOnly, Writer copy)
            throws IOException {
        String first = v[0];
        String last = v[1];
        if (last == null) {
            return problem(line, "lastName", "contactImport.lastName", null);
        }
        for (int f = 0; f < FIELDS.length; f++) {
            if (v[f] != null && v[f].length() > LIMITS[f]) {
                return problem(line, FIELDS[f], "contactImport.tooLong", cut(v[f]), LIMITS[f]);
            }
        }
        FormChecks checks = new FormChecks();
        String email = checks.email("email", v[2]);
        String country = checks.country("country", v[9]);
        String phone = null;
        if (v[3] != null) {
            List<String> phones = checks.phones("phone", List.of(v[3]), country == null ? homeCountry : country);
            phone = phones.isEmpty() ? null : phones.get(0);
        }
        List<String> tags = v[11] == null ? List.of() : checks.tags("tags", List.of(TAG_SEPARATORS.split(v[11])));
        Long owner = null;
        if (v[12] != null) {
            owner = owners.get(v[12].toLowerCase(Locale.ROOT));
            if (owner == null) {
                checks.errors().add("owner", "contactImport.owner");
            }
            else if (readOnly.contains(owner)) {
                // only someone who may change records can own them
                checks.errors().add("owner", "owner.readOnly");
                owner = null;
            }
        }
        String language = v[10] == null ? null : v[10].toLowerCase(Locale.ROOT);
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            checks.errors().add("language", "contactImport.language");
        }
        Boolean consent = consent(v[13]);
        if (v[13] != null && consent == null) {
            checks.errors().add("consent", "contactImport.consent");
        }
        try {
            checks.errors().throwIfAny();
        }
        catch (InvalidFields e) {
            InvalidFields.FieldError error = e.errors().get(0);
            String field = error.field().replaceAll("\\[\\d+]$", "");
            return problem(line, field, error.messageKey(), cut(value(field, v)), error.arguments());
        }
        String search = CustomerText.contact(first, last, email == null ? List.of() : List.of(email), v[4], v[7], tags,
                phone == null ? List.of() : List.of(phone));
        StringBuilder out = new StringBuilder(256);
        out.append(line);
        for (Object value : new Object[] { first, last, email, phone, v[4], v[5], v[6], v[7], v[8], country,
            language, tags.isEmpty() ? null : String.join(",", tags), owner, consent != null && consent, search }) {
            out.append('\t');
            escape(out, value == null ? null : value.toString());
        }
        out.append('\n');
        copy.append(out);
        return null;
    }

    /** Companies by name, duplicates out, the rest in: all in SQL over the staging table. */
    private Result merge(long rows, long invalid, List<Problem> problems, boolean checkOnly) {
        long started = System.nanoTime();
        jdbc.sql("analyze contact_staging").update();
        long inFile = reportDuplicates("""
                delete from contact_staging s using (
                    select line, row_number() over (partition by email order by line) n from contact_staging
                    where email is not null) d
                where s.line = d.line and d.n > 1 returning s.line, s.email""", "contactImport.duplicateInFile",
                problems);
        long existing = reportDuplicates("""
                delete from contact_staging s using (select distinct unnest(emails) e from contacts) x
                where x.e = s.email returning s.line, s.email""", "contactImport.exists", problems);
        jdbc.sql("""
                update contact_staging s set company_id = c.id
                from (select distinct on (lower(name)) id, lower(name) k from companies order by lower(name), id) c
                where s.company is not null and c.k = lower(s.company)""").update();
        long created = jdbc.sql("""
                insert into companies (name, country, search_text)
                select distinct on (lower(company)) company, country, lower(unaccent(company)) from contact_staging
                where company is not null and company_id is null order by lower(company), line""").update();
        if (created > 0) {
            jdbc.sql("""
                    update contact_staging s set company_id = c.id from companies c
                    where s.company_id is null and s.company is not null and lower(c.name) = lower(s.company)""")
                    .update();
        }
        log.info("Import: duplicates and companies in {} ms", (System.nanoTime() - started) / 1_000_000);
        long[] made = jdbc.sql("""
                with made as (
                insert into contacts (first_name, last_name, emails, phones, job_title, company_id, street, city,
                    postal_code, country, preferred_language, source, owner_id, tags, marketing_consent, consent_at,
                    consent_method, search_text)
                select first_name, last_name, array_remove(array[email], null), array_remove(array[phone], null), job_title,
                    company_id, street, city, postal_code, country, language, 'IMPORT', owner_id,
                    coalesce(string_to_array(tags, ','), '{}'), consent, case when consent then now() end,
                    case when consent then 'IMPORT' end, search_text
                from contact_staging order by line
                returning id, marketing_consent)
                select count(*), coalesce(min(id) filter (where marketing_consent), 0),
                       coalesce(max(id) filter (where marketing_consent), -1) from made""")
                .query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) }).single();
        long imported = made[0];
        if (made[2] >= made[1]) {
            // the consent column becomes consent history (source IMPORT) in the same transaction
            long consentStarted = System.nanoTime();
            consent.forEach(c -> c.agreed(made[1], made[2]));
            log.info("Import: consent history of the new contacts written in {} ms",
                    (System.nanoTime() - consentStarted) / 1_000_000);
        }
        log.info("Import: duplicates, companies and {} contacts stored in {} ms", imported,
                (System.nanoTime() - started) / 1_000_000);
        problems.sort(java.util.Comparator.comparingLong(Problem::line));
        return new Result(rows, imported, invalid, inFile, existing, created, checkOnly,
                List.copyOf(problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS))));
    }

    private long reportDuplicates(String sql, String key, List<Problem> problems) {
        long[] count = { 0 };
        jdbc.sql(sql).query(rs -> {
            count[0]++;
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(problem(rs.getLong(1), "email", key, rs.getString(2)));
            }
        });
        return count[0];
    }

    private static String value(String field, String[] v) {
        for (int f = 0; f < FIELDS.length; f++) {
            if (FIELDS[f].equals(field)) {
                return v[f];
            }
        }
        return null;
    }

    private static Boolean consent(String raw) {
        if (raw == null) {
            return null;
        }
        return switch (SearchText.fold(raw)) {
            case "yes", "y", "true", "1", "tak", "t", "ano", "a", "x" -> true;
            case "no", "n", "false", "0", "nie", "ne" -> false;
            default -> null;
        };
    }

    /** COPY's text format: tab-separated, \N for null, backslash escapes. */
    private static void escape(StringBuilder out, String value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> { }
                default -> out.append(c);
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String cut(String s) {
        return s == null || s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    /** Commas or semicolons, whichever the header line has more of (Polish and Czech Excel write semicolons). */
    private static char delimiter(Reader csv) {
        try {
            if (!csv.markSupported()) {
                throw new IllegalArgumentException("the reader must support mark");
            }
            csv.mark(8192);
            char[] head = new char[8192];
            int n = csv.read(head);
            csv.reset();
            String first = n <= 0 ? "" : new String(head, 0, n).lines().findFirst().orElse("");
            if (first.startsWith("\uFEFF")) {
                csv.read();
            }
            return first.chars().filter(c -> c == ';').count() > first.chars().filter(c -> c == ',').count() ? ';'
                    : ',';
        }
        catch (IOException e) {
            throw KlientException.invalid("contactImport.unreadable");
        }
    }

    private static Map<String, String> columns() {
        Map<String, String> m = new HashMap<>();
        String[][] aliases = {
            { "firstName", "firstname", "first", "givenname", "imie", "jmeno", "krestnijmeno" },
            { "lastName", "lastname", "last", "surname", "familyname", "nazwisko", "prijmeni" },
            { "email", "email", "mail", "emailaddress", "adresemail", "emailovaadresa" },
            { "phone", "phone", "telephone", "mobile", "tel", "telefon", "phonenumber", "numertelefonu", "mobil" },
            { "jobTitle", "jobtitle", "title", "position", "stanowisko", "pozice", "funkce" },
            { "company", "company", "companyname", "organization", "organisation", "firma", "spolecnost", "nazwafirmy" },
            { "street", "street", "address", "ulica", "adres", "ulice", "adresa" },
            { "city", "city", "town", "miasto", "miejscowosc", "mesto", "obec" },
            { "postalCode", "postalcode", "zip", "zipcode", "postcode", "kodpocztowy", "psc" },
            { "country", "country", "kraj", "panstwo", "zeme", "stat" },
            { "language", "language", "jezyk", "jazyk" },
            { "tags", "tags", "tag", "tagi", "stitky", "stitek" },
            { "owner", "owner", "owneremail", "wlasciciel", "vlastnik" },
            { "consent", "consent", "marketingconsent", "zgoda", "zgodamarketingowa", "souhlas" } };
        for (String[] a : aliases) {
            for (int i = 1; i < a.length; i++) {
                m.put(a[i], a[0]);
            }
        }
        return Map.copyOf(m);
    }
}
