package app.klient.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
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
            @NotNull LocalDate validFrom) {
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
        try {
            Currency.getInstance(currency);
        }
        catch (IllegalArgumentException e) {
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
