package app.klient.automation.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import app.klient.analytics.report.ReportField;
import app.klient.automation.Rule;
import app.klient.automation.internal.RuleSet.Loaded;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Triggers on the clock, checked by a scan every minute on every node: a date reached (a contract's end, a
 * birthday: every year), an invoice overdue, and schedules. A date fires once for a record and a date
 * ({@code automation_date_fired}), a schedule once for its moment (the rule's row is locked and its last firing
 * moved on), so two nodes scanning together make each run once. A missed scan (the node was down) is caught up for
 * up to {@value #CATCH_UP_DAYS} days, but never for dates before the rule was switched on.
 */
@Component
public class TimeTriggers {

    static final int CATCH_UP_DAYS = 7;
    /** A schedule acts on at most this many records at a time. */
    static final int SCHEDULE_MAX = 10_000;

    private final JdbcClient jdbc;
    private final RuleSet rules;
    private final ConditionCheck conditions;
    private final app.klient.automation.RuleFields fields;

    TimeTriggers(JdbcClient jdbc, RuleSet rules, ConditionCheck conditions, app.klient.automation.RuleFields fields) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.conditions = conditions;
        this.fields = fields;
    }

    /** Makes the runs the clock has brought about by {@code now}; answers how many. */
    @Transactional
    public int scan(Instant now) {
        int made = 0;
        for (Loaded l : rules.current()) {
            if (!l.rule().trigger().kind().timed()) {
                continue;
            }
            Instant enabledAt = jdbc.sql("select fired_at from automation_rules where id = :id and enabled"
                    + " for update skip locked").param("id", l.rule().id()).query(java.sql.Timestamp.class)
                    .optional().map(java.sql.Timestamp::toInstant).orElse(null);
            if (enabledAt == null) {
                continue;
            }
            made += switch (l.rule().trigger().kind()) {
                case DATE_REACHED -> dateReached(l, now, enabledAt);
                case INVOICE_OVERDUE -> overdue(l, now, enabledAt);
                case SCHEDULE -> schedule(l, now, enabledAt);
                default -> 0;
            };
        }
        return made;
    }

    private int dateReached(Loaded l, Instant now, Instant enabledAt) {
        Rule.Trigger t = l.rule().trigger();
        ReportField f = fields.subject(l.type()).field(t.field()).orElseThrow();
        String day = "(" + f.sql() + ")::date";
        if (t.field().equals("birthday")) {
            // a birthday comes every year: this year's, a 29 February on 1 March
            day = "(date_trunc('year', :today::date) + ((" + f.sql() + ")::date - date_trunc('year', ("
                    + f.sql() + ")::date)))::date";
        }
        int days = t.days() == null ? 0 : t.days();
        // the day the rule acts on is the date plus the offset: 30 days before a contract's end is date - 30
        return fire(l, "select x.id, " + day + " as on_day from " + fields.subject(l.type()).from() + " where "
                + day + " + :days between :from and :today", days, now, enabledAt);
    }

    private int overdue(Loaded l, Instant now, Instant enabledAt) {
        int days = l.rule().trigger().days() == null ? 0 : l.rule().trigger().days();
        return fire(l, """
                select x.id, x.due_date as on_day from invoices x
                where x.kind = 'INVOICE' and x.paid_total < x.gross_total
                  and x.due_date + 1 + :days between :from and :today""", days, now, enabledAt);
    }

    private int fire(Loaded l, String due, int days, Instant now, Instant enabledAt) {
        LocalDate today = LocalDate.ofInstant(now, ConditionCheck.ZONE);
        LocalDate enabledOn = LocalDate.ofInstant(enabledAt, ConditionCheck.ZONE);
        LocalDate from = Collections.max(List.of(today.minusDays(CATCH_UP_DAYS), enabledOn));
        return jdbc.sql("with due as (" + due + """
                ), fired as (
                    insert into automation_date_fired (rule_id, record_id, on_day)
                    select :rule, id, on_day from due on conflict do nothing returning record_id, on_day)
                insert into automation_runs (rule_id, record_type, record_id, cause)
                select :rule, :type, record_id, jsonb_build_object('date', on_day) from fired""")
                .param("days", days).param("from", from).param("today", today).param("rule", l.rule().id())
                .param("type", l.rule().recordType()).update();
    }

    private int schedule(Loaded l, Instant now, Instant last) {
        Instant next = next(l.rule().trigger(), last);
        if (next.isAfter(now)) {
            return 0;
        }
        List<Long> ids = conditions.matchingNow(l.rule(), l.type(), SCHEDULE_MAX);
        jdbc.sql("update automation_rules set fired_at = :now where id = :id")
                .param("now", java.sql.Timestamp.from(now)).param("id", l.rule().id()).update();
        if (ids.isEmpty()) {
            return 0;
        }
        List<String> causes = new ArrayList<>(Collections.nCopies(ids.size(),
                "{\"schedule\": \"" + next + "\"}"));
        return jdbc.sql("""
                insert into automation_runs (rule_id, record_type, record_id, cause)
                select :rule, :type, id, cause from unnest(cast(:ids as bigint[]), cast(:causes as jsonb[]))
                    as u(id, cause)""")
                .param("rule", l.rule().id()).param("type", l.rule().recordType())
                .param("ids", ids.toArray(Long[]::new)).param("causes", causes.toArray(String[]::new)).update();
    }

    /** The first moment of the schedule after {@code last}, in the company's zone. */
    static Instant next(Rule.Trigger t, Instant last) {
        ZonedDateTime after = last.atZone(ConditionCheck.ZONE);
        ZonedDateTime at = after.toLocalDate().atTime(t.hour(), 0).atZone(ConditionCheck.ZONE);
        switch (t.every()) {
            case "WEEK" -> at = at.with(TemporalAdjusters.nextOrSame(DayOfWeek.of(t.weekday())));
            case "MONTH" -> at = at.with(TemporalAdjusters.firstDayOfMonth());
            default -> {
                // every day
            }
        }
        while (!at.isAfter(after)) {
            at = switch (t.every()) {
                case "WEEK" -> at.plusWeeks(1);
                case "MONTH" -> at.plusMonths(1).with(TemporalAdjusters.firstDayOfMonth());
                default -> at.plusDays(1);
            };
        }
        return at.toInstant();
    }
}
