package app.klient.service;

import java.time.Instant;
import java.util.List;

/**
 * A ticket. {@code messages} (its conversation with each message's files) is filled when one ticket is read and left
 * empty in lists.
 */
public record TicketView(long id, String number, String subject, String description, Long contactId,
        Long companyId, TicketChannel channel, String category, Long productId, TicketPriority priority,
        TicketStatus status, Long assigneeId, String assigneeName, Long teamId, Long orderId, Long invoiceId,
        String requesterEmail,
        Instant createdAt, Instant firstResponseDueAt, Instant resolutionDueAt, Instant firstRespondedAt,
        Instant resolvedAt, boolean breached, boolean overdue, Boolean firstContactResolution, Integer csat,
        Integer ces, String surveyComment, List<TicketMessage> messages, String messageId, int version) {

    /** The Message-ID a reply should answer: the customer's first message, if the ticket came by e-mail. */
    public String messageIdOr() {
        return messageId;
    }
}
