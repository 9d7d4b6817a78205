package app.klient.platform;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The text quick search looks in: lower case, without accents (so "lodz" finds "Łódź"), kept on each record and
 * indexed with trigrams. Queries are folded the same way.
 */
public final class SearchText {

    private SearchText() {
    }

    public static String fold(String s) {
        if (s == null) {
            return "";
        }
        String lower = s.toLowerCase(Locale.ROOT).replace('ł', 'l').replace('đ', 'd').replace('ß', 's');
        return Normalizer.normalize(lower, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    }

    public static String of(Object... parts) {
        return Stream.of(parts).filter(Objects::nonNull).map(Object::toString).filter(p -> !p.isBlank())
                .map(SearchText::fold).collect(Collectors.joining(" "));
    }

    /** A user's query as a LIKE pattern over folded text; null when there is nothing to search for. */
    public static String pattern(String query) {
        if (query == null || query.isBlank()) {
            return null;
        }
        String trimmed = query.strip();
        // a phone number is searched by its digits, however it was typed: +48 601-234-567 finds 48601234567
        if (trimmed.matches("[+\\d\\s()./-]{5,}") && trimmed.replaceAll("\\D", "").length() >= 5) {
            trimmed = trimmed.replaceAll("\\D", "");
        }
        String folded = fold(trimmed).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + folded + "%";
    }
}
