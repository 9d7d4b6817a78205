package app.klient.marketing;

import java.time.Instant;

/** A segment (DYNAMIC: its filter decides; STATIC: a list of contacts) as pages and the API show it. */
public record SegmentView(long id, String name, String description, SegmentKind kind, SegmentFilter filter,
        Long ownerId, Instant createdAt, Instant updatedAt, int version) {
}
