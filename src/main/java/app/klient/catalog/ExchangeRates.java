package app.klient.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import app.klient.platform.InvalidFields;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rates into the company currency, entered by hand (or sent by a script from the central bank's table). A rate holds
 * from its day until the next one; the company currency itself is always 1.
 */
@Service
public class ExchangeRates {

    private final JdbcClient jdbc;
    private final String companyCurrency;

    ExchangeRates(JdbcClient jdbc, @Value("${klient.currency:PLN}") String companyCurrency) {
        this.jdbc = jdbc;
        this.companyCurrency = companyCurrency;
    }

    public record Rate(String currency, BigDecimal rate, LocalDate validFrom) {
    }

    public record NewRate(@NotBlank String currency,
            @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000") BigDecimal rate,
            @NotNull @org.springframework.format.annotation.DateTimeFormat(
                    iso = org.springframework.format.annotation.DateTimeFormat.ISO.DATE) LocalDate validFrom) {
    }

    public String companyCurrency() {
        return companyCurrency;
    }

    @Transactional(readOnly = true)
    public List<Rate> list() {
        return jdbc.sql("select currency, rate, valid_from from exchange_rates order by currency, valid_from desc")
                .query((rs, n) -> new Rate(rs.getString(1), rs.getBigDecimal(2), rs.getObject(3, LocalDate.class)))
                .list();
    }

    /** Sets the rate of a currency from a day on; the same day again replaces it. */
    @Transactional
    public Rate set(NewRate rate) {
        String currency = rate.currency().strip().toUpperCase(java.util.Locale.ROOT);
        if (!Currencies.known(currency)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("currency", "deal.currency")));
        }
        if (currency.equals(companyCurrency)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("currency", "rate.companyCurrency")));
        }
        jdbc.sql("""
                insert into exchange_rates (currency, rate, valid_from) values (:currency, :rate, :day)
                on conflict (currency, valid_from) do update set rate = excluded.rate""")
                .param("currency", currency).param("rate", rate.rate()).param("day", rate.validFrom()).update();
        return new Rate(currency, rate.rate(), rate.validFrom());
    }

    /** The most lines one import takes: a year of daily rates for a few currencies. */
    public static final int IMPORT_LIMIT = 2000;

    /**
     * Imports rates pasted from a spreadsheet or a central bank's table, one per line: currency, rate and the day it
     * holds from, separated by semicolons, tabs, commas or spaces (with semicolons or tabs the rate may use a decimal
     * comma). All lines or none: the first bad line is named and nothing is stored.
     */
    @Transactional
    public int importLines(String text) {
        List<String> lines = text == null ? List.of()
                : text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        if (lines.isEmpty()) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("text", "rates.importEmpty")));
        }
        if (lines.size() > IMPORT_LIMIT) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("text", "rates.importTooMany", IMPORT_LIMIT)));
        }
        List<NewRate> parsed = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean strong = line.contains(";") || line.contains("\t");
            String[] parts = line.split(strong ? "\\s*[;\t]\\s*" : "\\s*,\\s*|\\s+");
            NewRate rate = parts.length == 3 ? parse(parts[0], strong ? parts[1].replace(',', '.') : parts[1], parts[2])
                    : null;
            if (rate == null) {
                throw badLine(i, line);
            }
            parsed.add(rate);
        }
        for (int i = 0; i < parsed.size(); i++) {
            try {
                set(parsed.get(i));
            }
            catch (InvalidFields e) {
                throw badLine(i, lines.get(i));
            }
        }
        return parsed.size();
    }

    private static InvalidFields badLine(int index, String line) {
        return new InvalidFields(List.of(new InvalidFields.FieldError("text", "rates.importLine", index + 1,
                line.length() > 60 ? line.substring(0, 60) + "…" : line)));
    }

    private static NewRate parse(String currency, String rate, String day) {
        try {
            BigDecimal value = new BigDecimal(rate);
            if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(1_000_000)) > 0 || value.scale() > 8
                    || currency.length() != 3) {
                return null;
            }
            return new NewRate(currency, value, LocalDate.parse(day));
        }
        catch (NumberFormatException | java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    @Transactional(readOnly = true)
    public Optional<BigDecimal> rate(String currency, LocalDate on) {
        if (companyCurrency.equals(currency)) {
            return Optional.of(BigDecimal.ONE);
        }
        return jdbc.sql("""
                select rate from exchange_rates where currency = :currency and valid_from <= :on
                order by valid_from desc limit 1""").param("currency", currency).param("on", on)
                .query(BigDecimal.class).optional();
    }
}
