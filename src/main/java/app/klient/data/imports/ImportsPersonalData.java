package app.klient.data.imports;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import app.klient.platform.privacy.DataSubject;
import app.klient.platform.privacy.ErasureReport;
import app.klient.platform.privacy.PersonalData;
import app.klient.platform.privacy.PersonalDataExport;
import app.klient.platform.privacy.Redaction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A person in the import wizard: the rows an import made or changed for them (kept for undo), the refused rows that
 * name them, and the uploaded files themselves. Erasure takes the person out of all three; a file loses the rows
 * that name the person (and is kept as UTF-8 CSV with the rest), so a draft started later cannot bring them back.
 * A queued or running import is left to finish first: its lines must stay where they are.
 */
@Component
class ImportsPersonalData implements PersonalData {

    private final JdbcClient jdbc;
    private final Redaction redaction;
    private final Imports imports;

    ImportsPersonalData(JdbcClient jdbc, Redaction redaction, Imports imports) {
        this.jdbc = jdbc;
        this.redaction = redaction;
        this.imports = imports;
    }

    @Override
    public String section() {
        return "imports";
    }

    /**
     * The lines of imports that made or changed the person's records, and every line that names the person: a refused
     * line (its cells, the values an update replaced) and the rows of the uploaded files, with their headings. It is
     * what erasure changes, so the person sees before what an erasure would take.
     */
    @Override
    public void export(DataSubject subject, PersonalDataExport export) {
        String pattern = subject.pattern();
        export.rows(section(), "import_rows", jdbc.sql("""
                select j.id as import_id, j.filename, j.created_at, r.line, r.outcome, r.record_id, r.cells,
                       r.before, r.field, r.reason
                  from import_rows r join import_jobs j on j.id = r.job_id
                 where (j.kind = 'contacts' and r.record_id = any(cast(:contacts as bigint[])))
                    or (j.kind = 'leads' and r.record_id = any(cast(:leads as bigint[])))
                    or (cast(:p as text) is not null
                        and concat_ws(' ', r.cells::text, r.before::text, r.arguments::text) ~* :p)
                 order by j.id, r.line""")
                .param("contacts", subject.contactIds().toArray(Long[]::new))
                .param("leads", subject.leadIds().toArray(Long[]::new)).param("p", pattern).query().listOfRows());
        if (pattern == null) {
            return;
        }
        Pattern person = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (long id : jdbc.sql("select job_id from import_files order by job_id").query(Long.class).list()) {
            ImportJob job = imports.find(id).orElseThrow();
            byte[] data = jdbc.sql("select data from import_files where job_id = :id").param("id", id)
                    .query(byte[].class).single();
            List<String> headings = new ArrayList<>();
            try {
                ImportFile.read(data, Imports.layout(job), headings::addAll, row -> {
                    if (person.matcher(String.join(" ", row.cells())).find()) {
                        Map<String, Object> line = new LinkedHashMap<>();
                        line.put("import_id", job.id());
                        line.put("filename", job.filename());
                        line.put("line", row.line());
                        line.put("cells", cells(headings, row.cells()));
                        lines.add(line);
                    }
                });
            }
            catch (RuntimeException e) {
                // a file that cannot be read any more holds nothing to show; erasure removes it
            }
        }
        export.rows(section(), "import_files", lines);
    }

    /** A file's row as its headings name its cells; a cell past the headings by its column's number. */
    private static Map<String, String> cells(List<String> headings, List<String> cells) {
        Map<String, String> named = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            String heading = i < headings.size() && !headings.get(i).isBlank() ? headings.get(i) : "#" + (i + 1);
            named.merge(heading, cells.get(i), (a, b) -> a + " " + b);
        }
        return named;
    }

    @Override
    public void erase(DataSubject subject, ErasureReport report) {
        report.changed("import_rows", redaction.scrub(subject, "import_rows"));
        String pattern = subject.pattern();
        if (pattern == null) {
            return;
        }
        Pattern person = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        int files = 0;
        for (long id : jdbc.sql("select id from import_jobs where state not in ('QUEUED', 'RUNNING') order by id")
                .query(Long.class).list()) {
            ImportJob job = imports.find(id).orElseThrow();
            byte[] data = jdbc.sql("select data from import_files where job_id = :id").param("id", job.id())
                    .query(byte[].class).optional().orElse(null);
            if (data != null && without(job, data, person)) {
                files++;
            }
        }
        report.changed("import_files", files);
    }

    /** Rewrites the file without the rows that name the person; false when none does. */
    private boolean without(ImportJob job, byte[] data, Pattern person) {
        List<String> headings = new ArrayList<>();
        List<List<String>> kept = new ArrayList<>();
        boolean[] named = new boolean[1];
        try {
            ImportFile.read(data, Imports.layout(job), headings::addAll, row -> {
                if (person.matcher(String.join(" ", row.cells())).find()) {
                    named[0] = true;
                }
                else {
                    kept.add(row.cells());
                }
            });
        }
        catch (RuntimeException e) {
            // a file that cannot be read any more is no file to import from: it goes
            named[0] = true;
        }
        if (!named[0]) {
            return false;
        }
        StringWriter csv = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(csv, CSVFormat.DEFAULT)) {
            printer.printRecord(headings);
            for (List<String> row : kept) {
                printer.printRecord(row);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbc.sql("update import_files set data = :data where job_id = :id").param("id", job.id())
                .param("data", csv.toString().getBytes(StandardCharsets.UTF_8)).update();
        jdbc.sql("""
                update import_jobs set format = 'CSV', encoding = 'UTF-8', delimiter = ',', total_rows = :rows,
                    version = version + 1
                where id = :id""").param("rows", kept.size()).param("id", job.id()).update();
        return true;
    }
}
