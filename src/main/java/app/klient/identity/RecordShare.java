package app.klient.identity;

import java.time.OffsetDateTime;

/** A record shared beyond the rules with one person ({@code userId}) or one team ({@code teamId}). */
public record RecordShare(long id, String kind, long recordId, Long userId, Long teamId, String name,
        boolean canChange, String sharedBy, OffsetDateTime createdAt) {
}
