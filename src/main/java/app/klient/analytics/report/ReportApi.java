package app.klient.analytics.report;

import java.io.IOException;
import java.net.URI;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import app.klient.identity.Permission;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/analytics")
@Tag(name = "Reports")
class ReportApi {

    private final Reports reports;
    private final ReportSchedules schedules;
    private final MessageSource messages;

    ReportApi(Reports reports, ReportSchedules schedules, MessageSource messages) {
        this.reports = reports;
        this.schedules = schedules;
        this.messages = messages;
    }

    /** A subject and its fields, named in the caller's language. */
    record SubjectView(String id, String name, String dateField, List<FieldView> fields) {
    }

    record FieldView(String id, String name, String type, boolean groupable, boolean summable) {
    }

    /**
     * A report to keep: its name, the team it is shared with (none: only its owner), its definition; a report as
     * read goes back unchanged (its id, owner and the names shown are not changed by it).
     */
    @JsonIgnoreProperties({ "id", "ownerId", "ownerName", "teamName", "mine" })
    record SavedBody(String name, Long teamId, @Valid ReportDefinition definition, Integer version) {
    }

    @Operation(summary = "What reports can be about, with each subject's fields (type, whether it groups, whether it "
            + "sums)")
    @GetMapping("/report-subjects")
    List<SubjectView> reportSubjects() {
        Locale locale = LocaleContextHolder.getLocale();
        return Reports.subjects().stream().map(s -> new SubjectView(s.id(),
                messages.getMessage("report.subject." + s.id(), null, locale), s.dateField(),
                s.fields().values().stream().map(f -> new FieldView(f.id(),
                        messages.getMessage("report.field." + f.id(), null, locale), f.type().name(), f.groupable(),
                        f.summable())).toList())).toList();
    }

    @Operation(summary = "Runs a definition: grouped by up to two fields (dates by DAY, WEEK, MONTH, QUARTER or YEAR) "
            + "with measures (COUNT, COUNT_DISTINCT, SUM, AVG, MIN, MAX; amounts in the company currency), or without "
            + "groupings the first 200 rows of the columns chosen; conditions EQ, NE, GT, GE, LT, LE, CONTAINS, EMPTY, "
            + "NOT_EMPTY")
    @PostMapping("/reports/run")
    Reports.Result runReport(@Valid @RequestBody ReportDefinition definition) {
        return reports.run(definition, zone(), LocaleContextHolder.getLocale());
    }

    @Operation(summary = "Every row (or group) of a definition as CSV or XLSX (format=csv|xlsx), streamed; needs the "
            + "export-reports permission (administrators and managers) and is kept in the audit log")
    @PostMapping("/reports/export")
    void exportReport(@RequestParam(required = false) String format, @Valid @RequestBody ReportDefinition definition,
            HttpServletResponse response) throws IOException {
        Permission.EXPORT_REPORTS.check();
        reports.check(definition, zone(), LocaleContextHolder.getLocale());
        if ("xlsx".equals(format)) {
            response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            response.setHeader("Content-Disposition", "attachment; filename=\"klient-report.xlsx\"");
            reports.xlsx(definition, zone(), LocaleContextHolder.getLocale(), response.getOutputStream());
        }
        else {
            response.setContentType("text/csv;charset=UTF-8");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Content-Disposition", "attachment; filename=\"klient-report.csv\"");
            reports.csv(definition, zone(), LocaleContextHolder.getLocale(), response.getWriter());
        }
    }

    @Operation(summary = "The saved reports the caller may read: their own and those shared with their teams (all, "
            + "for an administrator)")
    @GetMapping("/reports")
    List<Reports.Saved> listReports() {
        return reports.visible();
    }

    @Operation(summary = "Keeps a report, owned by the caller, shared with a team if one is given")
    @PostMapping("/reports")
    ResponseEntity<Reports.Saved> saveReport(@Valid @RequestBody SavedBody body) {
        Reports.Saved saved = reports.save(body.name(), body.teamId(), body.definition(), zone(),
                LocaleContextHolder.getLocale());
        return ResponseEntity.created(URI.create("/api/v1/analytics/reports/" + saved.id())).body(saved);
    }

    @Operation(summary = "A saved report")
    @GetMapping("/reports/{id}")
    Reports.Saved getReport(@PathVariable long id) {
        return reports.get(id);
    }

    @Operation(summary = "A saved report's result, run now")
    @GetMapping("/reports/{id}/result")
    Reports.Result reportResult(@PathVariable long id) {
        return reports.run(reports.get(id).definition(), zone(), LocaleContextHolder.getLocale());
    }

    @Operation(summary = "Changes a saved report (its owner or an administrator), from the version read")
    @PutMapping("/reports/{id}")
    Reports.Saved updateReport(@PathVariable long id, @Valid @RequestBody SavedBody body) {
        return reports.update(id, body.name(), body.teamId(), body.definition(), body.version(), zone(),
                LocaleContextHolder.getLocale());
    }

    @Operation(summary = "Deletes a saved report (its owner or an administrator)")
    @DeleteMapping("/reports/{id}")
    ResponseEntity<Void> deleteReport(@PathVariable long id) {
        reports.delete(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "A saved report's e-mail schedule (404 when it has none): DAILY, WEEKLY on a weekday (1 = "
            + "Monday) or MONTHLY on a day of the month, at an hour of its owner's time zone, to whom, paused or not, "
            + "the next run and how the last one went")
    @GetMapping("/reports/{id}/schedule")
    ReportSchedule getReportSchedule(@PathVariable long id) {
        return schedules.of(id).orElseThrow(() -> app.klient.platform.KlientException.notFound(
                "report.schedule.none"));
    }

    @Operation(summary = "Sets a saved report's e-mail schedule (its owner, a manager or an administrator): each "
            + "recipient, who must be able to read the report, gets it as PDF and XLSX run as them; the owner always "
            + "gets it; a schedule that exists is changed from the version read")
    @PutMapping("/reports/{id}/schedule")
    ReportSchedule setReportSchedule(@PathVariable long id, @Valid @RequestBody ScheduleBody body) {
        return schedules.set(id, new ReportSchedules.Form(body.frequency(), body.weekday(), body.dayOfMonth(),
                body.hour(), body.recipients(), body.paused(), body.version()));
    }

    @Operation(summary = "Stops mailing a saved report")
    @DeleteMapping("/reports/{id}/schedule")
    ResponseEntity<Void> deleteReportSchedule(@PathVariable long id) {
        schedules.delete(id);
        return ResponseEntity.noContent().build();
    }

    /** What a schedule is set to; as read it goes back unchanged (what the runs wrote is not changed by it). */
    @JsonIgnoreProperties({ "reportId", "nextRunAt", "lastRunAt", "lastOutcome", "lastSentTo", "lastProblem" })
    record ScheduleBody(@Size(max = 10) String frequency, Integer weekday, Integer dayOfMonth, Integer hour,
            @Size(max = ReportSchedules.MAX_RECIPIENTS) List<Long> recipients, Boolean paused, Integer version) {
    }

    /** To how many people the report went. */
    record Sent(int sentTo) {
    }

    @Operation(summary = "Mails a saved report now to its schedule's recipients (to the caller when it has no "
            + "schedule), each run as them; the messages go through the outbox")
    @PostMapping("/reports/{id}/send")
    ResponseEntity<Sent> sendReport(@PathVariable long id) {
        return ResponseEntity.accepted().body(new Sent(schedules.sendNow(id)));
    }

    private static ZoneId zone() {
        return LocaleContextHolder.getTimeZone().toZoneId();
    }
}
