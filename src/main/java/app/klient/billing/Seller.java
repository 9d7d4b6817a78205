package app.klient.billing;

import java.time.LocalDate;
import java.util.List;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
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
    private final AuditLog audit;

    Seller(JdbcClient jdbc, Versions versions, AuditLog audit) {
        this.versions = versions;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public SellerProfile get() {
        return jdbc.sql("""
                select name, legal_name, tax_id, vat_id, street, city, postal_code, country, bank_account, email, phone,
                       invoice_pattern, correction_pattern, payment_days, tax_rates, backdating_until, version,
                       registration_number, exemption_basis
                from seller_profile where id = 1""")
                .query((rs, n) -> new SellerProfile(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                        rs.getInt(14), rs.getString(15), rs.getObject(16, java.time.LocalDate.class), rs.getInt(17),
                        rs.getString(18), rs.getString(19)))
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
        if (Numbering.valid(form.invoicePattern()) && !Numbering.namesItsPeriod(form.invoicePattern())) {
            errors.add("invoicePattern", "seller.patternNoYear");
        }
        if (Numbering.valid(form.correctionPattern()) && !Numbering.namesItsPeriod(form.correctionPattern())) {
            errors.add("correctionPattern", "seller.patternNoYear");
        }
        if (form.invoicePattern().equals(form.correctionPattern())) {
            errors.add("correctionPattern", "seller.samePattern");
        }
        if (form.rates().stream().anyMatch(r -> r.signum() < 0 || r.compareTo(java.math.BigDecimal.valueOf(100)) > 0)) {
            errors.add("taxRates", "seller.taxRatesInvalid");
        }
        if (form.backdatingUntil() != null && form.backdatingUntil().isAfter(LocalDate.now(form.zone())
                .plusYears(1))) {
            errors.add("backdatingUntil", "seller.backdatingUntil");
        }
        errors.throwIfAny();
        SellerProfile before = get();
        versions.change("seller_profile", 1, form.version()).set("""
                name = :name, legal_name = :legalName, tax_id = :taxId, vat_id = :vatId,
                street = :street, city = :city, postal_code = :postalCode, country = :country,
                bank_account = :bank, email = :email, phone = :phone, invoice_pattern = :invoicePattern,
                correction_pattern = :correctionPattern, payment_days = :days, tax_rates = :rates,
                registration_number = :registration, exemption_basis = :exemption,
                backdating_until = :backdatingUntil""")
                .param("backdatingUntil", form.backdatingUntil())
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
        SellerProfile after = get();
        String[] audited = { "name", "legalName", "taxId", "vatId", "country", "bankAccount", "invoicePattern",
            "correctionPattern", "paymentDays", "taxRates", "backdatingUntil" };
        List<FieldChange> changes = FieldChange.between(FieldChange.fields(before, audited),
                FieldChange.fields(after, audited));
        if (!changes.isEmpty()) {
            // opening earlier issue dates (and numbering) is a decision someone answers for
            audit.record(AuditAction.UPDATE, "seller", 1, after.name(), changes);
        }
        return after;
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
