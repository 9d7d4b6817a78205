package app.klient.activities;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A call, meeting, e-mail, note, chat, text or visit, tied to a contact, company, deal, lead or ticket. A meeting
 * has a place, an end ({@code durationMinutes}) and participants: colleagues and the customer's people.
 */
// read-only fields of what GET answers: a record read and sent back unchanged is accepted, they are ignored
@JsonIgnoreProperties({"id", "ownerId", "ownerName", "endsAt", "createdAt"})
public record ActivityForm(
        @NotNull ActivityType type,
        @NotBlank @Size(max = 200) String subject,
        @Size(max = 20_000) String body,
        Direction direction,
        Long contactId, Long companyId, Long dealId, Long leadId, Long ticketId,
        OffsetDateTime occurredAt,
        @Min(0) @Max(1440) Integer durationMinutes,
        @Size(max = 200) String outcome,
        @Size(max = 200) String location,
        @Size(max = 50) List<Long> participantUserIds,
        @Size(max = 50) List<Long> participantContactIds,
        Integer version) {
}
