package app.klient.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

public record ProductView(long id, String sku, String name, String namePl, String nameCs, ProductKind kind,
        String unit, String category, String description, BigDecimal unitPrice, String currency, BigDecimal taxRate,
        boolean active, Instant createdAt, Instant updatedAt, int version, boolean splitPaymentGoods,
        BigDecimal costPrice) {

    /** The name in a language, the default name where no translation is given. */
    public String nameIn(Locale locale) {
        return localized(name, namePl, nameCs, locale);
    }

    static String localized(String name, String namePl, String nameCs, Locale locale) {
        String translated = switch (locale.getLanguage()) {
            case "pl" -> namePl;
            case "cs" -> nameCs;
            default -> null;
        };
        return translated == null ? name : translated;
    }
}
