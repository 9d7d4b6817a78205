package app.klient.activities;

import java.time.Instant;
import java.util.List;

public record ActivityView(long id, ActivityType type, String subject, String body, Direction direction,
        Long contactId, Long companyId, Long dealId, Long leadId, Long ticketId, Instant occurredAt, Instant endsAt,
        Integer durationMinutes, String outcome, String location, Long ownerId, String ownerName,
        List<Long> participantUserIds, List<Long> participantContactIds, Instant createdAt, int version) {
}
