package app.klient.analytics.forecast;

import app.klient.platform.web.ScriptData;
import java.math.BigDecimal;
import java.time.Month;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.identity.Role;
import app.klient.identity.TeamSummary;
import app.klient.identity.Teams;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.Flash;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The forecasts page (the weighted pipeline by close month beside quotas and wins, and the revenue forecast with its
 * error on past months) and the quotas page, a year of monthly quotas as a grid of people and teams.
 */
@Controller
class ForecastPages {

    private static final Pattern QUOTA_FIELD = Pattern.compile("quotas\\[(\\d+)]");

    /** A row of the quota grid: a person or a team, and each month's cell. */
    record GridRow(String kind, long id, String name, List<Cell> cells) {
    }

    /**
     * A month's cell: its input's name, the amount as typed or stored, the version it was read at, and the stored
     * amount (what a person who does not set quotas reads, written in their language).
     */
    record Cell(String field, String month, String amount, String version, BigDecimal stored) {
    }

    private final PipelineForecast pipeline;
    private final RevenueForecast revenue;
    private final Quotas quotas;
    private final Users users;
    private final Teams teams;
    private final MessageSource messages;
    private final JdbcClient jdbc;

    ForecastPages(PipelineForecast pipeline, RevenueForecast revenue, Quotas quotas, Users users, Teams teams,
            MessageSource messages, JdbcClient jdbc) {
        this.pipeline = pipeline;
        this.revenue = revenue;
        this.quotas = quotas;
        this.users = users;
        this.teams = teams;
        this.messages = messages;
        this.jdbc = jdbc;
    }

    @GetMapping("/analytics/forecasts")
    String forecasts(@RequestParam(required = false) Integer months, @RequestParam(required = false) String by,
            @RequestParam(required = false) String from, Model model) {
        ZoneId zone = LocaleContextHolder.getTimeZone().toZoneId();
        Locale locale = LocaleContextHolder.getLocale();
        // a wrong parameter (months=999 typed into the address) is said beside its field; the page keeps its default
        Map<String, InvalidFields.FieldError> problems = new LinkedHashMap<>();
        int chosen = orDefault(() -> RevenueForecast.months(months), RevenueForecast.months(null), problems);
        YearMonth first = orDefault(() -> PipelineForecast.firstMonth(from, zone),
                PipelineForecast.firstMonth(null, zone), problems);
        PipelineForecast.Pipeline p = pipeline.pipeline(first, chosen,
                orDefault(() -> PipelineForecast.by(by), PipelineForecast.by(null), problems), zone);
        RevenueForecast.Forecast r = revenue.forecast(chosen, zone);
        model.addAttribute("months", chosen);
        model.addAttribute("problems", problems);
        model.addAttribute("monthChoices", List.of(3, 6, 9, 12));
        model.addAttribute("pipeline", p);
        model.addAttribute("revenue", r);
        model.addAttribute("label", new Labels(locale));
        model.addAttribute("pipelineData", ScriptData.json(pipelineChart(p, locale)));
        model.addAttribute("revenueData", ScriptData.json(revenueChart(r, locale)));
        model.addAttribute("setsQuotas", SalesScope.current(jdbc).setsQuotas());
        return "analytics/forecasts";
    }

    private static <T> T orDefault(java.util.function.Supplier<T> read, T fallback,
            Map<String, InvalidFields.FieldError> problems) {
        try {
            return read.get();
        }
        catch (InvalidFields e) {
            e.errors().forEach(f -> problems.putIfAbsent(f.field(), f));
            return fallback;
        }
    }

