package app.klient.surveys.results;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.CountedPage;
import app.klient.platform.web.LineChart;
import app.klient.platform.web.Paging;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The results page (the score, its trend, the response rate, the breakdowns), the answers behind it (the drill-down
 * and the verbatim search) and one response. Everybody signed in reads them.
 */
@Controller
class SurveyResultsPages {

    private final SurveyResults results;
    private final SurveyChoices choices;

    SurveyResultsPages(SurveyResults results, SurveyChoices choices) {
        this.results = results;
        this.choices = choices;
    }

    @GetMapping("/surveys/results")
    String results(@RequestParam(required = false) String kind, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) Long survey,
            @RequestParam(required = false) Long segment, @RequestParam(required = false) Long team,
            @RequestParam(required = false) Long agent, @RequestParam(required = false) Long product, Model model) {
        ZoneId zone = zone();
        Locale locale = LocaleContextHolder.getLocale();
        ResultFilter filter;
        try {
            filter = ResultFilter.of(kind, day(from), day(to), survey, segment, team, agent, product, zone);
        }
        catch (InvalidFields e) {
            model.addAttribute("badFilter", e.errors().get(0));
            filter = ResultFilter.of(ResultKind.parse(kind) == null ? null : kind, null, null, null, null, null,
                    null, null, zone);
        }
        catch (KlientException e) {
            model.addAttribute("badFilter", new InvalidFields.FieldError("from", e.messageKey()));
            filter = ResultFilter.of(ResultKind.parse(kind) == null ? null : kind, null, null, null, null, null,
                    null, null, zone);
        }
        ResultKind kindShown = filter.kind();
        SurveyResults.Results found = results.results(filter, zone, locale);
        model.addAttribute("results", found);
        model.addAttribute("filter", filter);
        model.addAttribute("current", filter);
        model.addAttribute("kinds", ResultKind.values());
        model.addAttribute("bands", ScoreBand.values());
        model.addAttribute("drill", Drill.of(filter));
        model.addAttribute("chart", LineChart.of(found.trend().stream()
                .map(p -> new LineChart.Point(found.granularity().label(p.start(), locale), p.score().value(),
                        p.score().value() == null ? null : Score.figure(p.score().value(), kindShown, locale),
                        p.score().responses()))
                .toList(), kindShown.scale(), v -> Score.figure(v, kindShown, locale)));
        model.addAttribute("figure", found.score().figure(locale));
        choices.addTo(model, filter.kind(), locale);
        return "surveys/results/results";
    }

    @GetMapping("/surveys/results/responses")
    String responses(@RequestParam(required = false) String kind, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) Long survey,
            @RequestParam(required = false) Long segment, @RequestParam(required = false) Long team,
            @RequestParam(required = false) Long agent, @RequestParam(required = false) Long product,
            @RequestParam(required = false) String band, @RequestParam(required = false) String q,
            @RequestParam(required = false) Long contact, @RequestParam(required = false) Long company,
            @RequestParam(required = false) String commented, @RequestParam(required = false) Integer page,
            HttpServletRequest request, Model model) {
        ZoneId zone = zone();
        Locale locale = LocaleContextHolder.getLocale();
        ResultKind resultKind = kind == null || kind.isBlank() ? null : ResultKind.parse(kind);
        ScoreBand scoreBand = resultKind == null ? null : band(band);
        String text = q == null || q.isBlank() ? null : q.strip();
        LocalDate start = null;
        LocalDate end = null;
        try {
            start = day(from);
            end = day(to);
            if (kind != null && !kind.isBlank() && resultKind == null) {
                throw KlientException.invalid("surveyResults.kind.invalid");
            }
            if (start != null && end != null && start.isAfter(end)) {
                throw KlientException.invalid("surveyResults.period.reversed");
            }
            if (text != null && text.length() > SurveyResults.MAX_TEXT) {
                throw KlientException.invalid("surveyResults.text.tooLong", SurveyResults.MAX_TEXT);
            }
        }
        catch (KlientException e) {
            model.addAttribute("badFilter", new InvalidFields.FieldError("from", e.messageKey(), e.arguments()));
            start = null;
            end = null;
            text = null;
        }
        SurveyResults.ResponseQuery query = new SurveyResults.ResponseQuery(resultKind, start, end, survey, segment,
                team, agent, product, scoreBand, text, contact, company, commented != null && !commented.isBlank());
        CountedPage<SurveyResults.ResponseRow> rows = results.responses(query, zone,
                Paging.of(page, 25, null, Map.of(), Sort.unsorted()));
        model.addAttribute("query", query);
        model.addAttribute("current", query);
        model.addAttribute("rows", rows);
        model.addAttribute("kinds", ResultKind.values());
        model.addAttribute("bands", ScoreBand.values());
        model.addAttribute("listBase", Paging.listBase("/surveys/results/responses", request.getQueryString()));
        model.addAttribute("backToResults", Drill.of(query).results());
        choices.addTo(model, resultKind, locale);
        return "surveys/results/responses";
    }

    @GetMapping("/surveys/results/responses/{id}")
    String response(@PathVariable long id, Model model) {
        model.addAttribute("detail", results.response(id, LocaleContextHolder.getLocale()));
        return "surveys/results/response";
    }

    /** The same filter with one more condition, as a link to the answers or back to the results. */
    public record Drill(Map<String, String> params) {

        static Drill of(ResultFilter f) {
            return of(f.kind(), f.from(), f.to(), f.surveyId(), f.segmentId(), f.teamId(), f.agentId(),
                    f.productId());
        }

        static Drill of(SurveyResults.ResponseQuery q) {
            return of(q.kind(), q.from(), q.to(), q.surveyId(), q.segmentId(), q.teamId(), q.agentId(),
                    q.productId());
        }

        private static Drill of(ResultKind kind, LocalDate from, LocalDate to, Long survey, Long segment, Long team,
                Long agent, Long product) {
            Map<String, String> params = new LinkedHashMap<>();
            put(params, "kind", kind);
            put(params, "from", from);
            put(params, "to", to);
            put(params, "survey", survey);
            put(params, "segment", segment);
            put(params, "team", team);
            put(params, "agent", agent);
            put(params, "product", product);
            return new Drill(params);
        }

        /** The answers of this filter. */
        public String responses() {
            return "/surveys/results/responses" + query(params);
        }

        /** The answers of this filter with {@code name} set to {@code value} (a band, a team...). */
        public String with(String name, Object value) {
            Map<String, String> more = new LinkedHashMap<>(params);
            put(more, name, value);
            return "/surveys/results/responses" + query(more);
        }

        /** The results of this filter. */
        public String results() {
            return "/surveys/results" + query(params);
        }

        private static void put(Map<String, String> params, String name, Object value) {
            if (value != null) {
                params.put(name, value.toString());
            }
        }

        private static String query(Map<String, String> params) {
            return params.isEmpty() ? "" : params.entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&", "?", ""));
        }
    }

    private static ScoreBand band(String value) {
        for (ScoreBand band : ScoreBand.values()) {
            if (band.name().equals(value)) {
                return band;
            }
        }
        return null;
    }

    private static LocalDate day(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        }
        catch (DateTimeParseException e) {
            throw KlientException.invalid("surveyResults.period.badDay");
        }
    }

    private static ZoneId zone() {
        return LocaleContextHolder.getTimeZone().toZoneId();
    }
}
