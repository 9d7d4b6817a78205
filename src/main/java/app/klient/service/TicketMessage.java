package app.klient.service;

import java.time.Instant;
import java.util.List;

import app.klient.platform.files.FileInfo;

/** One step of a ticket's conversation: the customer's words, a public reply, or an internal note; with its files. */
public record TicketMessage(long id, String kind, Long authorId, String authorName, String body, Instant createdAt,
        List<FileInfo> files) {
}
