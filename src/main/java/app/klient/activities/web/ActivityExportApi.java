package app.klient.activities.web;

import java.io.IOException;
import java.time.OffsetDateTime;

import app.klient.activities.Activities;
import app.klient.activities.ActivityExport;
import app.klient.activities.ActivityType;
import app.klient.activities.Tasks;
import app.klient.identity.Permission;
import app.klient.platform.export.Downloads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The activity and task lists as files, with the filters of the lists; administrators and managers. */
@RestController
@Tag(name = "Activities, tasks and notifications")
@RequestMapping("/api/v1")
class ActivityExportApi {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final ActivityExport export;

    ActivityExportApi(ActivityExport export) {
        this.export = export;
    }

    @Operation(operationId = "exportActivities", summary = "The filtered activity list as a file: format=csv "
            + "(UTF-8 with a byte order mark, the default) or xlsx; the same filters as GET /activities; audited with the row count")
    @GetMapping(value = "/activities/export", produces = { "text/csv", XLSX })
    void activities(@RequestParam(required = false) ActivityType type, @RequestParam(required = false) Long ownerId,
            @RequestParam(required = false) Long contactId, @RequestParam(required = false) Long companyId,
            @RequestParam(required = false) Long dealId, @RequestParam(required = false) OffsetDateTime from,
            @RequestParam(required = false) OffsetDateTime to,
            @Parameter(description = "csv (default) or xlsx") @RequestParam(required = false) String format,
            HttpServletResponse response) throws IOException {
        Activities.Query query = new Activities.Query(type, ownerId, contactId, companyId, dealId,
                from == null ? null : from.toInstant(), to == null ? null : to.toInstant());
        Downloads.api(response, "activities", format, Permission.EXPORT_ACTIVITIES::check,
                (chosen, out) -> export.activities(query, chosen, out));
    }

    @Operation(operationId = "exportTasks", summary = "The filtered task list as a file: format=csv "
            + "(UTF-8 with a byte order mark, the default) or xlsx; the same filters as GET /tasks; audited with the row count")
    @GetMapping(value = "/tasks/export", produces = { "text/csv", XLSX })
    void tasks(@RequestParam(required = false) Long assigneeId, @RequestParam(required = false) Boolean done,
            @RequestParam(required = false) OffsetDateTime dueFrom, @RequestParam(required = false) OffsetDateTime dueTo,
            @RequestParam(required = false) Long companyId, @RequestParam(required = false) Long contactId,
            @RequestParam(required = false) Long dealId,
            @Parameter(description = "csv (default) or xlsx") @RequestParam(required = false) String format,
            HttpServletResponse response) throws IOException {
        Tasks.Query query = new Tasks.Query(assigneeId, done, dueFrom == null ? null : dueFrom.toInstant(),
                dueTo == null ? null : dueTo.toInstant(), companyId, contactId, dealId);
        Downloads.api(response, "tasks", format, Permission.EXPORT_ACTIVITIES::check,
                (chosen, out) -> export.tasks(query, chosen, out));
    }
}
