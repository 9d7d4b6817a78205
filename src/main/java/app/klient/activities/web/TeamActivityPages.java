package app.klient.activities.web;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

import app.klient.activities.TeamActivity;
import app.klient.identity.CurrentUser;
import app.klient.identity.Teams;
import app.klient.platform.KlientException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The manager's view of what each salesperson did in a period, compared as bars; also as JSON. */
@Controller
class TeamActivityPages {

    private final TeamActivity activity;
    private final Teams teams;

    TeamActivityPages(TeamActivity activity, Teams teams) {
        this.activity = activity;
        this.teams = teams;
    }

    @GetMapping("/team-activity")
    String page(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) Long teamId, Model model) {
        ZoneId zone = CurrentUser.actor().timeZone();
        LocalDate start = day(from, LocalDate.now(zone).withDayOfMonth(1));
        LocalDate end = day(to, LocalDate.now(zone));
        if (end.isBefore(start)) {
            end = start;
        }
        List<TeamActivity.Row> rows = activity.between(start.atStartOfDay(zone).toInstant(),
                end.plusDays(1).atStartOfDay(zone).toInstant(), teamId);
        model.addAttribute("rows", rows);
        model.addAttribute("best", Math.max(1, rows.stream().mapToLong(TeamActivity.Row::total).max().orElse(1)));
        model.addAttribute("from", start);
        model.addAttribute("to", end);
        model.addAttribute("teamId", teamId);
        model.addAttribute("teams", teams.list());
        return "activities/team";
    }

    static LocalDate day(String value, LocalDate fallback) {
        try {
            return value == null || value.isBlank() ? fallback : LocalDate.parse(value);
        }
        catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
