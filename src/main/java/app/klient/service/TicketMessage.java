package app.klient.service;

import java.time.Instant;

/** One step of a ticket's conversation: the customer's words, a public reply, or an internal note. */
public record TicketMessage(long id, String kind, Long authorId, String authorName, String body, Instant createdAt) {
}
