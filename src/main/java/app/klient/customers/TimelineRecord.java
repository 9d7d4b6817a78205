package app.klient.customers;

import java.time.Instant;

import app.klient.platform.Phrase;

/**
 * What another module records on a customer's timeline: about a contact (its company is added), a company, or
 * both. {@code sourceModule} and {@code sourceId} point back to the record (a call, a deal, an invoice).
 * <p>
 * What Klient itself says (an amount, a stage, where a lead came from) is a {@link Phrase} ({@code titleCode},
 * {@code bodyCode}), put into words when the card is read, in the reader's language; {@code title} and {@code body}
 * are text shown as written (a deal's name, a note someone typed). Use {@link #coded}.
 */
public record TimelineRecord(Long companyId, Long contactId, Instant occurredAt, String kind, String title,
        Phrase titleCode, String body, Phrase bodyCode, String sourceModule, Long sourceId, Long authorId) {

    /** Text only, frozen in the words given: kept for call sites not yet coded. */
    public TimelineRecord(Long companyId, Long contactId, Instant occurredAt, String kind, String title, String body,
            String sourceModule, Long sourceId, Long authorId) {
        this(companyId, contactId, occurredAt, kind, title, null, body, null, sourceModule, sourceId, authorId);
    }

    /**
     * An entry titled by a record's name or number as it is, told by a phrase rendered for each reader (null for
     * none): {@code coded(company, null, "DEAL_WON", deal.getName(), Phrase.of("timeline.deal.won",
     * Phrase.money(amount, currency)), "sales", deal.getId(), CurrentUser.id())}.
     */
    public static TimelineRecord coded(Long companyId, Long contactId, String kind, String title, Phrase body,
            String sourceModule, Long sourceId, Long authorId) {
        return new TimelineRecord(companyId, contactId, null, kind, title, null, null, body, sourceModule, sourceId,
                authorId);
    }

    /** The same entry at the moment it happened (an activity logged afterwards), not now. */
    public TimelineRecord at(Instant when) {
        return new TimelineRecord(companyId, contactId, when, kind, title, titleCode, body, bodyCode, sourceModule,
                sourceId, authorId);
    }

    /** The same entry with a title Klient words for each reader (a lead's source) instead of a name. */
    public TimelineRecord titled(Phrase code) {
        return new TimelineRecord(companyId, contactId, occurredAt, kind, null, code, body, bodyCode, sourceModule,
                sourceId, authorId);
    }

    /** The same entry with text a person wrote (a call's notes, a lead's message), shown as written. */
    public TimelineRecord withText(String text) {
        return new TimelineRecord(companyId, contactId, occurredAt, kind, title, titleCode, text, bodyCode,
                sourceModule, sourceId, authorId);
    }
}
