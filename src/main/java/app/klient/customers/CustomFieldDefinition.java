package app.klient.customers;

import java.util.List;
import java.util.Locale;

/** An extra field the administrator defined, with its label in the reader's language. */
public record CustomFieldDefinition(long id, CustomerType entity, String key, FieldType type, String labelEn,
        String labelPl, String labelCs, List<Option> options, boolean required, int position, boolean active,
        int version) {

    public record Option(String key, String labelEn, String labelPl, String labelCs) {

        public String label(Locale locale) {
            return switch (locale.getLanguage()) {
                case "pl" -> labelPl;
                case "cs" -> labelCs;
                default -> labelEn;
            };
        }
    }

    public String label(Locale locale) {
        return switch (locale.getLanguage()) {
            case "pl" -> labelPl;
            case "cs" -> labelCs;
            default -> labelEn;
        };
    }

    public String optionLabel(String optionKey, Locale locale) {
        return options.stream().filter(o -> o.key().equals(optionKey)).findFirst().map(o -> o.label(locale))
                .orElse(optionKey);
    }
}
