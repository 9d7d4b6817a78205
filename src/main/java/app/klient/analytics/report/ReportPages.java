package app.klient.analytics.report;

import app.klient.platform.web.ScriptData;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.analytics.Dashboards;
import app.klient.identity.CurrentUser;
import app.klient.identity.Permission;
import app.klient.identity.Role;
import app.klient.identity.Users;
import app.klient.platform.KlientException;
import app.klient.platform.web.Flash;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The report builder: the saved reports, a report made in a form (subject, conditions, up to two groupings,
 * measures or columns, a chart) and run as it is changed, saved and shared with a team, exported as CSV or XLSX.
 */
@Controller
class ReportPages {


    private final Reports reports;
    private final JdbcClient jdbc;
    private final ReportSchedules schedules;
    private final Dashboards dashboards;
    private final Users users;
    private final ReportChoices choices;

    ReportPages(Reports reports, JdbcClient jdbc, ReportSchedules schedules, Dashboards dashboards, Users users,
            ReportChoices choices) {
        this.choices = choices;
        this.reports = reports;
        this.jdbc = jdbc;
        this.schedules = schedules;
        this.dashboards = dashboards;
        this.users = users;
    }

    @GetMapping("/analytics/reports")
    String list(Model model) {
        List<Reports.Saved> visible = reports.visible();
        model.addAttribute("reports", visible);
        model.addAttribute("mailed", schedules.of(visible.stream().map(Reports.Saved::id).toList()));
        model.addAttribute("subjects", Reports.subjects());
        return "analytics/reports";
    }

    @GetMapping("/analytics/reports/new")
    String build(@RequestParam MultiValueMap<String, String> params, Model model) {
        ReportDefinition definition = ReportRequest.of(params, LocaleContextHolder.getLocale());
        if (definition.subject() == null || definition.subject().isBlank()) {
            definition = new ReportDefinition("deals", List.of(), List.of(new ReportDefinition.Grouping("stage", null)),
                    List.of(new ReportDefinition.Measure("COUNT", null),
                            new ReportDefinition.Measure("SUM", "amount")), List.of(), "BAR");
        }
        return page(definition, null, model);
    }

    @GetMapping("/analytics/reports/{id:\\d+}")
    String saved(@PathVariable long id, @RequestParam MultiValueMap<String, String> params, Model model) {
        Reports.Saved report = reports.get(id);
        ReportDefinition definition = params.containsKey("subject") ? ReportRequest.of(params, LocaleContextHolder.getLocale()) : report.definition();
        return page(definition, report, model);
    }

    private String page(ReportDefinition definition, Reports.Saved saved, Model model) {
        ZoneId zone = LocaleContextHolder.getTimeZone().toZoneId();
        Locale locale = LocaleContextHolder.getLocale();
        model.addAttribute("definition", definition);
        model.addAttribute("saved", saved);
        model.addAttribute("subjects", Reports.subjects());
        ReportSubject subject = ReportSubjects.find(definition.subject()).orElse(ReportSubjects.all().get(0));
        model.addAttribute("subject", subject);
        Map<String, Map<String, String>> values = choices.of(subject, locale);
        model.addAttribute("choices", values);
        model.addAttribute("choicesData", ScriptData.json(values));
        model.addAttribute("filterSummary", choices.summary(definition, subject, values, locale));
        model.addAttribute("query", ReportRequest.query(definition));
        List<String> ops = FieldConditions.OPS.stream().sorted().toList();
        model.addAttribute("ops", ops);
        // a condition is named for its field's kind (a date "from", a number "at least"), and renamed as it changes
        Map<String, Map<String, String>> opNames = choices.opNames(ops, locale);
        Map<String, String> opKinds = ReportChoices.opKinds(subject);
        model.addAttribute("opNames", opNames);
        model.addAttribute("opKinds", opKinds);
        model.addAttribute("opsData", ScriptData.json(Map.of("names", opNames, "kinds", opKinds)));
        model.addAttribute("grains", List.of("DAY", "WEEK", "MONTH", "QUARTER", "YEAR"));
        model.addAttribute("functions", List.of("COUNT", "COUNT_DISTINCT", "SUM", "AVG", "MIN", "MAX"));
        model.addAttribute("charts", List.of("BAR", "STACKED_BAR", "LINE", "PIE", "FUNNEL", "TABLE", "PIVOT"));
        model.addAttribute("teams", teams());
        model.addAttribute("mayExport", Permission.EXPORT_REPORTS.granted());
        if (saved != null) {
            scheduling(saved, model);
        }
        try {
            Reports.Result result = reports.run(definition, zone, locale);
            List<List<String>> cells = ReportCells.rows(result, locale, zone);
            model.addAttribute("result", result);
            model.addAttribute("cells", cells);
            // the chart draws the figures and names the groups as the table does; it formats the figures itself, in
            // the page's language
            model.addAttribute("chartData", ScriptData.json(Map.of("chart", result.chart(),
                    "columns", result.columns(), "rows", result.rows(), "labels", cells,
                    "lang", locale.toLanguageTag())));
            if ("PIVOT".equals(result.chart()) && result.columns().size() >= 3 && definition.groupBy().size() == 2) {
                model.addAttribute("pivot", pivot(result, cells));
            }
        }
        catch (KlientException e) {
            // the form stays as sent, with what is wrong with it above the result
            boolean field = e instanceof app.klient.platform.InvalidFields invalid && !invalid.errors().isEmpty();
            model.addAttribute("problemKey", field ? expected(((app.klient.platform.InvalidFields) e).errors()
                    .get(0), definition, subject) : e.messageKey());
        }
        return "analytics/report";
    }

