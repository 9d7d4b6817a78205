package app.klient.projects.web;

import java.util.List;
import java.util.Map;

import app.klient.projects.Health;
import app.klient.projects.ProjectForm;
import app.klient.projects.ProjectPlan;
import app.klient.projects.ProjectStatus;
import app.klient.projects.ProjectView;
import app.klient.projects.Projects;
import app.klient.projects.TimeEntries;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
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
@Tag(name = "Projects")
@RequestMapping("/api/v1/projects")
class ProjectApi {

    private final Projects projects;
    private final ProjectPlan plan;
    private final TimeEntries time;

    ProjectApi(Projects projects, ProjectPlan plan, TimeEntries time) {
        this.projects = projects;
        this.plan = plan;
        this.time = time;
    }

    record ProjectStatusChange(ProjectStatus status, Integer version) {
    }

    record HealthChange(Health health, String comment, Integer version) {
    }

    record Reached(Boolean reached, Integer version) {
    }

    @Operation(summary = "Projects, those due first, of the customers the reader may see. Filters: text, status, "
            + "open, companyId, contactId, dealId, managerId, mine (managed or worked on), late, overBudget")
    @GetMapping
    PageResponse<ProjectView> listProjects(@RequestParam(required = false) String text,
            @RequestParam(required = false) ProjectStatus status, @RequestParam(required = false) Boolean open,
            @RequestParam(required = false) Long companyId, @RequestParam(required = false) Long contactId,
            @RequestParam(required = false) Long dealId, @RequestParam(required = false) Long managerId,
            @RequestParam(required = false) Boolean mine, @RequestParam(required = false) Boolean late,
            @RequestParam(required = false) Boolean overBudget, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return PageResponse.of(projects.list(new Projects.Query(text, status, open, companyId, contactId, dealId,
                managerId, mine, late, overBudget), Paging.of(page, size, null, Map.of(), Sort.unsorted())));
    }

    @Operation(summary = "Start a project for a company or a private contact; you manage it unless you name a "
            + "managerId. Dates as 2026-12-31, budgetHours and budgetAmount (in currency, PLN by default).")
    @PostMapping
    ResponseEntity<ProjectView> createProject(@RequestBody ProjectForm form) {
        return ResponseEntity.status(HttpStatus.CREATED).body(projects.create(form));
    }

    @Operation(summary = "Read one project with its time totals.")
    @GetMapping("/{id}")
    ProjectView getProject(@PathVariable long id) {
        return projects.get(id);
    }

    @Operation(summary = "Change a project (its manager, members and managers); send the version you read.")
    @PutMapping("/{id}")
    ProjectView updateProject(@PathVariable long id, @RequestBody ProjectForm form) {
        return projects.update(id, form);
    }

    @Operation(summary = "Move a project: PLANNED → ACTIVE/ON_HOLD/CANCELLED, ACTIVE → ON_HOLD/DONE/CANCELLED, "
            + "ON_HOLD → ACTIVE/CANCELLED, DONE → ACTIVE, CANCELLED → PLANNED; 409 otherwise.")
    @PostMapping("/{id}/status")
    ProjectView moveProject(@PathVariable long id, @RequestBody ProjectStatusChange change) {
        return projects.move(id, change.status(), change.version());
    }

    @Operation(summary = "Set the project's health (GREEN, AMBER, RED) with a comment (required unless GREEN).")
    @PostMapping("/{id}/health")
    ProjectView judgeProject(@PathVariable long id, @RequestBody HealthChange change) {
        return projects.judge(id, change.health(), change.comment(), change.version());
    }

    @Operation(summary = "The project's milestones by date, with their tasks done of all.")
    @GetMapping("/{id}/milestones")
    List<ProjectPlan.MilestoneView> listProjectMilestones(@PathVariable long id) {
        return plan.milestones(id);
    }

    @Operation(summary = "Add a milestone: name and dueOn.")
    @PostMapping("/{id}/milestones")
    ResponseEntity<ProjectPlan.MilestoneView> addProjectMilestone(@PathVariable long id,
            @RequestBody ProjectPlan.MilestoneForm form) {
        return ResponseEntity.status(HttpStatus.CREATED).body(plan.addMilestone(id, form));
    }

