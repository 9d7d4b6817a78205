package app.klient.customers;

import java.time.Instant;
import java.util.List;

import app.klient.audit.FieldChange;
import app.klient.platform.Phrase;

/**
 * One thing that happened with a customer, as the card shows it. {@code kind} is NOTE, CREATED, CHANGED, DELETED,
 * or a kind another module records (CALL, EMAIL, DEAL_WON...); notes carry their version for editing.
 * {@code title} and {@code body} are in the reader's language; where Klient worded them, {@code titleCode} and
 * {@code bodyCode} are what was stored (a message key and typed values) for integrators.
 */
public record TimelineEntry(String id, Instant occurredAt, String kind, String title, String body, Long authorId,
        String authorName, Long companyId, Long contactId, List<FieldChange> changes, List<String> mentions,
        Integer version, boolean editable, Phrase titleCode, Phrase bodyCode) {
}