    @GetMapping("/analytics/quotas")
    String quotaGrid(@RequestParam(required = false) Integer year, Model model) {
        int chosen = Quotas.checkedYear(year);
        if (!model.containsAttribute("typed")) {
            model.addAttribute("typed", Map.of());
        }
        if (!model.containsAttribute("problems")) {
            model.addAttribute("problems", Map.of());
        }
        @SuppressWarnings("unchecked")
        Map<String, String> typed = (Map<String, String>) model.getAttribute("typed");
        SalesScope scope = SalesScope.current(jdbc);
        Quotas.Year stored = quotas.year(chosen);
        Map<String, Quotas.Quota> byCell = new HashMap<>();
        stored.quotas().forEach(q -> byCell.put(field(q.userId() != null ? "u" : "t",
                q.userId() != null ? q.userId() : q.teamId(), q.month()), q));
        List<GridRow> rows = new ArrayList<>();
        for (UserSummary u : users.activeUsers()) {
            boolean sells = u.role() == Role.SALES || u.role() == Role.MANAGER;
            boolean hasQuota = byCell.keySet().stream().anyMatch(k -> k.startsWith("q-u-" + u.id() + "-"));
            if (scope.seesUser(u.id()) && (sells || hasQuota)) {
                rows.add(row("u", u.id(), u.name(), chosen, byCell, typed));
            }
        }
        for (TeamSummary t : teams.list()) {
            if (scope.seesTeam(t.id())) {
                rows.add(row("t", t.id(), t.name(), chosen, byCell, typed));
            }
        }
        Locale locale = LocaleContextHolder.getLocale();
        List<String> monthNames = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            monthNames.add(Month.of(m).getDisplayName(TextStyle.SHORT_STANDALONE, locale));
        }
        model.addAttribute("year", chosen);
        model.addAttribute("monthNames", monthNames);
        model.addAttribute("people", rows.stream().filter(r -> r.kind().equals("u")).toList());
        model.addAttribute("teamRows", rows.stream().filter(r -> r.kind().equals("t")).toList());
        model.addAttribute("currency", stored.currency());
        model.addAttribute("setsQuotas", scope.setsQuotas());
        return "analytics/quotas";
    }

    @PostMapping("/analytics/quotas")
    String saveQuotas(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        int year = Quotas.checkedYear(whole(form.get("year")));
        List<Quotas.Quota> sent = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        Map<String, InvalidFields.FieldError> problems = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : form.entrySet()) {
            String[] parts = e.getKey().split("-");
            if (parts.length != 5 || !parts[0].equals("q") || !(parts[1].equals("u") || parts[1].equals("t"))
                    || !parts[2].matches("[0-9]{1,18}")) {
                continue;
            }
            long id = Long.parseLong(parts[2]);
            String month = parts[3] + "-" + parts[4];
            String text = e.getValue() == null ? "" : e.getValue().strip().replace(" ", "").replace("\u00a0", "");
            BigDecimal amount = null;
            if (!text.isEmpty()) {
                if (!text.matches("[0-9]{1,16}([.,][0-9]{1,2})?")) {
                    problems.put(e.getKey(), new InvalidFields.FieldError(e.getKey(), "forecast.quota.amount"));
                    continue;
                }
                amount = new BigDecimal(text.replace(',', '.'));
            }
            Integer version = whole(form.get("v" + e.getKey().substring(1)));
            if (amount == null && version == null) {
                continue;
            }
            sent.add(new Quotas.Quota(parts[1].equals("u") ? id : null, parts[1].equals("t") ? id : null, month,
                    amount, version));
            fields.add(e.getKey());
        }
        try {
            if (problems.isEmpty()) {
                quotas.save(new Quotas.Year(year, null, sent));
                redirect.addFlashAttribute("flash", "forecast.quotas.saved");
                return "redirect:/analytics/quotas?year=" + year;
            }
        }
        catch (InvalidFields e) {
            for (InvalidFields.FieldError f : e.errors()) {
                Matcher at = QUOTA_FIELD.matcher(f.field());
                String cell = at.find() ? fields.get(Integer.parseInt(at.group(1))) : "year";
                problems.putIfAbsent(cell, f);
            }
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
            return "redirect:/analytics/quotas?year=" + year;
        }
        model.addAttribute("typed", form);
        model.addAttribute("problems", problems);
        return quotaGrid(year, model);
    }

    /**
     * A stored quota as the reader types it back: their decimal separator, no grouping ("93500,5" on a Polish page,
     * "93500.5" on an English one), which the grid reads again as it was.
     */
    private static String typeable(BigDecimal amount) {
        java.text.DecimalFormat format = (java.text.DecimalFormat) java.text.NumberFormat
                .getNumberInstance(org.springframework.context.i18n.LocaleContextHolder.getLocale());
        format.setGroupingUsed(false);
        format.setMaximumFractionDigits(2);
        BigDecimal plain = amount.stripTrailingZeros();
        format.setMinimumFractionDigits(plain.scale() > 0 ? 2 : 0);
        return format.format(plain);
    }

    private static GridRow row(String kind, long id, String name, int year, Map<String, Quotas.Quota> byCell,
            Map<String, String> typed) {
        List<Cell> cells = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            String month = YearMonth.of(year, m).toString();
            String field = field(kind, id, month);
            Quotas.Quota q = byCell.get(field);
            String amount = typed.containsKey(field) ? typed.get(field)
                    : q == null ? "" : typeable(q.amount());
            String version = typed.containsKey("v" + field.substring(1)) ? typed.get("v" + field.substring(1))
                    : q == null ? "" : String.valueOf(q.version());
            cells.add(new Cell(field, month, amount, version, q == null ? null : q.amount()));
        }
        return new GridRow(kind, id, name, cells);
    }

    private static String field(String kind, long id, String month) {
        return "q-" + kind + "-" + id + "-" + month;
    }

    private static Integer whole(String text) {
        return text != null && text.strip().matches("[0-9]{1,9}") ? Integer.valueOf(text.strip()) : null;
    }

    /** Month labels in the reader's language: "Mar 2026". */
    static final class Labels {

        private final DateTimeFormatter format;

        Labels(Locale locale) {
            this.format = DateTimeFormatter.ofPattern("LLL yyyy", locale);
        }

        public String month(String month) {
            return format.format(YearMonth.parse(month));
        }
    }

    private Map<String, Object> pipelineChart(PipelineForecast.Pipeline p, Locale locale) {
        Labels labels = new Labels(locale);
        List<String> categories = p.monthList().stream().map(labels::month).toList();
        List<Map<String, Object>> series = new ArrayList<>();
        for (PipelineForecast.Row r : p.rows()) {
            series.add(Map.of("type", "bar", "stack", "weighted", "name", r.name() == null
                    ? messages.getMessage("forecast.noOwner", null, locale) : r.name(),
                    "data", r.months().stream().map(PipelineForecast.Month::weighted).toList()));
        }
        List<BigDecimal> won = new ArrayList<>();
        List<BigDecimal> quota = new ArrayList<>();
        for (int i = 0; i < p.monthList().size(); i++) {
            BigDecimal w = BigDecimal.ZERO;
            BigDecimal q = null;
            for (PipelineForecast.Row r : p.rows()) {
                w = w.add(r.months().get(i).won());
                BigDecimal rq = r.months().get(i).quota();
                q = rq == null ? q : q == null ? rq : q.add(rq);
            }
            won.add(w);
            quota.add(q);
        }
        series.add(Map.of("type", "bar", "stack", "won", "name",
                messages.getMessage("forecast.won", null, locale), "data", won));
        Map<String, Object> quotaLine = new HashMap<>();
        quotaLine.put("type", "line");
        quotaLine.put("name", messages.getMessage("forecast.quota", null, locale));
        quotaLine.put("data", quota);
        series.add(quotaLine);
        return Map.of("categories", categories, "series", series);
    }

    private Map<String, Object> revenueChart(RevenueForecast.Forecast r, Locale locale) {
        Labels labels = new Labels(locale);
        List<String> categories = new ArrayList<>();
        List<BigDecimal> history = new ArrayList<>();
        List<BigDecimal> forecast = new ArrayList<>();
        List<BigDecimal> low80 = new ArrayList<>();
        List<BigDecimal> high80 = new ArrayList<>();
        List<BigDecimal> low95 = new ArrayList<>();
        List<BigDecimal> high95 = new ArrayList<>();
        for (int i = 0; i < r.history().size(); i++) {
            RevenueForecast.Past past = r.history().get(i);
            categories.add(labels.month(past.month()));
            history.add(past.revenue());
            // the forecast line starts at the last actual month, so the two lines meet
            forecast.add(i == r.history().size() - 1 ? past.revenue() : null);
            low80.add(null);
            high80.add(null);
            low95.add(null);
            high95.add(null);
        }
        for (RevenueForecast.Ahead a : r.ahead()) {
            categories.add(labels.month(a.month()));
            history.add(null);
            forecast.add(a.forecast());
            low80.add(a.low80());
            high80.add(a.high80());
            low95.add(a.low95());
            high95.add(a.high95());
        }
        Map<String, Object> chart = new HashMap<>();
        chart.put("categories", categories);
        chart.put("history", history);
        chart.put("forecast", forecast);
        chart.put("low80", low80);
        chart.put("high80", high80);
        chart.put("low95", low95);
        chart.put("high95", high95);
        chart.put("names", Map.of("history", messages.getMessage("forecast.revenue.actual", null, locale),
                "forecast", messages.getMessage("forecast.revenue.forecast", null, locale),
                "band80", messages.getMessage("forecast.revenue.band80", null, locale),
                "band95", messages.getMessage("forecast.revenue.band95", null, locale)));
        return chart;
    }
}
