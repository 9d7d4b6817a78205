package app.klient.automation.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.klient.automation.RecordChange;
import app.klient.automation.RecordTypes;
import app.klient.automation.RecordTypes.RecordType;
import app.klient.automation.Rule;
import app.klient.automation.internal.RuleSet.Loaded;
import app.klient.automation.webhook.WebhookEvents;
import app.klient.platform.Phrase;
import app.klient.platform.web.Phrases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns changes into runs and runs into actions, in two kinds of transaction, each taking its rows with
 * {@code for update skip locked} so several nodes share the work and none does a row twice:
 * <ol>
 * <li>dispatch: takes a batch of changes off the queue, publishes their webhook events and makes a run for each
 * rule whose trigger they are; the changes are gone only if the runs and deliveries committed;</li>
 * <li>run: takes a batch of due runs, reads their conditions in one query per comparison, and does their actions:
 * what an action did commits with the step that records it. When one fails, the batch rolls back and its runs are
 * done again each in a transaction of its own, so the failing run alone is rolled back to where it was and tried
 * again later (10 s, 1 min, 10 min, 1 h, then failed).</li>
 * </ol>
 * A run made by a change that rules made {@value #MAX_DEPTH} deep is stopped, not run: a rule that triggers itself
 * ends there, and the log says so.
 */
@Component
public class RuleEngine {

    static final int MAX_DEPTH = 5;
    static final List<Duration> RETRIES = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1),
            Duration.ofMinutes(10), Duration.ofHours(1));
    private static final Logger log = LoggerFactory.getLogger(RuleEngine.class);

    private final JdbcClient jdbc;
    private final ChangeQueue queue;
    private final RuleSet rules;
    private final WebhookEvents webhooks;
    private final ConditionCheck conditions;
    private final RuleActions actions;
    private final Phrases phrases;
    private final ObjectMapper json;
    private final TransactionTemplate transaction;

    RuleEngine(JdbcClient jdbc, ChangeQueue queue, RuleSet rules, WebhookEvents webhooks, ConditionCheck conditions,
            RuleActions actions, Phrases phrases, ObjectMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.queue = queue;
        this.rules = rules;
        this.webhooks = webhooks;
        this.conditions = conditions;
        this.actions = actions;
        this.phrases = phrases;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Takes up to {@code max} changes and makes their runs and webhook deliveries; answers how many it took. */
    public int dispatch(int max) {
        Integer taken = transaction.execute(status -> {
            // read first, every pass: a rule whose field was just retired is switched off now, not at its next run
            List<Loaded> enabled = rules.current();
            List<RecordChange> changes = queue.take(max);
            if (changes.isEmpty()) {
                return 0;
            }
            webhooks.publish(changes);
            List<Long> ruleIds = new ArrayList<>();
            List<String> types = new ArrayList<>();
            List<Long> recordIds = new ArrayList<>();
            List<String> causes = new ArrayList<>();
            List<Integer> depths = new ArrayList<>();
            // the changes one run made to a record (two actions, two statements) start a rule once, not once each:
            // otherwise a rule that changes its own record would double at every level until the depth limit
            java.util.Set<String> started = new java.util.HashSet<>();
            for (RecordChange change : changes) {
                for (Loaded l : enabled) {
                    if (TriggerMatch.matches(l.rule(), l.column(), change) && (change.depth() == 0
                            || started.add(l.rule().id() + ":" + change.recordId() + ":" + change.depth()))) {
                        ruleIds.add(l.rule().id());
                        types.add(l.rule().recordType());
                        recordIds.add(change.recordId());
                        causes.add(json.writeValueAsString(cause(change)));
                        depths.add(change.depth());
                    }
                }
            }
            insertRuns(ruleIds, types, recordIds, causes, depths);
            return changes.size();
        });
        return taken == null ? 0 : taken;
    }

    void insertRuns(List<Long> ruleIds, List<String> types, List<Long> recordIds, List<String> causes,
            List<Integer> depths) {
        if (ruleIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into automation_runs (rule_id, record_type, record_id, cause, depth)
                select * from unnest(cast(:rules as bigint[]), cast(:types as text[]), cast(:ids as bigint[]),
                    cast(:causes as jsonb[]), cast(:depths as integer[]))""")
                .param("rules", ruleIds.toArray(Long[]::new)).param("types", types.toArray(String[]::new))
                .param("ids", recordIds.toArray(Long[]::new)).param("causes", causes.toArray(String[]::new))
                .param("depths", depths.toArray(Integer[]::new)).update();
    }

    /** What the log keeps of a change: the operation, the columns it changed, their values before and after. */
    private ObjectNode cause(RecordChange change) {
        ObjectNode cause = json.createObjectNode();
        cause.put("operation", change.operation().name());
        cause.put("at", change.occurredAt().toString());
        ArrayNode changed = cause.putArray("changed");
        ObjectNode before = cause.putObject("before");
        ObjectNode after = cause.putObject("after");
        for (String column : change.changed()) {
            changed.add(column);
            if (change.valueBefore(column) != null) {
                before.set(column, change.valueBefore(column));
            }
            if (change.valueAfter(column) != null) {
                after.set(column, change.valueAfter(column));
            }
        }
        if (change.recordType().equals("segment_member")) {
            JsonNode member = change.after() != null ? change.after() : change.before();
            cause.set("segmentId", member.get("segment_id"));
        }
        return cause;
    }

    private record Run(long id, long ruleId, String recordType, long recordId, JsonNode cause, String state,
            int nextAction, int attempts, int depth, JsonNode conditions) {
    }

    /** One run's failure, with the action it happened at. */
    private static final class RunFailed extends RuntimeException {

        final transient Run run;
        final int position;

        RunFailed(Run run, int position, RuntimeException cause) {
            super(cause);
            this.run = run;
            this.position = position;
        }
    }

    private static final String DUE = """
            select id, rule_id, record_type, record_id, cause, state, next_action, attempts, depth, conditions
            from automation_runs where state in ('PENDING', 'WAITING') and due_at <= now()""";

    /**
     * Does up to {@code max} due runs in one transaction; answers how many it took. When one run's action fails, it
     * takes the batch's transaction with it (a service it called may have marked the transaction for rollback): then
     * each run of the batch is done again in a transaction of its own, so the failure is the failing run's alone and
     * is written down, and the others commit.
     */
    public int runDue(int max) {
        List<Long> claimed = new ArrayList<>();
        try {
            Integer taken = transaction.execute(status -> {
                List<Run> due = claim(DUE + " order by due_at, id limit :max for update skip locked", "max", max);
                due.forEach(r -> claimed.add(r.id()));
                process(due);
                return due.size();
            });
            return taken == null ? 0 : taken;
        }
        catch (RuntimeException batchFailed) {
            if (claimed.isEmpty()) {
                throw batchFailed;
            }
            claimed.forEach(this::runAlone);
            return claimed.size();
        }
    }

    private void runAlone(long id) {
        try {
            transaction.executeWithoutResult(status -> process(claim(DUE + " and id = :id for update skip locked",
                    "id", id)));
        }
        catch (RuntimeException failure) {
            transaction.executeWithoutResult(status -> claim(DUE + " and id = :id for update skip locked", "id", id)
                    .forEach(run -> failed(run, failure)));
        }
    }

    private List<Run> claim(String sql, String name, Object value) {
        return jdbc.sql(sql).param(name, value)
                .query((rs, n) -> new Run(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                        json.readTree(rs.getString(5)), rs.getString(6), rs.getInt(7), rs.getInt(8),
                        rs.getInt(9), rs.getString(10) == null ? null : json.readTree(rs.getString(10))))
                .list();
    }

    private void process(List<Run> due) {
        if (due.isEmpty()) {
            return;
        }
        rules.current();
        Map<Long, List<Run>> byRule = new LinkedHashMap<>();
        for (Run run : due) {
            byRule.computeIfAbsent(run.ruleId(), k -> new ArrayList<>()).add(run);
        }
        for (Map.Entry<Long, List<Run>> e : byRule.entrySet()) {
            Loaded rule = rules.find(e.getKey()).orElse(null);
            List<Run> runnable = new ArrayList<>();
            for (Run run : e.getValue()) {
                if (rule == null) {
                    finish(run, "STOPPED", null, Phrase.of("automation.run.ruleOff"), 0);
                }
                else if (!rule.rule().recordType().equals(run.recordType())) {
                    // the rule is about another kind of record since this run was made
                    finish(run, "STOPPED", null, Phrase.of("automation.run.ruleChanged"), 0);
                }
                else {
                    runnable.add(run);
                }
            }
            if (!runnable.isEmpty()) {
                runAll(rule, runnable);
            }
        }
    }

    private void runAll(Loaded loaded, List<Run> runs) {
        Rule rule = loaded.rule();
        RecordType type = RecordTypes.find(runs.get(0).recordType()).orElseThrow();
        Map<Long, JsonNode> fresh = new LinkedHashMap<>();
        for (Run run : runs) {
            if (run.conditions() == null) {
                fresh.put(run.recordId(), run.cause());
            }
        }
        Map<Long, ConditionCheck.Outcome> outcomes = fresh.isEmpty() ? Map.of()
                : conditions.check(rule, type, fresh);
        Map<Long, Target> targets = targets(type, runs.stream().map(Run::recordId).distinct().toList());
        for (Run run : runs) {
            long started = System.nanoTime();
            JsonNode held = run.conditions();
            if (held == null) {
                ConditionCheck.Outcome outcome = outcomes.get(run.recordId());
                if (!outcome.inTeam()) {
                    // a manager's rule does not apply to another team's records: nothing to log, nothing to show
                    jdbc.sql("delete from automation_runs where id = :id").param("id", run.id()).update();
                    continue;
                }
                held = json.valueToTree(outcome.each());
                if (!outcome.held()) {
                    finish(run, "SKIPPED", held, null, started);
                    continue;
                }
            }
            if (run.depth() >= MAX_DEPTH) {
                finish(run, "STOPPED", held, Phrase.of("automation.run.loop", Phrase.number(
                        java.math.BigDecimal.valueOf(run.depth()))), started);
                continue;
            }
            Target target = targets.getOrDefault(run.recordId(),
                    new Target(type, run.recordId(), false, null, null, null, null));
            execute(rule, run, held, target, started);
        }
    }

    /** Does a run's actions from where it stands; a failure is thrown on with the action it happened at. */
    private void execute(Rule rule, Run run, JsonNode held, Target start, long started) {
        List<Object[]> steps = new ArrayList<>();
        int position = run.nextAction();
        Target target = start;
        try {
            jdbc.sql("select set_config('klient.automation_depth', :depth, true)")
                    .param("depth", String.valueOf(run.depth() + 1)).query(String.class).single();
            if ("WAITING".equals(run.state())) {
                // the wait is over: its step says it waited, no longer that it is waiting
                jdbc.sql("""
                        update automation_run_steps set outcome = 'DONE',
                            detail = jsonb_set(detail, '{key}', '"automation.step.waited"')
                        where run_id = :run and outcome = 'WAITING'""").param("run", run.id()).update();
            }
            for (; position < rule.actions().size(); position++) {
                Rule.Action action = rule.actions().get(position);
                long at = System.nanoTime();
                Step step = actions.run(rule, position, target, run.id());
                steps.add(new Object[] { position, action.type(), step.outcome(), phrases.json(step.detail()),
                        millis(at) });
                if (step.owner() != null) {
                    // the next actions ("a task for the owner") are for the owner just assigned
                    target = target.withOwner(step.owner());
                }
                if (step.until() != null) {
                    writeSteps(run.id(), steps);
                    jdbc.sql("""
                            update automation_runs set state = 'WAITING', next_action = :next, due_at = :until,
                                conditions = cast(:held as jsonb), took_ms = took_ms + :ms where id = :id""")
                            .param("next", position + 1).param("until", Timestamp.from(step.until()))
                            .param("held", held.toString()).param("ms", millis(started)).param("id", run.id())
                            .update();
                    return;
                }
            }
            writeSteps(run.id(), steps);
            finish(run, "DONE", held, null, started);
        }
        catch (RuntimeException failure) {
            throw new RunFailed(run, position, failure);
        }
    }

    /** Writes down a run's failure in a transaction of its own: tried again later, or failed for good. */
    private void failed(Run run, RuntimeException thrown) {
        int position = thrown instanceof RunFailed f ? f.position : run.nextAction();
        RuntimeException failure = thrown instanceof RunFailed f && f.getCause() instanceof RuntimeException cause
                ? cause : thrown;
        Phrase reason = failure instanceof RuleActions.ActionFailed failed ? failed.reason
                : failure instanceof app.klient.platform.KlientException k
                        ? Phrase.of(k.messageKey(), java.util.Arrays.stream(k.arguments())
                                .map(a -> (Object) Phrase.text(String.valueOf(a))).toArray())
                        : Phrase.of("automation.step.error", Phrase.text(String.valueOf(failure.getMessage())));
        if (!(failure instanceof RuleActions.ActionFailed)) {
            log.warn("Rule {} failed on {} {}; it is tried again", run.ruleId(), run.recordType(), run.recordId(),
                    failure);
        }
        Rule rule = rules.find(run.ruleId()).map(Loaded::rule).orElse(null);
        String action = rule == null || rule.actions().isEmpty() ? "" : rule.actions().get(Math.min(position,
                rule.actions().size() - 1)).type();
        writeSteps(run.id(), List.<Object[]>of(new Object[] { position, action, "FAILED", phrases.json(reason), 0 }));
        int attempts = run.attempts() + 1;
        if (attempts > RETRIES.size()) {
            finish(run, "FAILED", run.conditions(), reason, 0);
        }
        else {
            jdbc.sql("""
                    update automation_runs set state = 'PENDING', attempts = :attempts,
                        due_at = now() + :pause * interval '1 second', error = :error where id = :id""")
                    .param("attempts", attempts).param("pause", RETRIES.get(attempts - 1).toSeconds())
                    .param("error", phrases.json(reason)).param("id", run.id()).update();
        }
    }

    private void finish(Run run, String state, JsonNode held, Phrase error, long started) {
        jdbc.sql("""
                update automation_runs set state = :state, conditions = cast(:held as jsonb), error = :error,
                    finished_at = now(), took_ms = took_ms + :ms where id = :id""")
                .param("state", state).param("held", held == null ? null : held.toString())
                .param("error", error == null ? null : phrases.json(error))
                .param("ms", started == 0 ? 0 : millis(started)).param("id", run.id()).update();
    }

    private void writeSteps(long run, List<Object[]> steps) {
        if (steps.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into automation_run_steps (run_id, position, action, outcome, detail, took_ms)
                select :run, * from unnest(cast(:positions as integer[]), cast(:actions as text[]),
                    cast(:outcomes as text[]), cast(:details as jsonb[]), cast(:ms as integer[]))""")
                .param("run", run)
                .param("positions", steps.stream().map(s -> (Integer) s[0]).toArray(Integer[]::new))
                .param("actions", steps.stream().map(s -> (String) s[1]).toArray(String[]::new))
                .param("outcomes", steps.stream().map(s -> (String) s[2]).toArray(String[]::new))
                .param("details", steps.stream().map(s -> (String) s[3]).toArray(String[]::new))
                .param("ms", steps.stream().map(s -> (Integer) s[4]).toArray(Integer[]::new)).update();
    }

    /** The records of a batch as actions need them, in one query; a deleted one is missing. */
    private Map<Long, Target> targets(RecordType type, List<Long> ids) {
        Map<Long, Target> found = new HashMap<>();
        jdbc.sql("select x.id, " + or(type.ownerSql()) + ", " + or(type.contactSql()) + ", " + or(type.companySql())
                + ", " + type.labelSql() + " from " + type.table() + " x where x.id = any(:ids)")
                .param("ids", ids.toArray(Long[]::new))
                .query((rs, n) -> new Target(type, rs.getLong(1), true, (Long) rs.getObject(2),
                        (Long) rs.getObject(3), (Long) rs.getObject(4), rs.getString(5)))
                .list().forEach(t -> found.put(t.id(), t));
        return found;
    }

    private static String or(String sql) {
        return sql == null ? "null::bigint" : sql;
    }

    private static int millis(long startedNanos) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startedNanos) / 1_000_000);
    }
}
