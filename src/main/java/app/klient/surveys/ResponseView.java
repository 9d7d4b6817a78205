package app.klient.surveys;

import java.time.Instant;
import java.util.List;

/**
 * An answered survey: who answered (contact, company), what made the invitation (a ticket, an order...), the score and
 * the "why?", every answer, and the call-back task a poor score made for the customer's owner, with whether it is
 * done.
 */
public record ResponseView(long id, long surveyId, String surveyName, SurveyKind kind, Long contactId,
        String contactName, Long companyId, String companyName, String causeKind, Long causeId, Integer score,
        String comment, String language, Instant answeredAt, Long followUpTaskId, String followUpAssignee,
        Boolean followUpDone, List<Answer> answers) {

    /** One question's answer: a score or scale value, a choice (its wording in the answer's language), or text. */
    public record Answer(long questionId, QuestionKind kind, String question, Integer score, String choice,
            String text) {
    }

    /** Whether the score is poor enough to call the customer back. */
    public boolean poor() {
        return kind.poor(score);
    }
}
