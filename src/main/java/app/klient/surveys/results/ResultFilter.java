package app.klient.surveys.results;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import app.klient.platform.InvalidFields;

/**
 * Which answers a result counts: one kind of score, answered within a period of days (in the reader's time zone),
 * optionally of one survey, one segment's contacts, one team, one agent, one product.
 */
public record ResultFilter(ResultKind kind, LocalDate from, LocalDate to, Long surveyId, Long segmentId, Long teamId,
        Long agentId, Long productId) {

    /** The longest period one result covers (five years, sixty months on the trend). */
    public static final int MAX_DAYS = 5 * 366;

    /**
     * The filter asked for: no kind is NPS, no period the last twelve months up to today (no start: a year before
     * the end); a kind Klient does not report, an end before the start or a period over five years are refused.
     */
    public static ResultFilter of(String kind, LocalDate from, LocalDate to, Long surveyId, Long segmentId,
            Long teamId, Long agentId, Long productId, ZoneId zone) {
        List<InvalidFields.FieldError> errors = new ArrayList<>();
        ResultKind resultKind = ResultKind.parse(kind);
        if (resultKind == null) {
            errors.add(new InvalidFields.FieldError("kind", "surveyResults.kind.invalid"));
        }
        LocalDate end = to != null ? to : LocalDate.now(zone);
        LocalDate start = from != null ? from : end.minusYears(1).plusDays(1);
        if (start.isAfter(end)) {
            errors.add(new InvalidFields.FieldError("to", "surveyResults.period.reversed"));
        }
        else if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            errors.add(new InvalidFields.FieldError("from", "surveyResults.period.tooLong", 5));
        }
        if (!errors.isEmpty()) {
            throw new InvalidFields(errors);
        }
        return new ResultFilter(resultKind, start, end, surveyId, segmentId, teamId, agentId, productId);
    }

    public ResultFilter withKind(ResultKind other) {
        return new ResultFilter(other, from, to, surveyId, segmentId, teamId, agentId, productId);
    }
}
