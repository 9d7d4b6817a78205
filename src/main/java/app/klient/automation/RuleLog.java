package app.klient.automation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import app.klient.automation.RecordTypes.RecordType;
import app.klient.automation.webhook.WebhookEvents;
import app.klient.identity.Permission;
import app.klient.platform.KlientException;
import app.klient.platform.web.CountedPage;
import app.klient.platform.web.Keyset;
import app.klient.platform.web.Phrases;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What rules did, as their makers read it: the runs of a rule or of a record (what triggered, which conditions held,
 * what each action did, how long, errors), worded in the reader's language when read.
 */
@Service
public class RuleLog {

    /** A run: its rule and record, its state, what triggered it, each condition's outcome, its steps. */
    public record RunView(long id, long ruleId, String ruleName, boolean ruleDeleted, String recordType,
            long recordId, String recordLabel, String link, String state, String operation, List<String> changed,
            List<Boolean> conditions, String error, int attempts, int depth, Instant createdAt, Instant finishedAt,
            int tookMs, List<StepView> steps) {
    }

    public record StepView(int position, String action, String outcome, String detail, int tookMs, Instant at) {
    }

    /** A rule's recent work: its last run, and its runs of the last seven days by outcome. */
    public record Summary(Instant lastRun, long done, long skipped, long failed) {
    }

    private static final String COLUMNS = """
            select r.id, r.rule_id, ru.name, ru.template_key, ru.deleted_at is not null as rule_deleted, r.record_type,
                   r.record_id, r.state, r.cause, r.conditions, r.error, r.attempts, r.depth, r.created_at,
                   r.finished_at, r.took_ms""";
    private static final String FROM = " from automation_runs r join automation_rules ru on ru.id = r.rule_id";
    private static final String RUNS = COLUMNS + FROM;

    /** Logs list the newest run first; a page is reached by offset or, as far back as it goes, by a cursor. */
    private static final Map<String, Keyset.Order> NEWEST = Map.of("id",
            new Keyset.Order("id", new Keyset.Key("r.id", "bigint")));

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Phrases phrases;
    private final Rules rules;
    private final org.springframework.context.MessageSource messages;

    RuleLog(JdbcClient jdbc, ObjectMapper json, Phrases phrases, Rules rules,
            org.springframework.context.MessageSource messages) {
        this.messages = messages;
        this.jdbc = jdbc;
        this.json = json;
        this.phrases = phrases;
        this.rules = rules;
    }

    @Transactional(readOnly = true)
    public CountedPage<RunView> ofRule(long ruleId, Pageable page, String after, String before) {
        rules.get(ruleId);
        return runs("r.rule_id = :rule", Map.of("rule", ruleId), page, after, before);
    }

    /** The runs of rules the reader may see on one record (a manager: their team's rules), deleted rules' too. */
    @Transactional(readOnly = true)
    public CountedPage<RunView> ofRecord(String recordType, long recordId, Pageable page, String after,
            String before) {
        Permission.AUTOMATION.check();
        Map<String, Object> params = new HashMap<>(Rules.visibleParams());
        params.put("type", recordType);
        params.put("id", recordId);
        return runs("r.record_type = :type and r.record_id = :id and r.rule_id in (select id from automation_rules"
                + " where " + Rules.visibleEvenDeleted() + ")", params, page, after, before);
    }

    /** A page of runs, newest first, with the cursors of its neighbours. */
    private CountedPage<RunView> runs(String where, Map<String, Object> params, Pageable page, String after,
            String before) {
        Keyset keyset = Keyset.of(NEWEST, Sort.by(Sort.Order.desc("id")), after, before);
        String cursor = keyset.condition();
        List<RunView> rows = new ArrayList<>();
        List<String> cursors = new ArrayList<>();
        jdbc.sql(COLUMNS + ", " + keyset.selectKeys() + FROM + " where " + where
                + (cursor == null ? "" : " and " + cursor) + keyset.orderBy() + " limit :limit"
                + (keyset.hasCursor() ? "" : " offset :offset"))
                .params(params).params(keyset.params()).param("limit", page.getPageSize() + 1)
                .param("offset", page.getOffset()).query(rs -> {
                    rows.add(toRun(rs, rows.size()));
                    cursors.add(keyset.cursor(rs));
                });
        return keyset.page(labelled(rows, false), cursors, page, jdbc, "from automation_runs r where " + where,
                params);
    }

    @Transactional(readOnly = true)
    public RunView run(long id) {
        RunView run = jdbc.sql(RUNS + " where r.id = :id").param("id", id).query(this::toRun).optional()
                .orElseThrow(() -> KlientException.notFound("automation.run.notFound"));
        rules.getForLog(run.ruleId());
        return labelled(List.of(run), true).get(0);
    }