    @Operation(summary = "Change a milestone's name or date; send the version you read.")
    @PutMapping("/{id}/milestones/{milestoneId}")
    ProjectPlan.MilestoneView updateProjectMilestone(@PathVariable long id, @PathVariable long milestoneId,
            @RequestBody ProjectPlan.MilestoneForm form) {
        return plan.updateMilestone(id, milestoneId, form);
    }

    @Operation(summary = "Mark a milestone reached (reached: true) or not yet (false).")
    @PostMapping("/{id}/milestones/{milestoneId}/reached")
    ProjectPlan.MilestoneView reachProjectMilestone(@PathVariable long id, @PathVariable long milestoneId,
            @RequestBody Reached reached) {
        return plan.reach(id, milestoneId, reached.reached() == null || reached.reached(), reached.version());
    }

    @Operation(summary = "Remove a milestone; its tasks stay in the project.")
    @DeleteMapping("/{id}/milestones/{milestoneId}")
    ResponseEntity<Void> removeProjectMilestone(@PathVariable long id, @PathVariable long milestoneId) {
        plan.removeMilestone(id, milestoneId);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "The project's tasks in the order they start; blocked: it starts after a task not done.")
    @GetMapping("/{id}/tasks")
    List<ProjectPlan.ProjectTask> listProjectTasks(@PathVariable long id) {
        return plan.tasks(id);
    }

    @Operation(summary = "Add a task: title, dueOn, assigneeId (you when left out), startsOn, milestoneId, "
            + "startsAfterTaskId (a task of the project), estimateHours, priority, reminderMinutesBefore.")
    @PostMapping("/{id}/tasks")
    ResponseEntity<ProjectPlan.ProjectTask> addProjectTask(@PathVariable long id,
            @RequestBody ProjectPlan.ProjectTaskForm form) {
        return ResponseEntity.status(HttpStatus.CREATED).body(plan.addTask(id, form));
    }

    @Operation(summary = "Time logged on the project, newest day first (limit, at most 1000).")
    @GetMapping("/{id}/time")
    List<TimeEntries.TimeEntryView> listProjectTime(@PathVariable long id, @RequestParam(required = false) Integer limit) {
        return time.list(id, limit == null ? 200 : limit);
    }

    @Operation(summary = "Log your time: workedOn, minutes (1–1440), note, billable (true by default), taskId.")
    @PostMapping("/{id}/time")
    ResponseEntity<TimeEntries.TimeEntryView> logProjectTime(@PathVariable long id,
            @RequestBody TimeEntries.TimeEntryForm form) {
        return ResponseEntity.status(HttpStatus.CREATED).body(time.log(id, form));
    }

    record Bill(Long productId) {
    }

    @Operation(summary = "Bill the billable time not billed yet: an order for the customer with one line per task in "
            + "hours of productId (a service), priced by the catalog and the customer's price list; the invoice is "
            + "issued from it. 409 when there is nothing to bill.")
    @PostMapping("/{id}/time/bill")
    ResponseEntity<app.klient.billing.OrderView> billProjectTime(@PathVariable long id, @RequestBody Bill bill) {
        return ResponseEntity.status(HttpStatus.CREATED).body(time.bill(id, bill.productId()));
    }

    @Operation(summary = "Change a time entry (yours; managers any) until it is billed; send the version.")
    @PutMapping("/{id}/time/{entryId}")
    TimeEntries.TimeEntryView updateProjectTime(@PathVariable long id, @PathVariable long entryId,
            @RequestBody TimeEntries.TimeEntryForm form) {
        return time.update(id, entryId, form);
    }

    @Operation(summary = "Remove a time entry (yours; managers any) until it is billed.")
    @DeleteMapping("/{id}/time/{entryId}")
    ResponseEntity<Void> removeProjectTime(@PathVariable long id, @PathVariable long entryId) {
        time.remove(id, entryId);
        return ResponseEntity.noContent().build();
    }
}
