package app.klient.audit;

import java.time.LocalDate;

import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;

/** Filters of the audit log; every one may be empty. Dates are whole days in the reader's time zone. */
public record AuditQuery(@Size(max = 254) String actor, AuditAction action, @Size(max = 60) String entityType,
        @Size(max = 60) String entityId, @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {

    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null);
    }

    public boolean isEmpty() {
        return blank(actor) && action == null && blank(entityType) && blank(entityId) && from == null && to == null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