    /**
     * What a page says of a condition's value that does not fit: what its field expects, written as the reader writes
     * it ("Enter a number, e.g. 1 000,50"); the API's plain numbers and ISO days are said in its documentation.
     */
    private static String expected(app.klient.platform.InvalidFields.FieldError error, ReportDefinition definition,
            ReportSubject subject) {
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("filters\\[(\\d+)]\\.value")
                .matcher(error.field());
        if (!error.messageKey().equals("report.value.invalid") || !value.matches()) {
            return error.messageKey();
        }
        int i = Integer.parseInt(value.group(1));
        ReportField.Type type = i < definition.filters().size() ? subject.field(definition.filters().get(i).field())
                .map(ReportField::type).orElse(null) : null;
        return type == null ? error.messageKey() : switch (type) {
            case NUMBER, MONEY -> "report.value.expectNumber";
            case DATE -> "report.value.expectDate";
            default -> error.messageKey();
        };
    }

    /** The e-mail schedule (for those who may change the report) and whether the report is on the dashboard. */
    private void scheduling(Reports.Saved saved, Model model) {
        Role role = CurrentUser.role().orElse(Role.READ_ONLY);
        boolean mayChange = saved.mine() || role == Role.ADMIN || role == Role.MANAGER;
        model.addAttribute("mayChange", mayChange);
        Dashboards.Dashboard dashboard = dashboards.of(CurrentUser.id(), role);
        model.addAttribute("dashboardVersion", dashboard.version());
        model.addAttribute("pinned", dashboard.tiles().contains(Dashboards.REPORT_TILE + saved.id()));
        if (!mayChange) {
            return;
        }
        ReportSchedule schedule = schedules.of(saved.id()).orElse(null);
        model.addAttribute("schedule", schedule);
        Locale locale = LocaleContextHolder.getLocale();
        Map<Integer, String> weekdays = new LinkedHashMap<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            weekdays.put(day.getValue(), day.getDisplayName(TextStyle.FULL_STANDALONE, locale));
        }
        model.addAttribute("weekdays", weekdays);
        model.addAttribute("frequencies", ReportSchedule.FREQUENCIES);
        // who may be sent it: those who may read it (the owner gets it anyway)
        model.addAttribute("people", users.activeUsers().stream().filter(u -> u.id() != saved.ownerId()
                && (u.role() == Role.ADMIN || u.role() == Role.MANAGER
                        || saved.teamId() != null && u.teamIds() != null && u.teamIds().contains(saved.teamId())))
                .toList());
    }

    @PostMapping("/analytics/reports/{id:\\d+}/schedule")
    String schedule(@PathVariable long id, @RequestParam MultiValueMap<String, String> params,
            RedirectAttributes redirect) {
        try {
            List<Long> recipients = new ArrayList<>();
            for (String r : params.getOrDefault("recipients", List.of())) {
                recipients.add(id(r));
            }
            schedules.set(id, new ReportSchedules.Form(params.getFirst("frequency"), number(params, "weekday"),
                    number(params, "dayOfMonth"), number(params, "hour"), recipients,
                    params.containsKey("paused"), number(params, "version")));
            redirect.addFlashAttribute("flash", "report.schedule.saved");
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:/analytics/reports/" + id + "#schedule";
    }

    @PostMapping("/analytics/reports/{id:\\d+}/schedule/delete")
    String unschedule(@PathVariable long id, RedirectAttributes redirect) {
        schedules.delete(id);
        redirect.addFlashAttribute("flash", "report.schedule.deleted");
        return "redirect:/analytics/reports/" + id + "#schedule";
    }

    @PostMapping("/analytics/reports/{id:\\d+}/send")
    String send(@PathVariable long id, RedirectAttributes redirect) {
        try {
            int sent = schedules.sendNow(id);
            redirect.addFlashAttribute("flash", "report.schedule.sentNow");
            redirect.addFlashAttribute("flashArgs", new Object[] { sent, sent });
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:/analytics/reports/" + id + "#schedule";
    }

    @PostMapping("/analytics/reports/{id:\\d+}/pin")
    String pin(@PathVariable long id, @RequestParam(required = false) String version, RedirectAttributes redirect) {
        return pinned(id, version, true, redirect);
    }

    @PostMapping("/analytics/reports/{id:\\d+}/unpin")
    String unpin(@PathVariable long id, @RequestParam(required = false) String version, RedirectAttributes redirect) {
        return pinned(id, version, false, redirect);
    }

    private String pinned(long id, String version, boolean pin, RedirectAttributes redirect) {
        reports.get(id);
        Role role = CurrentUser.role().orElse(Role.READ_ONLY);
        Long v = id(version);
        try {
            if (pin) {
                dashboards.add(CurrentUser.id(), role, Dashboards.REPORT_TILE + id, v == null ? null : v.intValue());
            }
            else {
                dashboards.remove(CurrentUser.id(), role, Dashboards.REPORT_TILE + id, v == null ? null
                        : v.intValue());
            }
            redirect.addFlashAttribute("flash", pin ? "report.pinned" : "report.unpinned");
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:/analytics/reports/" + id;
    }

    private static Integer number(MultiValueMap<String, String> params, String name) {
        String value = params.getFirst(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.strip());
        }
        catch (NumberFormatException e) {
            throw new app.klient.platform.InvalidFields(List.of(new app.klient.platform.InvalidFields.FieldError(
                    name, "report.schedule." + name + ".invalid")));
        }
    }

    /** Rows by the first grouping, columns by the second, cells the first measure. */
    record Pivot(List<Object> columns, List<Object> rows, Map<Object, Map<Object, Object>> cells) {

        /** A cell, or null where the row has nothing in the column (a page's {@code cells[r][c]} reads 'r' as text). */
        public Object cell(Object row, Object column) {
            return cells.getOrDefault(row, Map.of()).get(column);
        }
    }

    /** The pivot of the cells as the reader writes them; a cell is the first measure. */
    private static Pivot pivot(Reports.Result result, List<List<String>> written) {
        LinkedHashSet<Object> rows = new LinkedHashSet<>();
        LinkedHashSet<Object> columns = new LinkedHashSet<>();
        Map<Object, Map<Object, Object>> cells = new LinkedHashMap<>();
        for (List<String> r : written) {
            rows.add(r.get(0));
            columns.add(r.get(1));
            cells.computeIfAbsent(r.get(0), k -> new LinkedHashMap<>()).put(r.get(1), r.get(2));
        }
        return new Pivot(new ArrayList<>(columns), new ArrayList<>(rows), cells);
    }

    private Map<Long, String> teams() {
        Map<Long, String> teams = new LinkedHashMap<>();
        jdbc.sql("select id, name from teams order by lower(name), id limit 500").query(rs -> {
            teams.put(rs.getLong(1), rs.getString(2));
        });
        return teams;
    }

    @PostMapping("/analytics/reports")
    String save(@RequestParam MultiValueMap<String, String> params, RedirectAttributes redirect) {
        ReportDefinition definition = ReportRequest.of(params, LocaleContextHolder.getLocale());
        try {
            Reports.Saved saved = reports.save(params.getFirst("name"), id(params.getFirst("teamId")), definition,
                    LocaleContextHolder.getTimeZone().toZoneId(), LocaleContextHolder.getLocale());
            redirect.addFlashAttribute("flash", "report.saved");
            return "redirect:/analytics/reports/" + saved.id();
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
            return "redirect:/analytics/reports/new?" + ReportRequest.query(definition);
        }
    }

    @PostMapping("/analytics/reports/{id:\\d+}")
    String update(@PathVariable long id, @RequestParam MultiValueMap<String, String> params,
            RedirectAttributes redirect) {
        ReportDefinition definition = ReportRequest.of(params, LocaleContextHolder.getLocale());
        try {
            reports.update(id, params.getFirst("name"), id(params.getFirst("teamId")), definition,
                    id(params.getFirst("version")) == null ? null : id(params.getFirst("version")).intValue(),
                    LocaleContextHolder.getTimeZone().toZoneId(), LocaleContextHolder.getLocale());
            redirect.addFlashAttribute("flash", "report.saved");
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:/analytics/reports/" + id;
    }

    @PostMapping("/analytics/reports/{id:\\d+}/delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        reports.delete(id);
        redirect.addFlashAttribute("flash", "report.deleted");
        return "redirect:/analytics/reports";
    }

    @GetMapping("/analytics/reports/export")
    void export(@RequestParam MultiValueMap<String, String> params, HttpServletResponse response)
            throws IOException {
        ReportDefinition definition = ReportRequest.of(params, LocaleContextHolder.getLocale());
        ZoneId zone = LocaleContextHolder.getTimeZone().toZoneId();
        Locale locale = LocaleContextHolder.getLocale();
        Permission.EXPORT_REPORTS.check();
        reports.check(definition, zone, locale);
        String name = "klient-report-" + definition.subject() + "-" + LocalDate.now(zone);
        if ("xlsx".equals(params.getFirst("format"))) {
            response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            response.setHeader("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"");
            reports.xlsx(definition, zone, locale, response.getOutputStream());
        }
        else {
            response.setContentType("text/csv;charset=UTF-8");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
            reports.csv(definition, zone, locale, response.getWriter());
        }
    }

    private static Long id(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        }
        catch (NumberFormatException e) {
            throw KlientException.invalid("report.id.invalid");
        }
    }
}
