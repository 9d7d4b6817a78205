package app.klient.activities.web;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.klient.activities.Activities;
import app.klient.activities.ActivityView;
import app.klient.activities.CalendarFeeds;
import app.klient.activities.TaskView;
import app.klient.activities.Tasks;
import app.klient.identity.CurrentUser;
import app.klient.identity.Teams;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The calendar: a week or a month of meetings and tasks, for yourself or a whole team, and the private feed. */
@Controller
@RequestMapping("/calendar")
class CalendarPages {

    private final Activities activities;
    private final Tasks tasks;
    private final CalendarFeeds feeds;
    private final Users users;
    private final Teams teams;

    CalendarPages(Activities activities, Tasks tasks, CalendarFeeds feeds, Users users, Teams teams) {
        this.activities = activities;
        this.tasks = tasks;
        this.feeds = feeds;
        this.users = users;
        this.teams = teams;
    }

    /** One day of the calendar: its meetings and tasks, each with whose they are. */
    record Day(LocalDate date, boolean today, boolean inMonth, List<ActivityView> meetings, List<TaskView> tasks) {
    }

    @GetMapping
    String calendar(@RequestParam(required = false) String date, @RequestParam(defaultValue = "week") String view,
            @RequestParam(required = false) Long teamId, Model model) {
        ZoneId zone = CurrentUser.actor().timeZone();
        LocalDate day;
        try {
            day = date == null || date.isBlank() ? LocalDate.now(zone) : LocalDate.parse(date);
        }
        catch (DateTimeParseException e) {
            day = LocalDate.now(zone);
        }
        boolean month = "month".equals(view);
        LocalDate first = month ? day.withDayOfMonth(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                : day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate last = month ? day.with(TemporalAdjusters.lastDayOfMonth())
                .with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY)) : first.plusDays(6);
        List<Long> people = teamId == null ? List.of(CurrentUser.id())
                : users.activeUsers().stream().filter(u -> u.teams().stream().anyMatch(t -> t.id() == teamId))
                        .map(UserSummary::id).toList();
        Instant from = first.atStartOfDay(zone).toInstant();
        Instant to = last.plusDays(1).atStartOfDay(zone).toInstant();
        Map<Long, ActivityView> meetings = new LinkedHashMap<>();
        List<TaskView> due = new ArrayList<>();
        for (Long person : people) {
            activities.meetingsOf(person, from, to).forEach(m -> meetings.putIfAbsent(m.id(), m));
            due.addAll(tasks.list(new Tasks.Query(person, null, from, to, null, null, null), PageRequest.of(0, 200))
                    .items());
        }
        List<Day> days = new ArrayList<>();
        LocalDate today = LocalDate.now(zone);
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            LocalDate current = d;
            days.add(new Day(d, d.equals(today), !month || d.getMonth() == day.getMonth(),
                    meetings.values().stream().filter(m -> m.occurredAt().atZone(zone).toLocalDate().equals(current))
                            .toList(),
                    due.stream().filter(t -> t.dueAt().atZone(zone).toLocalDate().equals(current)).toList()));
        }
        model.addAttribute("days", days);
        model.addAttribute("view", month ? "month" : "week");
        model.addAttribute("day", day);
        model.addAttribute("previous", month ? day.minusMonths(1) : day.minusWeeks(1));
        model.addAttribute("next", month ? day.plusMonths(1) : day.plusWeeks(1));
        model.addAttribute("teamId", teamId);
        model.addAttribute("teams", teams.list());
        model.addAttribute("feedActive", feeds.active());
        model.addAttribute("names", users.allNames());
        return "activities/calendar";
    }

    @PostMapping("/feed")
    String createFeed(RedirectAttributes redirect) {
        redirect.addFlashAttribute("feedUrl", CalendarApi.url(feeds.create()));
        redirect.addFlashAttribute("flash", "calendar.feedCreated");
        return "redirect:/calendar";
    }

    @PostMapping("/feed/revoke")
    String revokeFeed(RedirectAttributes redirect) {
        feeds.revoke();
        redirect.addFlashAttribute("flash", "calendar.feedRevoked");
        return "redirect:/calendar";
    }
}
