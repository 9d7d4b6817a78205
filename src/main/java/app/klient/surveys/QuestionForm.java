package app.klient.surveys;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * One question as the administrator words it: English always, Polish and Czech where written (a reader without their
 * language reads English). {@code options}: a CHOICE question's answers, each worded the same way; {@code min} and
 * {@code max}: a SCALE question's range (0–10).
 */
public record QuestionForm(@NotNull(message = "{surveys.question.kind.required}") QuestionKind kind,
        @Size(max = 500, message = "{surveys.question.text.tooLong}") String textEn,
        @Size(max = 500, message = "{surveys.question.text.tooLong}") String textPl,
        @Size(max = 500, message = "{surveys.question.text.tooLong}") String textCs,
        @Valid @Size(max = 10, message = "{surveys.question.options.tooMany}") List<Option> options,
        @Min(value = 0, message = "{surveys.question.scale}") @Max(value = 10, message = "{surveys.question.scale}")
        Integer min,
        @Min(value = 0, message = "{surveys.question.scale}") @Max(value = 10, message = "{surveys.question.scale}")
        Integer max, Boolean required) {

    /** A choice, worded in three languages. */
    public record Option(@Size(max = 200, message = "{surveys.question.option.tooLong}") String en,
            @Size(max = 200, message = "{surveys.question.option.tooLong}") String pl,
            @Size(max = 200, message = "{surveys.question.option.tooLong}") String cs) {

        public String in(String language) {
            String text = switch (language) {
                case "pl" -> pl;
                case "cs" -> cs;
                default -> en;
            };
            return text == null || text.isBlank() ? en : text;
        }
    }
}
