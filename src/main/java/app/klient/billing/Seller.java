package app.klient.billing;



import app.klient.billing.internal.Numbering;
import app.klient.platform.InvalidFields;
import app.klient.platform.db.Versions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The seller profile (one row, migration V011), kept by the administrator. */
@Service
public class Seller {

    private final JdbcClient jdbc;
    private final Versions versions;

    Seller(JdbcClient jdbc, Versions versions) {
        this.versions = versions;
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public SellerProfile get() {
        return jdbc.sql("""
                select name, legal_name, tax_id, vat_id, street, city, postal_code, country, bank_account, email, phone,
                       invoice_pattern, correction_pattern, payment_days, tax_rates, version, registration_number,
                       exemption_basis
                from seller_profile where id = 1""")
                .query((rs, n) -> new SellerProfile(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                        rs.getInt(14), rs.getString(15), rs.getInt(16), rs.getString(17), rs.getString(18)))
                .single();
    }

    @Transactional
    public SellerProfile update(SellerProfile form) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (!Numbering.valid(form.invoicePattern())) {
            errors.add("invoicePattern", "seller.pattern");
        }
        if (!Numbering.valid(form.correctionPattern())) {
            errors.add("correctionPattern", "seller.pattern");
        }
        if (form.invoicePattern().equals(form.correctionPattern())) {
            errors.add("correctionPattern", "seller.samePattern");
        }
        if (form.rates().stream().anyMatch(r -> r.signum() < 0 || r.compareTo(java.math.BigDecimal.valueOf(100)) > 0)) {
            errors.add("taxRates", "seller.taxRatesInvalid");
        }
        errors.throwIfAny();
        versions.change("seller_profile", 1, form.version()).set("""
                name = :name, legal_name = :legalName, tax_id = :taxId, vat_id = :vatId,
                street = :street, city = :city, postal_code = :postalCode, country = :country,
                bank_account = :bank, email = :email, phone = :phone, invoice_pattern = :invoicePattern,
                correction_pattern = :correctionPattern, payment_days = :days, tax_rates = :rates,
                registration_number = :registration, exemption_basis = :exemption""")
                .param("name", form.name().strip()).param("legalName", trim(form.legalName()))
                .param("taxId", trim(form.taxId())).param("vatId", trim(form.vatId()))
                .param("street", trim(form.street())).param("city", trim(form.city()))
                .param("postalCode", trim(form.postalCode())).param("country", form.country())
                .param("bank", trim(form.bankAccount())).param("email", trim(form.email()))
                .param("phone", trim(form.phone())).param("invoicePattern", form.invoicePattern().strip())
                .param("correctionPattern", form.correctionPattern().strip()).param("days", form.paymentDays())
                .param("registration", trim(form.registrationNumber()))
                .param("exemption", trim(form.exemptionBasis()))
                .param("rates", String.join(",", form.rates().stream().map(r -> r.stripTrailingZeros().toPlainString())
                        .toList()))
                .apply();
        return get();
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
