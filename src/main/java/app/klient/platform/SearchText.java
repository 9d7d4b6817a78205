package app.klient.platform;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The text quick search looks in: lower case, without accents (so "lodz" finds "Łódź"), kept on each record and
 * indexed with trigrams. Queries are folded the same way.
 */
public final class SearchText {

    private SearchText() {
    }

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    public static String fold(String s) {
        if (s == null) {
            return "";
        }
        String lower = s.toLowerCase(Locale.ROOT);
        // most of what is folded (e-mails, phones, many names) is plain ASCII already: an import folds millions
        if (ascii(lower)) {
            return lower;
        }
        lower = lower.replace('ł', 'l').replace('đ', 'd').replace('ß', 's');
        return MARKS.matcher(Normalizer.normalize(lower, Normalizer.Form.NFD)).replaceAll("");
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    public static String of(Object... parts) {
        StringBuilder text = new StringBuilder(128);
        for (Object part : parts) {
            if (part == null) {
                continue;
            }
            String value = part.toString();
            if (value.isBlank()) {
                continue;
            }
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(fold(value));
        }
        return text.toString();
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
