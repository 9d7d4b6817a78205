package app.klient.documents;

import java.time.Instant;

/** A PDF made from a template, kept as it was made; {@code pdfUrl} downloads it. */
public record GeneratedDocument(long id, String title, RecordType recordType, long recordId, Long companyId,
        Long contactId, String language, Instant createdAt, String pdfUrl) {
}
