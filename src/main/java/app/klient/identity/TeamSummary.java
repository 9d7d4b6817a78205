package app.klient.identity;

import java.time.Instant;

public record TeamSummary(long id, String name, Instant createdAt, int version) {
}
