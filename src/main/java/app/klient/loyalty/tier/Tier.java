package app.klient.loyalty.tier;

import java.math.BigDecimal;
import java.util.Locale;

/** A tier of a program: its place (1 the lowest), names, what reaches it and what it multiplies points by. */
public record Tier(long id, long programId, int position, String nameEn, String namePl, String nameCs,
        BigDecimal threshold, BigDecimal multiplier, int version) {

    public String name(Locale locale) {
        return switch (locale == null ? "en" : locale.getLanguage()) {
            case "pl" -> namePl;
            case "cs" -> nameCs;
            default -> nameEn;
        };
    }

    static Tier of(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Tier(rs.getLong("id"), rs.getLong("program_id"), rs.getInt("position"), rs.getString("name_en"),
                rs.getString("name_pl"), rs.getString("name_cs"), rs.getBigDecimal("threshold"),
                rs.getBigDecimal("multiplier"), rs.getInt("version"));
    }
}
