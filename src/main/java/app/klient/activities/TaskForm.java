package app.klient.activities;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.OffsetDateTime;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A task: due at a moment (ISO-8601 with its offset), for an assignee (yourself when left out), tied to a record;
 * {@code reminderMinutesBefore} asks for a reminder in the bell and by e-mail that long before.
 */
// read-only fields of what GET answers: a record read and sent back unchanged is accepted, they are ignored
@JsonIgnoreProperties({"id", "assigneeName", "doneAt", "overdue", "remindAt", "remindedAt", "createdAt"})
public record TaskForm(
        @NotBlank @Size(max = 200) String title,
        @Size(max = 4000) String description,
        @NotNull OffsetDateTime dueAt,
        Priority priority,
        Long assigneeId,
        Long contactId, Long companyId, Long dealId, Long leadId, Long ticketId,
        @Min(0) @Max(40320) Integer reminderMinutesBefore,
        Boolean done,
        Integer version) {
}
