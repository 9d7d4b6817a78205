package app.klient.analytics.report;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.identity.Permission;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The report builder: the saved reports, a report made in a form (subject, conditions, up to two groupings,
 * measures or columns, a chart) and run as it is changed, saved and shared with a team, exported as CSV or XLSX.
 */
@Controller
class ReportPages {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Reports reports;
    private final JdbcClient jdbc;

    ReportPages(Reports reports, JdbcClient jdbc) {
        this.reports = reports;
        this.jdbc = jdbc;
    }

    @GetMapping("/analytics/reports")
    String list(Model model) {
        model.addAttribute("reports", reports.visible());
        model.addAttribute("subjects", Reports.subjects());
        return "analytics/reports";
    }

    @GetMapping("/analytics/reports/new")
    String build(@RequestParam MultiValueMap<String, String> params, Model model) {
        ReportDefinition definition = ReportRequest.of(params);
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
        ReportDefinition definition = params.containsKey("subject") ? ReportRequest.of(params) : report.definition();
        return page(definition, report, model);
    }

    private String page(ReportDefinition definition, Reports.Saved saved, Model model) {
        ZoneId zone = LocaleContextHolder.getTimeZone().toZoneId();
        Locale locale = LocaleContextHolder.getLocale();
        model.addAttribute("definition", definition);
        model.addAttribute("saved", saved);
        model.addAttribute("subjects", Reports.subjects());
        model.addAttribute("subject", ReportSubjects.find(definition.subject()).orElse(ReportSubjects.all().get(0)));
        model.addAttribute("query", ReportRequest.query(definition));
        model.addAttribute("ops", ReportQuery.OPS.stream().sorted().toList());
        model.addAttribute("grains", List.of("DAY", "WEEK", "MONTH", "QUARTER", "YEAR"));
        model.addAttribute("functions", List.of("COUNT", "COUNT_DISTINCT", "SUM", "AVG", "MIN", "MAX"));
        model.addAttribute("charts", List.of("BAR", "STACKED_BAR", "LINE", "PIE", "FUNNEL", "TABLE", "PIVOT"));
        model.addAttribute("teams", teams());
        model.addAttribute("mayExport", Permission.EXPORT_REPORTS.granted());
        try {
            Reports.Result result = reports.run(definition, zone, locale);
            model.addAttribute("result", result);
            model.addAttribute("chartData", JSON.writeValueAsString(Map.of("chart", result.chart(),
                    "columns", result.columns(), "rows", result.rows())));
            if ("PIVOT".equals(result.chart()) && result.columns().size() >= 3 && definition.groupBy().size() == 2) {
                model.addAttribute("pivot", pivot(result));
            }
        }
        catch (KlientException e) {
            // the form stays as sent, with what is wrong with it above the result
            boolean field = e instanceof app.klient.platform.InvalidFields invalid && !invalid.errors().isEmpty();
            model.addAttribute("problemKey", field ? ((app.klient.platform.InvalidFields) e).errors().get(0)
                    .messageKey() : e.messageKey());
        }
        return "analytics/report";
    }

    /** Rows by the first grouping, columns by the second, cells the first measure. */
    record Pivot(List<Object> columns, List<Object> rows, Map<Object, Map<Object, Object>> cells) {
    }

    private static Pivot pivot(Reports.Result result) {
        LinkedHashSet<Object> rows = new LinkedHashSet<>();
        LinkedHashSet<Object> columns = new LinkedHashSet<>();
        Map<Object, Map<Object, Object>> cells = new LinkedHashMap<>();
        for (List<Object> r : result.rows()) {
            Object row = r.get(0) == null ? "—" : r.get(0);
            Object column = r.get(1) == null ? "—" : r.get(1);
            rows.add(row);
            columns.add(column);
            cells.computeIfAbsent(row, k -> new LinkedHashMap<>()).put(column, r.get(2));
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
        ReportDefinition definition = ReportRequest.of(params);
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
        ReportDefinition definition = ReportRequest.of(params);
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
        ReportDefinition definition = ReportRequest.of(params);
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