    /** Each rule's last run and its outcomes over the last seven days. */
    @Transactional(readOnly = true)
    public Map<Long, Summary> summaries(List<Long> ruleIds) {
        Map<Long, Summary> found = new HashMap<>();
        jdbc.sql("""
                select rule_id, max(created_at),
                       count(*) filter (where state = 'DONE' and created_at > now() - interval '7 days'),
                       count(*) filter (where state in ('SKIPPED', 'STOPPED') and created_at > now() - interval '7 days'),
                       count(*) filter (where state = 'FAILED' and created_at > now() - interval '7 days')
                from automation_runs where rule_id = any(:rules) group by rule_id""")
                .param("rules", ruleIds.toArray(Long[]::new))
                .query(rs -> {
                    found.put(rs.getLong(1), new Summary(rs.getTimestamp(2).toInstant(), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5)));
                });
        return found;
    }

    private RunView toRun(ResultSet rs, int row) throws SQLException {
        JsonNode cause = json.readTree(rs.getString("cause"));
        List<String> changed = new ArrayList<>();
        // the columns as the API names the fields (stage_id: stageId)
        cause.path("changed").forEach(c -> {
            if (!WebhookEvents.internal(c.asString())) {
                changed.add(WebhookEvents.camel(c.asString()));
            }
        });
        List<Boolean> conditions = new ArrayList<>();
        if (rs.getString("conditions") != null) {
            json.readTree(rs.getString("conditions")).forEach(c -> conditions.add(c.asBoolean()));
        }
        String error = rs.getString("error");
        String name = rs.getString("name");
        if (name.isBlank() && rs.getString("template_key") != null) {
            name = messages.getMessage("automation.template." + rs.getString("template_key") + ".name", null, "",
                    org.springframework.context.i18n.LocaleContextHolder.getLocale());
        }
        return new RunView(rs.getLong("id"), rs.getLong("rule_id"), name, rs.getBoolean("rule_deleted"),
                rs.getString("record_type"), rs.getLong("record_id"), null, null, rs.getString("state"),
                cause.has("operation") ? cause.get("operation").asString()
                        : cause.has("schedule") ? "SCHEDULE" : cause.has("date") ? "DATE" : "",
                changed, conditions, error == null ? null : phrases.render(phrases.parse(error)),
                rs.getInt("attempts"), rs.getInt("depth"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant(),
                rs.getInt("took_ms"), List.of());
    }

    /** The runs with their records' names and pages (one query per kind of record), and their steps if asked. */
    private List<RunView> labelled(List<RunView> runs, boolean withSteps) {
        Map<String, Map<Long, String>> labels = new HashMap<>();
        runs.stream().map(RunView::recordType).distinct().forEach(t -> RecordTypes.find(t).ifPresent(type -> {
            Map<Long, String> named = new HashMap<>();
            jdbc.sql("select x.id, " + type.labelSql() + " from " + type.table() + " x where x.id = any(:ids)")
                    .param("ids", runs.stream().filter(r -> r.recordType().equals(t)).map(RunView::recordId)
                            .toArray(Long[]::new))
                    .query(rs -> {
                        named.put(rs.getLong(1), rs.getString(2));
                    });
            labels.put(t, named);
        }));
        List<RunView> result = new ArrayList<>();
        for (RunView r : runs) {
            RecordType type = RecordTypes.find(r.recordType()).orElse(null);
            String label = labels.getOrDefault(r.recordType(), Map.of()).get(r.recordId());
            result.add(new RunView(r.id(), r.ruleId(), r.ruleName(), r.ruleDeleted(), r.recordType(), r.recordId(),
                    label, type == null || label == null ? null : type.linkTo(r.recordId()), r.state(), r.operation(),
                    r.changed(), r.conditions(), r.error(), r.attempts(), r.depth(), r.createdAt(), r.finishedAt(),
                    r.tookMs(), withSteps ? steps(r.id()) : List.of()));
        }
        return result;
    }

    private List<StepView> steps(long run) {
        return jdbc.sql("""
                select position, action, outcome, detail, took_ms, at from automation_run_steps
                where run_id = :run order by id""").param("run", run)
                .query((rs, n) -> new StepView(rs.getInt(1), rs.getString(2), rs.getString(3),
                        phrases.render(phrases.parse(rs.getString(4))), rs.getInt(5), rs.getTimestamp(6).toInstant()))
                .list();
    }
}
