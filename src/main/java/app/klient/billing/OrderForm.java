package app.klient.billing;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An order entered by hand or sent by a shop. With {@code externalSource} and {@code externalId} the same order
 * sent twice is stored once: the second call answers the first order. A {@code couponCode} adds its discount as a
 * line.
 */
public record OrderForm(Long companyId, Long contactId, Long dealId,
        @Pattern(regexp = "^$|[A-Z]{3}") String currency,
        Boolean reverseCharge,
        @Valid @Size(max = 500) List<LineForm> lines,
        @Size(max = 50) @Pattern(regexp = "^$|[A-Za-z0-9._-]+") String externalSource,
        @Size(max = 100) String externalId,
        Long ownerId,
        @Size(max = 20) String couponCode) {

    public OrderForm(Long companyId, Long contactId, Long dealId, String currency, Boolean reverseCharge,
            List<LineForm> lines, String externalSource, String externalId, Long ownerId) {
        this(companyId, contactId, dealId, currency, reverseCharge, lines, externalSource, externalId, ownerId, null);
    }
}
