package app.klient.surveys;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * A survey as the administrator defines it; on a change, what is left out stays ({@code version} required). An NPS,
 * CES or CSAT survey without questions gets its score question in the standard wording. Questions change freely until
 * the first invitation; after it only their wording does (the answers given stay tied to them).
 */
public record SurveyForm(@Size(max = 100, message = "{surveys.name.tooLong}") String name, SurveyKind kind,
        SurveyTrigger trigger,
        @Min(value = 0, message = "{surveys.delayDays.range}") @Max(value = 365, message = "{surveys.delayDays.range}")
        Integer delayDays, Long segmentId,
        @Min(value = 0, message = "{surveys.quietDays.range}") @Max(value = 3650, message = "{surveys.quietDays.range}")
        Integer quietDays,
        @Min(value = 1, message = "{surveys.validDays.range}") @Max(value = 365, message = "{surveys.validDays.range}")
        Integer validDays, Boolean active,
        @Valid @Size(max = 20, message = "{surveys.questions.tooMany}") List<QuestionForm> questions,
        Integer version) {
}
