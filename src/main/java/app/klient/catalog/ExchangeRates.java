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
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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

    /** A rate from its day on; {@code tableNumber} names the central bank's table it comes from, when known. */
    public record Rate(String currency, BigDecimal rate, LocalDate validFrom, String tableNumber) {
    }

    public record NewRate(@NotBlank String currency,
            @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000") BigDecimal rate,
            @NotNull @org.springframework.format.annotation.DateTimeFormat(
                    iso = org.springframework.format.annotation.DateTimeFormat.ISO.DATE) LocalDate validFrom,
            @Size(max = 40) @Pattern(regexp = "^$|[\\p{L}\\p{N}/._ -]+") String tableNumber) {

        public NewRate(String currency, BigDecimal rate, LocalDate validFrom) {
            this(currency, rate, validFrom, null);
        }
    }

    /** The rate an invoice uses: its value, the day of the table it comes from and the table's number. */
    public record TableRate(BigDecimal rate, LocalDate tableDate, String tableNumber) {
    }

    public String companyCurrency() {
        return companyCurrency;
    }

    @Transactional(readOnly = true)
    public List<Rate> list() {
        return jdbc.sql("select currency, rate, valid_from, table_number from exchange_rates "
                + "order by currency, valid_from desc")
                .query((rs, n) -> new Rate(rs.getString(1), rs.getBigDecimal(2), rs.getObject(3, LocalDate.class),
                        rs.getString(4)))
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
        String table = rate.tableNumber() == null || rate.tableNumber().isBlank() ? null : rate.tableNumber().strip();
        if (table != null && (table.length() > 40 || !table.matches("[\\p{L}\\p{N}/._ -]+"))) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("tableNumber", "rate.tableNumber")));
        }
        jdbc.sql("""
                insert into exchange_rates (currency, rate, valid_from, table_number)
                values (:currency, :rate, :day, :table)
                on conflict (currency, valid_from) do update set rate = excluded.rate, table_number = excluded.table_number""")
                .param("currency", currency).param("rate", rate.rate()).param("day", rate.validFrom())
                .param("table", table).update();
        return new Rate(currency, rate.rate(), rate.validFrom(), table);
    }

    /** The most lines one import takes: a year of daily rates for a few currencies. */
    public static final int IMPORT_LIMIT = 2000;

    /**
     * Imports rates pasted from a spreadsheet or a central bank's table, one per line: currency, rate, the day it
     * holds from and optionally the table's number, separated by semicolons, tabs, commas or spaces (with semicolons
     * or tabs the rate may use a decimal comma). All lines or none: the first bad line is named and nothing is stored.
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
            NewRate rate = parts.length == 3 || parts.length == 4 ? parse(parts[0], strong ? parts[1].replace(',', '.')
                    : parts[1], parts[2], parts.length == 4 ? parts[3] : null) : null;
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

    private static NewRate parse(String currency, String rate, String day, String table) {
        try {
            BigDecimal value = new BigDecimal(rate);
            if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(1_000_000)) > 0 || value.scale() > 8
                    || currency.length() != 3) {
                return null;
            }
            return new NewRate(currency, value, LocalDate.parse(day), table);
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

    /** The days the central bank of the company currency publishes its table. */
    public WorkingDays workingDays() {
        return new WorkingDays(companyCurrency);
    }

    /**
     * The rate for a sale on {@code day}: that of the table of the last working day before it (art. 31a of the Polish
     * VAT act). The newest rate entered before the day counts only when it is of that working day or later; an older
     * one is not silently taken instead: {@code Stale} says which day is wanted and which one there is.
     */
    @Transactional(readOnly = true)
    public Lookup forSale(String currency, LocalDate day) {
        LocalDate wanted = workingDays().lastBefore(day);
        Optional<TableRate> newest = jdbc.sql("""
                select rate, valid_from, table_number from exchange_rates where currency = :currency and valid_from < :day
                order by valid_from desc limit 1""").param("currency", currency).param("day", day)
                .query((rs, n) -> new TableRate(rs.getBigDecimal(1), rs.getObject(2, LocalDate.class), rs.getString(3)))
                .optional();
        return new Lookup(wanted, newest.filter(r -> !r.tableDate().isBefore(wanted)).orElse(null),
                newest.map(TableRate::tableDate).orElse(null));
    }

    /** The rate found for a sale ({@code rate}, null when missing), the table day wanted and the newest one stored. */
    public record Lookup(LocalDate wanted, TableRate rate, LocalDate newest) {
    }
}
