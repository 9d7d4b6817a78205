package app.klient.privacy;

import java.time.LocalDate;

import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * A request as the administrator records it: whom it is about (exactly one of a contact, a lead or an e-mail
 * address), who asked and when, and — for an erasure — on which ground, with a note.
 */
public record PrivacyRequestForm(
        Long contactId,
        Long leadId,
        @Size(max = 254) String email,
        RequestedBy requestedBy,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate receivedOn,
        ErasureReason reason,
        @Size(max = 2000) String note) {
}
