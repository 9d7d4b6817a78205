package app.klient.loyalty.reward;

import java.math.BigDecimal;
import java.util.Locale;

import app.klient.billing.CouponCodes;

/**
 * A reward of the catalog: what it gives (a percentage or an amount off, a free product, a gift card), for how many
 * points, from which tier (null: everybody), and how long its code is valid once redeemed.
 */
public record Reward(long id, long programId, CouponCodes.Kind kind, String nameEn, String namePl, String nameCs,
        int points, BigDecimal percent, BigDecimal amount, String currency, Long productId, Long tierId,
        int validDays, boolean active, int version) {

    public String name(Locale locale) {
        return switch (locale == null ? "en" : locale.getLanguage()) {
            case "pl" -> namePl;
            case "cs" -> nameCs;
            default -> nameEn;
        };
    }

    static Reward of(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Reward(rs.getLong("id"), rs.getLong("program_id"), CouponCodes.Kind.valueOf(rs.getString("kind")),
                rs.getString("name_en"), rs.getString("name_pl"), rs.getString("name_cs"), rs.getInt("points"),
                rs.getBigDecimal("percent"), rs.getBigDecimal("amount"), rs.getString("currency"),
                (Long) rs.getObject("product_id"), (Long) rs.getObject("tier_id"), rs.getInt("valid_days"),
                rs.getBoolean("active"), rs.getInt("version"));
    }
}
