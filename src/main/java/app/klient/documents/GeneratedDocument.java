package app.klient.documents;

import java.time.Instant;
import java.util.List;

/**
 * A PDF made from a template, kept as it was made; {@code pdfUrl} downloads it. {@code emptyFields} are the merge
 * fields that had no value (and no fallback) and so print as blanks: worth a look before it goes to the customer.
 */
public record GeneratedDocument(long id, String title, RecordType recordType, long recordId, Long companyId,
        Long contactId, String language, Instant createdAt, String pdfUrl, List<String> emptyFields) {
}
