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
public record SurveyForm(@Size(max = 100) String name, SurveyKind kind, SurveyTrigger trigger,
        @Min(0) @Max(365) Integer delayDays, Long segmentId, @Min(0) @Max(3650) Integer quietDays,
        @Min(1) @Max(365) Integer validDays, Boolean active, @Valid @Size(max = 20) List<QuestionForm> questions,
        Integer version) {
}
