package app.klient.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The company that issues the documents, as printed on them, with its numbering patterns, default payment term and
 * the VAT rates its country allows ({@code "23,8,5,0"} in Poland, {@code "21,12,0"} in Czechia). {@code taxId} is
 * the NIP or DIČ, {@code registrationNumber} the REGON or IČO; {@code exemptionBasis} is the legal basis printed on
 * invoices with VAT-exempt lines unless an invoice names its own ("art. 43 ust. 1 pkt 2 ustawy o VAT").
 * {@code backdatingUntil}: until that day (inclusive) invoices may be dated before the last one of their series
 * (the administrator opens an earlier period, e.g. to enter a forgotten invoice); empty: never.
 */
public record SellerProfile(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 250) String legalName,
        @Size(max = 32) String taxId,
        @Size(max = 20) String vatId,
        @Size(max = 200) String street,
        @Size(max = 100) String city,
        @Size(max = 20) String postalCode,
        @NotBlank @Pattern(regexp = "[A-Z]{2}") String country,
        @Size(max = 64) String bankAccount,
        @Size(max = 254) String email,
        @Size(max = 40) String phone,
        @NotBlank @Size(max = 60) String invoicePattern,
        @NotBlank @Size(max = 60) String correctionPattern,
        @NotNull @Min(0) @Max(365) Integer paymentDays,
        @NotBlank @Size(max = 100) @Pattern(regexp = "\\d{1,2}(\\.\\d{1,2})?(\\s*,\\s*\\d{1,2}(\\.\\d{1,2})?)*")
        String taxRates,
        LocalDate backdatingUntil,
        Integer version,
        @Size(max = 32) String registrationNumber,
        @Size(max = 300) String exemptionBasis) {

    public SellerProfile(String name, String legalName, String taxId, String vatId, String street, String city,
            String postalCode, String country, String bankAccount, String email, String phone, String invoicePattern,
            String correctionPattern, Integer paymentDays, String taxRates, LocalDate backdatingUntil,
            Integer version) {
        this(name, legalName, taxId, vatId, street, city, postalCode, country, bankAccount, email, phone,
                invoicePattern, correctionPattern, paymentDays, taxRates, backdatingUntil, version, null, null);
    }

    public List<BigDecimal> rates() {
        return Arrays.stream(taxRates.split(",")).map(String::strip).map(BigDecimal::new).toList();
    }

    /** The company's time zone, for "today" on its documents: its country's, else Klient's default. */
    public java.time.ZoneId zone() {
        return java.time.ZoneId.of(switch (country == null ? "" : country) {
            case "CZ" -> "Europe/Prague";
            case "SK" -> "Europe/Bratislava";
            case "DE" -> "Europe/Berlin";
            default -> "Europe/Warsaw";
        });
    }

    public Party asParty() {
        return new Party(legalName == null || legalName.isBlank() ? name : legalName, address(street, postalCode,
                city, country), taxId, vatId, country, bankAccount, registrationNumber);
    }

    static String address(String street, String postalCode, String city, String country) {
        StringBuilder line = new StringBuilder();
        if (street != null && !street.isBlank()) {
            line.append(street.strip());
        }
        String town = ((postalCode == null ? "" : postalCode.strip()) + " " + (city == null ? "" : city.strip()))
                .strip();
        if (!town.isEmpty()) {
            line.append(line.isEmpty() ? "" : ", ").append(town);
        }
        if (country != null && !country.isBlank()) {
            line.append(line.isEmpty() ? "" : ", ").append(country);
        }
        return line.isEmpty() ? null : line.toString();
    }
}
