package app.klient.customers;

import java.time.Instant;

/**
 * What another module records on a customer's timeline: about a contact (its company is added), a company, or
 * both. {@code sourceModule} and {@code sourceId} point back to the record (a call, a deal, an invoice).
 */
public record TimelineRecord(Long companyId, Long contactId, Instant occurredAt, String kind, String title,
        String body, String sourceModule, Long sourceId, Long authorId) {
}
