package app.klient.surveys;

import java.time.Instant;
import java.util.List;

/**
 * A survey with its questions and how it went: invited (links sent), answered, and a segment's sending (started,
 * done).
 */
public record SurveyView(long id, String name, SurveyKind kind, SurveyTrigger trigger, int delayDays, Long segmentId,
        String segmentName, int quietDays, int validDays, boolean active, List<QuestionView> questions, long invited,
        long answered, Instant segmentStartedAt, Instant segmentDoneAt, Instant createdAt, int version) {
}
