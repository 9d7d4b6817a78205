package app.klient.privacy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * One line of the register: what was asked, about whom (the record, or an address's SHA-256), by whom and when, on
 * which ground, who carried it out and when, and what it did (rows changed and kept by table, or what was exported).
 */
public record PrivacyRequestView(long id, RequestKind kind, SubjectKind subjectKind, Long subjectId,
        String subjectHash, RequestedBy requestedBy, LocalDate receivedOn, ErasureReason reason, String note,
        Long ruleId, Map<String, Object> result, Instant doneAt, Long doneById, String doneByName) {
}
