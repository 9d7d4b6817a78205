package app.klient.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A quote as sent. From a deal ({@code dealId}) the company, currency and lines come from the deal when left out.
 * Changing a quote ({@code version} required) makes a new revision; the one changed stays as it was. A
 * {@code couponCode} adds its discount as a line.
 */
// read-only fields of what GET answers: a record read and sent back unchanged is accepted, they are ignored
@JsonIgnoreProperties({"id", "number", "revision", "rootId", "status", "expired", "orderId", "netTotal", "taxTotal",
        "grossTotal", "byRate", "createdAt", "updatedAt"})
public record QuoteForm(Long companyId, Long contactId, Long dealId,
        @Pattern(regexp = "^$|[A-Z]{3}") String currency,
        @Pattern(regexp = "^$|en|pl|cs") String language,
        LocalDate validUntil,
        @Size(max = 4000) String terms,
        Boolean reverseCharge,
        @Valid @Size(max = 500) List<LineForm> lines,
        Long ownerId,
        Integer version,
        @Size(max = 20) String couponCode) {

    public QuoteForm(Long companyId, Long contactId, Long dealId, String currency, String language,
            LocalDate validUntil, String terms, Boolean reverseCharge, List<LineForm> lines, Long ownerId,
            Integer version) {
        this(companyId, contactId, dealId, currency, language, validUntil, terms, reverseCharge, lines, ownerId,
                version, null);
    }
}
