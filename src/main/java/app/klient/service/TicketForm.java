package app.klient.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A ticket as an agent or the API opens or changes it; {@code version} is required when changing. A category the
 * administrator routes sends the ticket to its team or agent unless an assignee or team is given.
 */
// read-only fields of what GET answers: a record read and sent back unchanged is accepted, they are ignored
@JsonIgnoreProperties({"id", "number", "status", "requesterEmail", "messageId", "assigneeName", "messages",
        "firstResponseDueAt", "resolutionDueAt", "firstRespondedAt", "resolvedAt", "breached", "overdue",
        "firstContactResolution", "csat", "ces", "surveyComment", "createdAt"})
public record TicketForm(@NotBlank @Size(max = 300) String subject, @Size(max = 50_000) String description,
        Long contactId, Long companyId, TicketChannel channel, @Size(max = 100) String category, Long productId,
        TicketPriority priority, Long assigneeId, Long teamId, Long orderId, Long invoiceId, Integer version) {

    /** A request that came in by itself (an e-mail, the public form): no agent has classified it yet. */
    public static TicketForm received(String subject, String description, Long contactId, String category) {
        return new TicketForm(subject, description, contactId, null, null, category, null, null, null, null, null,
                null, null);
    }
}
