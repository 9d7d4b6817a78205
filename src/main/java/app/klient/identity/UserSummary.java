package app.klient.identity;

import java.time.Instant;
import java.util.List;

/** A user as the rest of Klient and the API see one: never the password. */
public record UserSummary(long id, String email, String name, Role role, String locale, String timeZone,
        boolean active, List<TeamRef> teams, Instant createdAt, Instant updatedAt, int version) {
}
