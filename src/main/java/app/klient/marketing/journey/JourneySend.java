package app.klient.marketing.journey;

import java.time.Instant;

/**
 * One line of a journey's log: to whom, for which occasion, what happened (SENT, or NO_CONSENT, SUPPRESSED,
 * NO_ADDRESS), the subject, the coupon given and whether it was used, and for a product notice the purchases that
 * made the contact a buyer ({@code proof}, JSON); {@code serviceNotice}: decided as a service notice (to every buyer,
 * whatever their marketing consent) rather than by the consent rule. {@code at}: when it was decided (and, when
 * SENT, handed to the outbox).
 */
public record JourneySend(long id, long contactId, String contactName, String occasion, String state,
        String address, String language, String subject, String couponCode, String couponUsedOn, String proof,
        Instant at, boolean serviceNotice) {
}
