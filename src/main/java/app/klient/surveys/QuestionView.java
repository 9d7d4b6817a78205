package app.klient.surveys;

import java.util.List;

/** A question of a survey, in order; {@code field} is the name its answer has on the public page. */
public record QuestionView(long id, int position, QuestionKind kind, String textEn, String textPl, String textCs,
        List<QuestionForm.Option> options, Integer min, Integer max, boolean required) {

    public String text(String language) {
        String text = switch (language) {
            case "pl" -> textPl;
            case "cs" -> textCs;
            default -> textEn;
        };
        return text == null || text.isBlank() ? textEn : text;
    }

    /** The scores by their kind ({@code nps}, {@code ces}, {@code csat}), the others by position ({@code q2}). */
    public String field() {
        return kind.isScore() ? kind.name().toLowerCase(java.util.Locale.ROOT) : "q" + position;
    }

    /** The lowest and highest score or scale value (null for a choice or text). */
    public Integer low() {
        return kind.isScore() ? Integer.valueOf(kind.scoreKind().min()) : kind == QuestionKind.SCALE ? min : null;
    }

    public Integer high() {
        return kind.isScore() ? Integer.valueOf(kind.scoreKind().max()) : kind == QuestionKind.SCALE ? max : null;
    }

    /** A choice question's options for the form: one a line, "English | Polski | Čeština". */
    public String optionLines() {
        if (options == null) {
            return "";
        }
        return String.join("\n", options.stream().map(o -> o.en() + " | " + (o.pl() == null ? "" : o.pl()) + " | "
                + (o.cs() == null ? "" : o.cs())).toList());
    }
}
