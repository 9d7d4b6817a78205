package app.klient.analytics.report;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import app.klient.analytics.Dashboards;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.platform.DemoData;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/**
 * The demo's saved reports, made by its administrator after the rest of the demo: won deals by month (counted and
 * summed, so the chart has its two axes), mailed every Monday at 8:00 to the administrator and the managers and
 * pinned to the administrator's dashboard; and the open pipeline by stage and owner, mailed on the first of each
 * month.
 */
@Component
@Order(99)
class DemoReports implements DemoData {

    private final Reports reports;
    private final ReportSchedules schedules;
    private final Dashboards dashboards;
    private final Users users;

    DemoReports(Reports reports, ReportSchedules schedules, Dashboards dashboards, Users users) {
        this.reports = reports;
        this.schedules = schedules;
        this.dashboards = dashboards;
        this.users = users;
    }

    @Override
    public void fill(Faker faker) {
        UserSummary admin = users.get(CurrentUser.id());
        ZoneId zone = ZoneId.of(admin.timeZone());
        Locale locale = Locale.forLanguageTag(admin.locale());
        List<Long> managers = users.search(null, true, Role.MANAGER, PageRequest.of(0, 10)).map(UserSummary::id)
                .getContent();

        Reports.Saved won = reports.save("Won deals by month", null, new ReportDefinition("deals",
                List.of(new ReportDefinition.Condition("status", "EQ", "WON")),
                List.of(new ReportDefinition.Grouping("closedAt", "MONTH")),
                List.of(new ReportDefinition.Measure("COUNT", null), new ReportDefinition.Measure("SUM", "amount")),
                List.of(), "BAR"), zone, locale);
        schedules.set(won.id(), new ReportSchedules.Form("WEEKLY", 1, null, 8, managers, false, null));
        dashboards.add(admin.id(), Role.ADMIN, Dashboards.REPORT_TILE + won.id(),
                dashboards.of(admin.id(), Role.ADMIN).version());

        Reports.Saved pipeline = reports.save("Open pipeline by stage and owner", null, new ReportDefinition("deals",
                List.of(new ReportDefinition.Condition("status", "EQ", "OPEN")),
                List.of(new ReportDefinition.Grouping("stage", null), new ReportDefinition.Grouping("owner", null)),
                List.of(new ReportDefinition.Measure("SUM", "amount")), List.of(), "STACKED_BAR"), zone, locale);
        schedules.set(pipeline.id(), new ReportSchedules.Form("MONTHLY", null, 1, 7, managers, false, null));
    }
}
