package app.klient.identity;

import java.time.Instant;
import java.util.List;

/**
 * A user as the rest of Klient and the API see one: never the password. {@code teams} names the teams for a
 * reader; {@code teamIds} is the same set in the shape {@link UserUpdate} takes, so what GET answers goes back
 * through PUT unchanged.
 */
public record UserSummary(long id, String email, String name, Role role, String locale, String timeZone,
        boolean active, List<TeamRef> teams, List<Long> teamIds, Instant createdAt, Instant updatedAt,
        int version) {
}
