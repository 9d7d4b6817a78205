package app.klient.data.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import app.klient.platform.InvalidFields;
import app.klient.platform.imports.ImportTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs queued imports in the background, on whichever node claims them first ({@code for update skip locked} and a
 * lease that each batch renews). A batch of rows commits together with the line it reached, so after kill -9 the
 * lease runs out, another pass claims the import and goes on after that line: no row is stored twice or skipped.
 */
@Component
class ImportRunner {

    static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

    private final Imports imports;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final long leaseSeconds;
    private final String me = UUID.randomUUID().toString();

    ImportRunner(Imports imports, JdbcClient jdbc, PlatformTransactionManager transactions,
            @Value("${klient.imports.lease-seconds:60}") long leaseSeconds) {
        this.imports = imports;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.leaseSeconds = leaseSeconds;
    }

    @Scheduled(fixedDelayString = "${klient.imports.poll-every:PT1S}", initialDelayString = "PT5S")
    void work() {
        try {
            while (runNext()) {
                // the next queued import
            }
        }
        catch (RuntimeException e) {
            log.warn("Import pass failed; the import stays queued for the next one", e);
        }
    }

    /** Claims the oldest import that is due (queued, or left by a node whose lease ran out) and runs it to its end. */
    boolean runNext() {
        Optional<Long> claimed = transaction.execute(status -> jdbc.sql("""
                update import_jobs set state = 'RUNNING', runner = :me, started_at = coalesce(started_at, now()),
                    lease_until = now() + make_interval(secs => :lease), version = version + 1
                where id = (select id from import_jobs
                            where state in ('QUEUED', 'RUNNING') and (lease_until is null or lease_until < now())
                            order by id limit 1 for update skip locked)
                returning id""").param("me", me).param("lease", leaseSeconds).query(Long.class).optional());
        if (claimed == null || claimed.isEmpty()) {
            return false;
        }
        run(claimed.get());
        return true;
    }

