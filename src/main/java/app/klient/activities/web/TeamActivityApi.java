package app.klient.activities.web;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import app.klient.activities.TeamActivity;
import app.klient.identity.CurrentUser;
import app.klient.platform.KlientException;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The team's activity as JSON: a REST controller of its own, so its errors are problem+json like the whole API's. */
@RestController
class TeamActivityApi {

    private final TeamActivity activity;

    TeamActivityApi(TeamActivity activity) {
        this.activity = activity;
    }

    @Operation(summary = "Each salesperson's calls, meetings, e-mails, deals moved, tasks done and overdue between "
            + "two days (managers and administrators)")
    @GetMapping("/api/v1/activities/summary")
    List<TeamActivity.Row> summary(@RequestParam String from, @RequestParam String to,
            @RequestParam(required = false) Long teamId) {
        ZoneId zone = CurrentUser.actor().timeZone();
        LocalDate start = TeamActivityPages.day(from, null);
        LocalDate end = TeamActivityPages.day(to, null);
        if (start == null || end == null || end.isBefore(start)) {
            throw KlientException.invalid("teamActivity.period");
        }
        return activity.between(start.atStartOfDay(zone).toInstant(), end.plusDays(1).atStartOfDay(zone).toInstant(),
                teamId);
    }
}
