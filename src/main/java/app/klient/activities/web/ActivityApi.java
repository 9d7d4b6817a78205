package app.klient.activities.web;

import tools.jackson.databind.JsonNode;
import org.springframework.web.bind.annotation.PatchMapping;
import app.klient.platform.web.MergePatch;
import java.time.OffsetDateTime;

import app.klient.activities.Activities;
import app.klient.activities.ActivityForm;
import app.klient.activities.ActivityType;
import app.klient.activities.ActivityView;
import app.klient.activities.NotificationView;
import app.klient.activities.Notifications;
import app.klient.activities.TaskForm;
import app.klient.activities.TaskView;
import app.klient.activities.Tasks;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
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
@Tag(name = "Activities, tasks and notifications")
@RequestMapping("/api/v1")
class ActivityApi {

    private final Activities activities;
    private final Tasks tasks;
    private final Notifications notifications;
    private final MergePatch mergePatch;

    ActivityApi(Activities activities, Tasks tasks, Notifications notifications, MergePatch mergePatch) {
        this.mergePatch = mergePatch;
        this.activities = activities;
        this.tasks = tasks;
        this.notifications = notifications;
    }

    record Done(boolean done, Integer version) {
    }

    @Operation(summary = "Activities, newest first. Filters: type, ownerId, contactId, companyId, dealId, from, to")
    @GetMapping("/activities")
    PageResponse<ActivityView> activities(@RequestParam(required = false) ActivityType type,
            @RequestParam(required = false) Long ownerId, @RequestParam(required = false) Long contactId,
            @RequestParam(required = false) Long companyId, @RequestParam(required = false) Long dealId,
            @RequestParam(required = false) OffsetDateTime from, @RequestParam(required = false) OffsetDateTime to,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return PageResponse.of(activities.list(new Activities.Query(type, ownerId, contactId, companyId, dealId,
                from == null ? null : from.toInstant(), to == null ? null : to.toInstant()),
                Paging.of(page, size, null, java.util.Map.of(), Sort.unsorted())));
    }

    @Operation(summary = "Read one activity (call, meeting, e-mail or note).")
    @GetMapping("/activities/{id}")
    ActivityView activity(@PathVariable long id) {
        return activities.get(id);
    }

    @Operation(summary = "Record a call, meeting, e-mail, note, chat, SMS or visit; it appears on the customer's "
            + "timeline")
    @PostMapping("/activities")
    ResponseEntity<ActivityView> record(@Valid @RequestBody ActivityForm form) {
        return ResponseEntity.status(HttpStatus.CREATED).body(activities.record(form));
    }

    @Operation(summary = "Change an activity; send the version you read, a stale one answers 409.")
    @PutMapping("/activities/{id}")
    ActivityView change(@PathVariable long id, @Valid @RequestBody ActivityForm form) {
        return activities.update(id, form);
    }

    @Operation(summary = "Change some fields of an activity: a JSON Merge Patch (RFC 7396) with the version you read; "
            + "fields left out keep their values, null clears one.")
    @PatchMapping(value = "/activities/{id}", consumes = { MergePatch.MEDIA_TYPE, "application/json" })
    ActivityView patchActivity(@PathVariable long id, @RequestBody JsonNode patch) {
        return activities.update(id, mergePatch.apply(activities.get(id), patch, ActivityForm.class));
    }

    @Operation(summary = "Tasks, open first and by due time. Filters: assigneeId, done, dueFrom, dueTo, companyId, "
            + "contactId, dealId")
    @GetMapping("/tasks")
    PageResponse<TaskView> tasks(@RequestParam(required = false) Long assigneeId,
            @RequestParam(required = false) Boolean done, @RequestParam(required = false) OffsetDateTime dueFrom,
            @RequestParam(required = false) OffsetDateTime dueTo, @RequestParam(required = false) Long companyId,
            @RequestParam(required = false) Long contactId, @RequestParam(required = false) Long dealId,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return PageResponse.of(tasks.list(new Tasks.Query(assigneeId, done, dueFrom == null ? null
                : dueFrom.toInstant(), dueTo == null ? null : dueTo.toInstant(), companyId, contactId, dealId),
                Paging.of(page, size, null, java.util.Map.of(), Sort.unsorted())));
    }

    @Operation(summary = "Read one task.")
    @GetMapping("/tasks/{id}")
    TaskView task(@PathVariable long id) {
        return tasks.get(id);
    }

    @Operation(summary = "Create a task: dueAt is ISO-8601 with an offset; reminderMinutesBefore rings the bell and "
            + "sends an e-mail that long before")
    @PostMapping("/tasks")
    ResponseEntity<TaskView> create(@Valid @RequestBody TaskForm form) {
        return ResponseEntity.status(HttpStatus.CREATED).body(tasks.create(form));
    }

    @Operation(summary = "Change a task; send the version you read, a stale one answers 409.")
    @PutMapping("/tasks/{id}")
    TaskView update(@PathVariable long id, @Valid @RequestBody TaskForm form) {
        return tasks.update(id, form);
    }

    @Operation(summary = "Change some fields of a task: a JSON Merge Patch (RFC 7396) with the version you read; "
            + "fields left out keep their values, null clears one.")
    @PatchMapping(value = "/tasks/{id}", consumes = { MergePatch.MEDIA_TYPE, "application/json" })
    TaskView patchTask(@PathVariable long id, @RequestBody JsonNode patch) {
        return tasks.update(id, mergePatch.apply(tasks.get(id), patch, TaskForm.class));
    }

    @Operation(summary = "Mark a task done, or not done again; send the version you read.")
    @PostMapping("/tasks/{id}/done")
    TaskView done(@PathVariable long id, @RequestBody Done done) {
        return tasks.setDone(id, done.done(), done.version());
    }

    @Operation(summary = "Delete a task.")
    @DeleteMapping("/tasks/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        tasks.delete(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "List your notifications, newest first.")
    @GetMapping("/notifications")
    java.util.List<NotificationView> notifications() {
        return notifications.mine(50);
    }

    @Operation(summary = "Mark all your notifications read.")
    @PostMapping("/notifications/read")
    ResponseEntity<Void> read() {
        notifications.readAll();
        return ResponseEntity.noContent().build();
    }
}
