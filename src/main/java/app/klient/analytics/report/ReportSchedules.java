package app.klient.analytics.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.mail.Emails;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.StaleVersion;
import app.klient.platform.db.Versions;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Saved reports sent by e-mail on a schedule, and at once on request. Each recipient gets the report run as them (a
 * salesperson only their own rows), in their language and time zone, as PDF and XLSX, through the outbox. A due
 * schedule is claimed ({@code for update skip locked}, so one node runs it) and, in that one transaction, every
 * recipient's message is stored in the outbox and the next run set: a node stopped halfway has stored nothing and the
 * run is done again, once; a mail server that refuses is the outbox's to retry.
 */
@Service
public class ReportSchedules {

    /** The most people one report is mailed to. */
    public static final int MAX_RECIPIENTS = 50;

    private static final Logger log = LoggerFactory.getLogger(ReportSchedules.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Reports reports;
    private final ReportMail mail;
    private final Users users;
    private final Emails emails;
    private final Versions versions;
    private final TransactionTemplate transaction;

    ReportSchedules(JdbcClient jdbc, Reports reports, ReportMail mail, Users users, Emails emails, Versions versions,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.reports = reports;
        this.mail = mail;
        this.users = users;
        this.emails = emails;
        this.versions = versions;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** A schedule as set: how often, when, to whom (the owner always among them), paused or not, from which version. */
    public record Form(@Size(max = 10) String frequency, Integer weekday, Integer dayOfMonth, Integer hour,
            @Size(max = MAX_RECIPIENTS) List<Long> recipients, Boolean paused, Integer version) {
    }

    private static final String COLUMNS = """
            select id, frequency, weekday, day_of_month, hour, recipients, paused, next_run_at, last_run_at,
                   last_outcome, last_sent_to, last_problem, version
            from analytics_report_schedules""";

    /** The report's schedule, if it has one (the report must be one the caller may read). */
    @Transactional(readOnly = true)
    public Optional<ReportSchedule> of(long reportId) {
        reports.get(reportId);
        return find(reportId);
    }

    /** The schedules of these reports (the caller has them listed already), by report. */
    @Transactional(readOnly = true)
    public java.util.Map<Long, ReportSchedule> of(java.util.Collection<Long> reportIds) {
        java.util.Map<Long, ReportSchedule> byReport = new java.util.HashMap<>();
        if (!reportIds.isEmpty()) {
            jdbc.sql(COLUMNS + " where id = any(:ids)").param("ids", reportIds.toArray(Long[]::new))
                    .query(this::schedule).list().forEach(s -> byReport.put(s.reportId(), s));
        }
        return byReport;
    }

    private Optional<ReportSchedule> find(long reportId) {
        return jdbc.sql(COLUMNS + " where id = :id").param("id", reportId).query(this::schedule).optional();
    }

    /** Sets the report's schedule (its owner, a manager or an administrator); its next run counts from now. */
    @Transactional
    public ReportSchedule set(long reportId, Form form) {
        Reports.Saved report = reports.get(reportId);
        Reports.mayChange(report);
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String frequency = form.frequency() == null ? null : form.frequency().strip();
        if (frequency == null || !ReportSchedule.FREQUENCIES.contains(frequency)) {
            errors.add("frequency", "report.schedule.frequency.invalid");
        }
        Integer weekday = "WEEKLY".equals(frequency) ? form.weekday() : null;
        if ("WEEKLY".equals(frequency) && (weekday == null || weekday < 1 || weekday > 7)) {
            errors.add("weekday", "report.schedule.weekday.invalid");
        }
        Integer day = "MONTHLY".equals(frequency) ? form.dayOfMonth() : null;
        if ("MONTHLY".equals(frequency) && (day == null || day < 1 || day > 31)) {
            errors.add("dayOfMonth", "report.schedule.dayOfMonth.invalid");
        }
        if (form.hour() == null || form.hour() < 0 || form.hour() > 23) {
            errors.add("hour", "report.schedule.hour.invalid");
        }
        Set<Long> recipients = new LinkedHashSet<>();
        recipients.add(report.ownerId());
        List<Long> given = form.recipients() == null ? List.of() : form.recipients();
        if (given.size() > MAX_RECIPIENTS) {
            errors.add("recipients", "report.schedule.recipients.tooMany", MAX_RECIPIENTS);
        }
        for (int i = 0; i < given.size() && i < MAX_RECIPIENTS; i++) {
            Long id = given.get(i);
            if (id == null || !users.isActive(id) || !reports.readableBy(users.get(id), reportId)) {
                errors.add("recipients[" + i + "]", "report.schedule.recipient.invalid");
            }
            else {
                recipients.add(id);
            }
        }
        if (recipients.size() > MAX_RECIPIENTS) {
            errors.add("recipients", "report.schedule.recipients.tooMany", MAX_RECIPIENTS);
        }
        errors.throwIfAny();
        Instant next = ReportSchedule.next(frequency, weekday, day, form.hour(), ownerZone(report.ownerId()),
                Instant.now());
        boolean paused = Boolean.TRUE.equals(form.paused());
        Long[] to = recipients.toArray(Long[]::new);
        if (find(reportId).isEmpty()) {
            // a first schedule has no version to name; two made at once: the second is told of the first
            int made = jdbc.sql("""
                    insert into analytics_report_schedules (id, frequency, weekday, day_of_month, hour, recipients,
                        paused, next_run_at)
                    values (:id, :frequency, :weekday, :day, :hour, :to, :paused, :next) on conflict (id) do nothing""")
                    .param("id", reportId).param("frequency", frequency).param("weekday", weekday)
                    .param("day", day).param("hour", form.hour()).param("to", to).param("paused", paused)
                    .param("next", java.sql.Timestamp.from(next)).update();
            if (made == 0) {
                throw new StaleVersion();
            }
        }
        else {
            versions.change("analytics_report_schedules", reportId, form.version())
                    .notFound("report.schedule.none")
                    .set("frequency = :frequency, weekday = :weekday, day_of_month = :day, hour = :hour,"
                            + " recipients = :to, paused = :paused, next_run_at = :next, updated_at = now()")
                    .param("frequency", frequency).param("weekday", weekday).param("day", day)
                    .param("hour", form.hour()).param("to", to).param("paused", paused)
                    .param("next", java.sql.Timestamp.from(next)).apply();
        }
        return find(reportId).orElseThrow();
    }

    /** Stops sending the report (its owner, a manager or an administrator); nothing when it had no schedule. */
    @Transactional
    public void delete(long reportId) {
        Reports.mayChange(reports.get(reportId));
        jdbc.sql("delete from analytics_report_schedules where id = :id").param("id", reportId).update();
    }

    /**
     * Sends the report now to its schedule's recipients (to the caller alone when it has none), without moving its
     * next run; answers to how many people it went.
     */
    @Transactional
    public int sendNow(long reportId) {
        Reports.Saved report = reports.get(reportId);
        Reports.mayChange(report);
        Optional<ReportSchedule> schedule = find(reportId);
        List<Long> to = schedule.map(ReportSchedule::recipients)
                .orElse(List.of(app.klient.identity.CurrentUser.id()));
        int sent = send(reportId, report.name(), report.ownerId(), report.definition(), to);
        if (schedule.isPresent()) {
            outcome(reportId, sent, null, null);
        }
        return sent;
    }

    /**
     * Sends every schedule that is due, each in a transaction of its own; answers how many ran. Called every minute
     * on every node: the row lock decides which node sends.
     */
    public int runDue() {
        int ran = 0;
        while (true) {
            Due[] claimed = { null };
            try {
                transaction.executeWithoutResult(status -> {
                    claimed[0] = jdbc.sql(DUE + " where not s.paused and s.next_run_at <= now()"
                            + " order by s.next_run_at, s.id limit 1 for update of s skip locked")
                            .query(this::due).optional().orElse(null);
                    if (claimed[0] != null) {
                        Due due = claimed[0];
                        int sent = send(due.id(), due.name(), due.ownerId(),
                                JSON.readValue(due.definition(), ReportDefinition.class), due.recipients());
                        outcome(due.id(), sent, null, next(due));
                    }
                });
            }
            catch (RuntimeException e) {
                if (claimed[0] == null || !failed(claimed[0], e)) {
                    return ran;
                }
            }
            if (claimed[0] == null) {
                return ran;
            }
            ran++;
        }
    }

    private static final String DUE = """
            select s.id, s.next_run_at, r.name, r.owner_id, r.definition::text, s.recipients, s.frequency,
                   s.weekday, s.day_of_month, s.hour
            from analytics_report_schedules s join analytics_reports r on r.id = s.id""";

    /** A claimed, due run: the schedule and its report. */
    private record Due(long id, Instant dueAt, String name, long ownerId, String definition, List<Long> recipients,
            String frequency, Integer weekday, Integer dayOfMonth, int hour) {
    }

    private Due due(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Due(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getLong(4),
                rs.getString(5), List.of((Long[]) rs.getArray(6).getArray()), rs.getString(7),
                (Integer) rs.getObject(8), (Integer) rs.getObject(9), rs.getInt(10));
    }

    /** The next run after this one; a run missed while Klient was stopped is sent once, late, not once per miss. */
    private Instant next(Due due) {
        Instant now = Instant.now();
        return ReportSchedule.next(due.frequency(), due.weekday(), due.dayOfMonth(), due.hour(),
                ownerZone(due.ownerId()), now.isAfter(due.dueAt()) ? now : due.dueAt());
    }

    /**
     * Keeps a run that failed as a whole (the report no longer runs, the database refused it) and moves the schedule
     * on, in a transaction of its own after the run's was undone; false when that could not be done now.
     */
    private boolean failed(Due run, RuntimeException e) {
        // what the report's page would say of it (its first wrong field), else that it did not run
        String problem = e instanceof InvalidFields invalid && !invalid.errors().isEmpty()
                ? invalid.errors().get(0).messageKey()
                : e instanceof KlientException k ? k.messageKey() : "report.schedule.failed";
        log.warn("Report {} not sent: {}", run.id(), e.toString());
        try {
            return Boolean.TRUE.equals(transaction.execute(status -> {
                Due due = jdbc.sql(DUE + " where s.id = :id and s.next_run_at = :due for update of s skip locked")
                        .param("id", run.id()).param("due", java.sql.Timestamp.from(run.dueAt()))
                        .query(this::due).optional().orElse(null);
                if (due != null) {
                    outcome(due.id(), 0, problem, next(due));
                }
                return true;
            }));
        }
        catch (RuntimeException again) {
            log.warn("Report schedules not run now: {}", again.toString());
            return false;
        }
    }

    /** Each recipient's message into the outbox, the report run as them; answers how many there were. */
    private int send(long reportId, String name, long ownerId, ReportDefinition definition, List<Long> recipients) {
        List<Long> to = new ArrayList<>(new LinkedHashSet<>(recipients));
        int sent = 0;
        for (long recipient : to) {
            // a person who has left, or may no longer read the report, is not sent it
            if (!users.isActive(recipient)) {
                continue;
            }
            UserSummary person = users.get(recipient);
            if (!reports.readableBy(person, reportId)) {
                continue;
            }
            emails.deliver(users.actingAs(recipient, () -> mail.of(reportId, name, definition, person,
                    ownerName(ownerId))));
            sent++;
        }
        return sent;
    }

    private void outcome(long reportId, int sent, String problem, Instant next) {
        // the job's own columns: a person's edit of the schedule is not made stale by a run
        jdbc.sql("""
                update analytics_report_schedules set last_run_at = now(), last_outcome = :outcome,
                    last_sent_to = :sent, last_problem = :problem, next_run_at = coalesce(:next, next_run_at)
                where id = :id""")
                .param("outcome", problem == null ? "SENT" : "FAILED").param("sent", sent)
                .param("problem", problem).param("next", next == null ? null : java.sql.Timestamp.from(next))
                .param("id", reportId).update();
    }

    private ZoneId ownerZone(long ownerId) {
        return ZoneId.of(users.get(ownerId).timeZone());
    }

    private String ownerName(long ownerId) {
        return users.get(ownerId).name();
    }

    private ReportSchedule schedule(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        java.sql.Timestamp last = rs.getTimestamp(9);
        return new ReportSchedule(rs.getLong(1), rs.getString(2), (Integer) rs.getObject(3),
                (Integer) rs.getObject(4), rs.getInt(5), List.of((Long[]) rs.getArray(6).getArray()),
                rs.getBoolean(7), rs.getTimestamp(8).toInstant(), last == null ? null : last.toInstant(),
                rs.getString(10), (Integer) rs.getObject(11), rs.getString(12), rs.getInt(13));
    }
}
