package app.klient.activities.web;

import java.time.LocalDate;
import java.time.ZoneId;

import app.klient.activities.Activities;
import app.klient.activities.ActivityForm;
import app.klient.activities.Notifications;
import app.klient.activities.Priority;
import app.klient.activities.TaskForm;
import app.klient.activities.TaskView;
import app.klient.activities.Tasks;
import app.klient.identity.CurrentUser;
import app.klient.identity.Users;
import app.klient.platform.KlientException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** "My day" (today's and overdue tasks, today's meetings), tasks, logging an activity, and the notifications. */
@Controller
class MyDayPages {

    private final Tasks tasks;
    private final Activities activities;
    private final Notifications notifications;
    private final Users users;
    private final java.util.List<app.klient.activities.MyDaySection> sections;

    MyDayPages(Tasks tasks, Activities activities, Notifications notifications, Users users,
            java.util.List<app.klient.activities.MyDaySection> sections) {
        this.sections = sections;
        this.tasks = tasks;
        this.activities = activities;
        this.notifications = notifications;
        this.users = users;
    }

    @GetMapping("/my-day")
    String myDay(Model model) {
        ZoneId zone = CurrentUser.actor().timeZone();
        LocalDate today = LocalDate.now(zone);
        var open = tasks.openUntil(CurrentUser.id(), today, zone);
        var startOfDay = today.atStartOfDay(zone).toInstant();
        model.addAttribute("overdue", open.stream().filter(t -> t.dueAt().isBefore(startOfDay)).toList());
        model.addAttribute("today", open.stream().filter(t -> !t.dueAt().isBefore(startOfDay)).toList());
        model.addAttribute("meetings", activities.meetingsOf(CurrentUser.id(), startOfDay,
                today.plusDays(1).atStartOfDay(zone).toInstant()));
        model.addAttribute("form", new TaskForm("", null, null, Priority.NORMAL, null, null, null, null, null, null,
                null, false, null));
        model.addAttribute("people", users.activeUsers());
        model.addAttribute("priorities", Priority.values());
        java.util.List<Long> ids = open.stream().map(TaskView::id).toList();
        java.util.Map<Long, app.klient.activities.MyDaySection.Place> places = new java.util.HashMap<>();
        sections.forEach(s -> places.putAll(s.placesOf(ids)));
        model.addAttribute("places", places);
        model.addAttribute("parts", sections.stream().map(s -> s.forUser(CurrentUser.id(), zone))
                .flatMap(java.util.Optional::stream)
                .sorted(java.util.Comparator.comparingInt(app.klient.activities.MyDaySection.Part::order)).toList());
        return "activities/my-day";
    }

    /** The tasks are kept on My day: an address typed or bookmarked as /tasks goes there. */
    @GetMapping("/tasks")
    String tasks() {
        return "redirect:/my-day";
    }

    /** A task from "my day", a customer card or a deal: the due time is in the person's own time zone. */
    @PostMapping("/tasks")
    String create(@RequestParam(required = false) String title, @RequestParam(required = false) String due,
            @RequestParam(required = false) Priority priority, @RequestParam(required = false) Long assigneeId,
            @RequestParam(required = false) Integer reminderMinutesBefore,
            @RequestParam(required = false) Long companyId, @RequestParam(required = false) Long contactId,
            @RequestParam(required = false) Long dealId, @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        java.time.OffsetDateTime dueAt = local(due);
        if (title == null || title.isBlank() || title.length() > 200 || dueAt == null
                || (reminderMinutesBefore != null && (reminderMinutesBefore < 0 || reminderMinutesBefore > 40320))) {
            redirect.addFlashAttribute("flashError", "task.invalid");
            return "redirect:" + safe(back);
        }
        try {
            tasks.create(new TaskForm(title, null, dueAt, priority, assigneeId, contactId, companyId, dealId, null,
                    null, reminderMinutesBefore, false, null));
            redirect.addFlashAttribute("flash", "task.created");
        }
        catch (KlientException e) {
            if (e.status().value() == 403) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", e instanceof app.klient.platform.InvalidFields invalid
                    ? invalid.errors().get(0).messageKey() : e.messageKey());
        }
        return "redirect:" + safe(back);
    }

    /** A date and time typed in a form, in the signed-in person's time zone; null when it is not one. */
    static java.time.OffsetDateTime local(String value) {
        if (value == null || value.isBlank() || value.length() > 30) {
            return null;
        }
        try {
            return java.time.LocalDateTime.parse(value.strip()).atZone(CurrentUser.actor().timeZone())
                    .toOffsetDateTime();
        }
        catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    @GetMapping("/tasks/{id:\\d+}")
    String task(@PathVariable long id, Model model) {
        model.addAttribute("task", tasks.get(id));
        model.addAttribute("place", sections.stream().map(s -> s.placesOf(java.util.List.of(id)).get(id))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null));
        return "activities/task";
    }

    @PostMapping("/tasks/{id:\\d+}/done")
    String done(@PathVariable long id, @RequestParam boolean done, @RequestParam(required = false) Integer version,
            @RequestParam(required = false) String back, RedirectAttributes redirect) {
        try {
            TaskView task = tasks.setDone(id, done, version);
            redirect.addFlashAttribute("flash", task.done() ? "task.doneFlash" : "task.reopened");
        }
        catch (KlientException e) {
            if (e.status().value() == 403 || e.status().value() == 404) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", e.messageKey());
        }
        return "redirect:" + safe(back);
    }

    /** An activity logged from a customer card or deal; the time is in the person's own zone (now if empty). */
    @PostMapping("/activities")
    String record(@RequestParam(required = false) app.klient.activities.ActivityType type,
            @RequestParam(required = false) String subject, @RequestParam(required = false) String body,
            @RequestParam(required = false) String at, @RequestParam(required = false) Integer durationMinutes,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) String location,
            @RequestParam(required = false) Long companyId, @RequestParam(required = false) Long contactId,
            @RequestParam(required = false) Long dealId, @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        java.time.OffsetDateTime when = at == null || at.isBlank() ? null : local(at);
        if (type == null || subject == null || subject.isBlank() || subject.length() > 200
                || (body != null && body.length() > 20_000) || (at != null && !at.isBlank() && when == null)
                || (durationMinutes != null && (durationMinutes < 0 || durationMinutes > 1440))
                || (outcome != null && outcome.length() > 200) || (location != null && location.length() > 200)) {
            redirect.addFlashAttribute("flashError", "activity.invalid");
            return "redirect:" + safe(back);
        }
        try {
            activities.record(new ActivityForm(type, subject, body, null, contactId, companyId, dealId, null, null,
                    when, durationMinutes, outcome, location, null, null, null));
            redirect.addFlashAttribute("flash", "activity.recorded");
        }
        catch (app.klient.platform.InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        return "redirect:" + safe(back);
    }

    @GetMapping("/notifications")
    String notifications(Model model) {
        model.addAttribute("notifications", notifications.mine(100));
        return "activities/notifications";
    }

    @PostMapping("/notifications/read")
    String read(RedirectAttributes redirect) {
        notifications.readAll();
        return "redirect:/notifications";
    }

    /** Only a path of this site: a form cannot send the person elsewhere after saving. */
    static String safe(String back) {
        return back != null && back.matches("/[A-Za-z0-9/_-]*") && !back.startsWith("//") ? back : "/my-day";
    }
}
