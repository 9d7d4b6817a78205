package app.klient.platform.imports;

import java.util.Map;
import java.util.Set;

/**
 * A field a column of an imported file can fill. {@code labelKey} names it in the messages; a custom field has its
 * labels by language instead. {@code headings} are the column headings (folded: lower case, no diacritics, letters
 * and digits only) that the wizard maps to it by itself, in English, Polish and Czech.
 */
public record ImportField(String key, String labelKey, Map<String, String> labels, boolean required,
        Set<String> headings) {

    public static ImportField of(String key, boolean required, String... headings) {
        return new ImportField(key, "imports.field." + key, Map.of(), required, Set.of(headings));
    }
}
