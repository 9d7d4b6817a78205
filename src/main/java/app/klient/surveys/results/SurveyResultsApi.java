package app.klient.surveys.results;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import app.klient.platform.KlientException;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Sort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/surveys/results")
@Tag(name = "Survey results")
class SurveyResultsApi {

    private final SurveyResults results;

    SurveyResultsApi(SurveyResults results) {
        this.results = results;
    }

    @Operation(summary = "A score over the answers of a period (default the last twelve months): NPS = % promoters "
            + "(9-10) - % detractors (0-6), CES = the mean on 1-7, CSAT = the share of 4 and 5 in %; the answers in "
            + "each band, the response rate (invitations of the period answered / sent), the trend by day, week or "
            + "month, and the same per survey, team, agent and product (through the ticket, order or invoice the "
            + "invitation was sent for); filter by survey, segment, team, agent, product")
    @GetMapping
    SurveyResults.Results results(
            @Parameter(description = "NPS (default), CES or CSAT") @RequestParam(required = false) String kind,
            @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) Long survey, @RequestParam(required = false) Long segment,
            @RequestParam(required = false) Long team, @RequestParam(required = false) Long agent,
            @RequestParam(required = false) Long product) {
        ZoneId zone = LocaleContextHolder.getTimeZone().toZoneId();
        return results.results(ResultFilter.of(kind, from, to, survey, segment, team, agent, product, zone), zone,
                LocaleContextHolder.getLocale());
    }

    @Operation(summary = "Only the score of the same filters (what a dashboard tile reads): the answers, those in "
            + "each band and the figure")
    @GetMapping("/score")
    Score score(@Parameter(description = "NPS (default), CES or CSAT") @RequestParam(required = false) String kind,
            @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) Long survey, @RequestParam(required = false) Long segment,
            @RequestParam(required = false) Long team, @RequestParam(required = false) Long agent,
            @RequestParam(required = false) Long product) {
        ZoneId zone = LocaleContextHolder.getTimeZone().toZoneId();
        return results.score(ResultFilter.of(kind, from, to, survey, segment, team, agent, product, zone), zone);
    }

    @Operation(summary = "The answers behind a result, newest first: the same filters (no kind: every kind, also "
            + "custom surveys; no period: all), a band of the kind's scale (LOW: detractors / poor, MIDDLE, HIGH: "
            + "promoters / good), words or a fragment the comment or a text answer contains (English words by their "
            + "stem, Polish and Czech as written), a contact or company, only answers with a comment")
    @GetMapping("/responses")
    PageResponse<SurveyResults.ResponseRow> responses(@RequestParam(required = false) String kind,
            @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) Long survey, @RequestParam(required = false) Long segment,
            @RequestParam(required = false) Long team, @RequestParam(required = false) Long agent,
            @RequestParam(required = false) Long product, @RequestParam(required = false) ScoreBand band,
            @RequestParam(required = false) String q, @RequestParam(required = false) Long contact,
            @RequestParam(required = false) Long company, @RequestParam(required = false) Boolean commented,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        ResultKind resultKind = kind == null || kind.isBlank() ? null : ResultKind.parse(kind);
        if (kind != null && !kind.isBlank() && resultKind == null) {
            throw KlientException.invalid("surveyResults.kind.invalid");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw KlientException.invalid("surveyResults.period.reversed");
        }
        ZoneId zone = LocaleContextHolder.getTimeZone().toZoneId();
        return PageResponse.of(results.responses(new SurveyResults.ResponseQuery(resultKind, from, to, survey,
                segment, team, agent, product, band, q, contact, company, Boolean.TRUE.equals(commented)), zone,
                Paging.of(page, size, null, Map.of(), Sort.unsorted())));
    }

    @Operation(summary = "One response: its score, comment and follow-up task, every question's answer in the "
            + "caller's language, and what the invitation was sent for")
    @GetMapping("/responses/{id}")
    SurveyResults.ResponseDetail response(@PathVariable long id) {
        return results.response(id, LocaleContextHolder.getLocale());
    }
}