    /** Thrown when another node took the import over (this node was too slow to renew its lease). */
    private static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super(null, null, false, false);
        }
    }

    private void run(long id) {
        ImportJob job = imports.find(id).orElseThrow();
        ImportTarget target = imports.target(job.kind());
        long started = System.nanoTime();
        List<ImportFile.Row> batch = new ArrayList<>(BATCH);
        try {
            ImportFile.read(imports.data(id), Imports.layout(job), headings -> { }, row -> {
                if (row.line() <= job.position()) {
                    return;
                }
                batch.add(row);
                if (batch.size() == BATCH) {
                    transaction.executeWithoutResult(status -> batch(job, target, batch));
                    batch.clear();
                }
            });
            transaction.executeWithoutResult(status -> {
                batch(job, target, batch);
                jdbc.sql("""
                        update import_jobs set state = 'DONE', finished_at = now(), lease_until = null, runner = null,
                            version = version + 1
                        where id = :id and runner = :me and state = 'RUNNING'""").param("id", id).param("me", me)
                        .update();
            });
            log.info("Import {} of {}: {} rows handled in {} ms", id, job.kind(), job.totalRows(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        catch (LeaseLost e) {
            log.info("Import {} was taken over by another node", id);
        }
        catch (RuntimeException e) {
            log.warn("Import {} failed", id, e);
            jdbc.sql("""
                    update import_jobs set state = 'FAILED', failure = 'imports.failed', finished_at = now(),
                        lease_until = null, runner = null, version = version + 1
                    where id = :id and runner = :me""").param("id", id).param("me", me).update();
        }
    }

    /** One batch of rows in the caller's transaction, with the line reached and the counts. */
    private void batch(ImportJob job, ImportTarget target, List<ImportFile.Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Map<String, Object>> handled = new ArrayList<>(rows.size());
        List<Map<String, String>> values = new ArrayList<>(rows.size());
        List<String> externals = new ArrayList<>(rows.size());
        for (ImportFile.Row row : rows) {
            Map<String, String> cells = Imports.values(job.mapping(), row.cells());
            externals.add(cells.remove(Imports.EXTERNAL_ID));
            values.add(cells);
        }
        List<List<InvalidFields.FieldError>> problems = target.checkAll(values);
        Map<String, Long> known = known(job, target, values, externals);
        Creation creation = new Creation(job, target);
        for (int i = 0; i < rows.size(); i++) {
            ImportFile.Row row = rows.get(i);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("line", row.line());
            handled.add(out);
            String external = externals.get(i);
            List<InvalidFields.FieldError> refused = problems.get(i);
            if (external != null && external.strip().length() > 100) {
                refused = List.of(new InvalidFields.FieldError(Imports.EXTERNAL_ID, "imports.problem.tooLong", 100));
            }
            if (!refused.isEmpty()) {
                refuse(out, row, refused.get(0));
                continue;
            }
            String key = key(job, target, values.get(i), external);
            Optional<Long> existing;
            if (key != null && creation.makes(key)) {
                // the same record twice in one batch: the first is stored before the second is looked up
                creation.store();
                existing = existing(job, target, values.get(i), external);
            }
            else {
                existing = Optional.ofNullable(key == null ? null : known.get(key));
            }
            if (existing.isPresent() && job.duplicates().equals("SKIP")) {
                out.put("outcome", "SKIPPED");
                out.put("record_id", existing.get());
            }
            else if (existing.isPresent() && job.duplicates().equals("UPDATE")) {
                ImportTarget.Replaced[] replaced = new ImportTarget.Replaced[1];
                Map<String, String> cells = values.get(i);
                if (imports.alone(() -> {
                    replaced[0] = target.update(existing.get(), cells, job.createdBy()).orElse(null);
                    return replaced[0] != null;
                })) {
                    out.put("outcome", "UPDATED");
                    out.put("record_id", existing.get());
                    out.put("before", replaced[0].before());
                    out.put("version", replaced[0].version());
                }
                else {
                    refuse(out, row, new InvalidFields.FieldError(null, "imports.problem.notUpdated"));
                }
            }
            else {
                creation.add(row, out, values.get(i), external, key);
            }
        }
        creation.store();
        long[] counts = new long[4];
        for (Map<String, Object> out : handled) {
            counts[switch ((String) out.get("outcome")) {
                case "CREATED" -> 0;
                case "UPDATED" -> 1;
                case "SKIPPED" -> 2;
                default -> 3;
            }]++;
        }
        jdbc.sql("""
                insert into import_rows (job_id, line, outcome, record_id, before, record_version, cells, field,
                    reason, arguments)
                select :id, line, outcome, record_id, before::jsonb, version, cells, field, reason, arguments
                from jsonb_to_recordset(cast(:rows as jsonb)) as r(line bigint, outcome text, record_id bigint,
                    before text, version integer, cells jsonb, field text, reason text, arguments jsonb)""")
                .param("id", job.id()).param("rows", Imports.json(handled)).update();
        int renewed = jdbc.sql("""
                update import_jobs set position = :line, created = created + :created, updated = updated + :updated,
                    skipped = skipped + :skipped, refused = refused + :refused,
                    lease_until = now() + make_interval(secs => :lease)
                where id = :id and runner = :me and state = 'RUNNING'""")
                .param("line", rows.get(rows.size() - 1).line()).param("created", counts[0])
                .param("updated", counts[1]).param("skipped", counts[2]).param("refused", counts[3])
                .param("lease", leaseSeconds).param("id", job.id()).param("me", me).update();
        if (renewed != 1) {
            throw new LeaseLost();
        }
    }

    /**
     * The rows of a batch to be created, stored together in one savepoint; when the database refuses that, each
     * row alone, so only the refused ones are refused.
     */
    private final class Creation {

        private final ImportJob job;
        private final ImportTarget target;
        private final List<ImportFile.Row> rows = new ArrayList<>();
        private final List<Map<String, Object>> outs = new ArrayList<>();
        private final List<Map<String, String>> values = new ArrayList<>();
        private final List<String> externals = new ArrayList<>();
        private final java.util.Set<String> keys = new java.util.HashSet<>();

        Creation(ImportJob job, ImportTarget target) {
            this.job = job;
            this.target = target;
        }

        boolean makes(String key) {
            return keys.contains(key);
        }

        void add(ImportFile.Row row, Map<String, Object> out, Map<String, String> cells, String external,
                String key) {
            rows.add(row);
            outs.add(out);
            values.add(cells);
            externals.add(external);
            if (key != null) {
                keys.add(key);
            }
        }

        void store() {
            if (rows.isEmpty()) {
                return;
            }
            List<Long> ids = new ArrayList<>();
            if (imports.alone(() -> ids.addAll(target.createAll(values, job.createdBy())))) {
                for (int i = 0; i < rows.size(); i++) {
                    created(outs.get(i), ids.get(i));
                }
            }
            else {
                for (int i = 0; i < rows.size(); i++) {
                    Map<String, String> cells = values.get(i);
                    long[] made = new long[1];
                    if (imports.alone(() -> {
                        made[0] = target.create(cells, job.createdBy());
                        return true;
                    })) {
                        created(outs.get(i), made[0]);
                    }
                    else {
                        refuse(outs.get(i), rows.get(i), new InvalidFields.FieldError(null, "imports.problem.notStored"));
                    }
                }
            }
            List<String> external = new ArrayList<>();
            List<Long> records = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (externals.get(i) != null && "CREATED".equals(outs.get(i).get("outcome"))) {
                    external.add(externals.get(i).strip());
                    records.add((Long) outs.get(i).get("record_id"));
                }
            }
            if (!external.isEmpty()) {
                jdbc.sql("""
                        insert into import_external_ids (kind, external_id, record_id)
                        select :kind, e, r from unnest(cast(:externals as text[]), cast(:records as bigint[])) as x(e, r)
                        on conflict (kind, external_id) do update set record_id = excluded.record_id""")
                        .param("kind", job.kind()).param("externals", external.toArray(String[]::new))
                        .param("records", records.toArray(Long[]::new)).update();
            }
            rows.clear();
            outs.clear();
            values.clear();
            externals.clear();
            keys.clear();
        }

        private void created(Map<String, Object> out, long id) {
            out.put("outcome", "CREATED");
            out.put("record_id", id);
        }
    }

    /** The key a row is matched by, as duplicates are compared; null when the import does not match rows. */
    private static String key(ImportJob job, ImportTarget target, Map<String, String> values, String external) {
        String key = job.matchKey();
        if (key == null || job.duplicates().equals("CREATE")) {
            return null;
        }
        if (key.equals(Imports.EXTERNAL_ID)) {
            return external == null || external.isBlank() ? null : external.strip();
        }
        return target.normalized(key, values.get(key));
    }

    /** The records the batch's rows already have, by the rows' keys ({@link #key}), in one lookup. */
    private Map<String, Long> known(ImportJob job, ImportTarget target, List<Map<String, String>> values,
            List<String> externals) {
        String key = job.matchKey();
        if (key == null || job.duplicates().equals("CREATE")) {
            return Map.of();
        }
        Map<String, Long> known = new java.util.HashMap<>();
        if (key.equals(Imports.EXTERNAL_ID)) {
            String[] wanted = externals.stream().filter(e -> e != null && !e.isBlank()).map(String::strip)
                    .distinct().toArray(String[]::new);
            jdbc.sql("""
                    select external_id, record_id from import_external_ids
                    where kind = :kind and external_id = any(cast(:wanted as text[]))""")
                    .param("kind", job.kind()).param("wanted", wanted)
                    .query(rs -> {
                        known.put(rs.getString(1), rs.getLong(2));
                    });
            return known;
        }
        List<String> raw = values.stream().map(v -> v.get(key)).filter(v -> v != null && !v.isBlank()).toList();
        target.findAll(key, raw).forEach((value, id) -> known.put(target.normalized(key, value), id));
        return known;
    }

    private Optional<Long> existing(ImportJob job, ImportTarget target, Map<String, String> values,
            String external) {
        String key = job.matchKey();
        if (key == null || job.duplicates().equals("CREATE")) {
            return Optional.empty();
        }
        if (key.equals(Imports.EXTERNAL_ID)) {
            return external == null ? Optional.empty() : jdbc.sql("""
                    select record_id from import_external_ids where kind = :kind and external_id = :external""")
                    .param("kind", job.kind()).param("external", external.strip()).query(Long.class).optional();
        }
        return target.find(key, values.get(key));
    }

    private static void refuse(Map<String, Object> out, ImportFile.Row row, InvalidFields.FieldError problem) {
        out.put("outcome", "REFUSED");
        out.put("cells", row.cells());
        out.put("field", problem.field());
        out.put("reason", problem.messageKey());
        out.put("arguments", List.of(problem.arguments()).stream().map(a -> a == null ? "" : a instanceof Number
                ? a : a.toString()).toList());
    }
}
