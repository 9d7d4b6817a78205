package app.klient.billing;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An invoice to issue, by hand or from an order ({@code orderId}: the buyer, currency and lines come from it when
 * left out). Dates default to today, the sale date to the issue date, the due date to the seller's payment term.
 * An order that already has an invoice is invoiced again only when {@code again} says so. An invoice with VAT-exempt
 * lines names the legal basis of the exemption ({@code exemptionBasis}), else the seller's default is printed. A
 * {@code couponCode} adds its discount as a line (an order's coupon goes on to its invoice).
 */
public record InvoiceForm(
        Long companyId,
        Long contactId,
        Long orderId,
        @Pattern(regexp = "^$|[A-Z]{3}") String currency,
        @Pattern(regexp = "^$|en|pl|cs") String language,
        LocalDate issueDate,
        LocalDate saleDate,
        LocalDate dueDate,
        PaymentMethod paymentMethod,
        Boolean reverseCharge,
        @Valid @Size(max = 500) List<LineForm> lines,
        Long ownerId,
        Boolean again,
        @Size(max = 300) String exemptionBasis,
        @Size(max = 20) String couponCode) {

    public InvoiceForm(Long companyId, Long contactId, Long orderId, String currency, String language,
            LocalDate issueDate, LocalDate saleDate, LocalDate dueDate, PaymentMethod paymentMethod,
            Boolean reverseCharge, List<LineForm> lines, Long ownerId, Boolean again, String exemptionBasis) {
        this(companyId, contactId, orderId, currency, language, issueDate, saleDate, dueDate, paymentMethod,
                reverseCharge, lines, ownerId, again, exemptionBasis, null);
    }

    public InvoiceForm(Long companyId, Long contactId, Long orderId, String currency, String language,
            LocalDate issueDate, LocalDate saleDate, LocalDate dueDate, PaymentMethod paymentMethod,
            Boolean reverseCharge, List<LineForm> lines, Long ownerId, Boolean again) {
        this(companyId, contactId, orderId, currency, language, issueDate, saleDate, dueDate, paymentMethod,
                reverseCharge, lines, ownerId, again, null, null);
    }
}
