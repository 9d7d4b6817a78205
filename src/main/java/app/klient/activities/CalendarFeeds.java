package app.klient.activities;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import app.klient.identity.CurrentUser;
import app.klient.identity.Users;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The private address of a person's calendar for Google Calendar, Outlook or Thunderbird: a 256-bit random token,
 * shown once and kept only as its SHA-256; the person revokes it whenever they like (a new one replaces the old).
 */
@Service
public class CalendarFeeds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Activities activities;
    private final Tasks tasks;
    private final Users users;

    CalendarFeeds(JdbcClient jdbc, Activities activities, Tasks tasks, Users users) {
        this.jdbc = jdbc;
        this.activities = activities;
        this.tasks = tasks;
        this.users = users;
    }

    /** A new feed token for the signed-in person; any earlier one stops working. The token is shown only now. */
    @Transactional
    public String create() {
        revoke();
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("insert into calendar_feeds (user_id, token_hash) values (:user, :hash)")
                .param("user", CurrentUser.id()).param("hash", hash(token)).update();
        return token;
    }

    @Transactional
    public void revoke() {
        jdbc.sql("update calendar_feeds set revoked_at = now() where user_id = :user and revoked_at is null")
                .param("user", CurrentUser.id()).update();
    }

    @Transactional(readOnly = true)
    public boolean active() {
        return jdbc.sql("select count(*) from calendar_feeds where user_id = :user and revoked_at is null")
                .param("user", CurrentUser.id()).query(Long.class).single() > 0;
    }

    /**
     * The calendar behind a token: the owner's meetings from a month back to half a year ahead, and open tasks. A
     * deactivated owner's feed is not found, as their sign-ins and tokens are not.
     */
    @Transactional(readOnly = true)
    public Optional<String> feed(String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        Optional<Long> user = jdbc.sql("select user_id from calendar_feeds where token_hash = :hash and revoked_at "
                + "is null").param("hash", hash(token)).query(Long.class).optional().filter(users::isActive);
        return user.map(id -> {
            Instant now = Instant.now();
            List<ActivityView> meetings = activities.meetingsOf(id, now.minusSeconds(31L * 86400),
                    now.plusSeconds(183L * 86400));
            List<TaskView> open = tasks.list(new Tasks.Query(id, false, now.minusSeconds(31L * 86400),
                    now.plusSeconds(183L * 86400), null, null, null), org.springframework.data.domain.PageRequest.of(0,
                    200)).items();
            return ICalendars.feed(meetings, open);
        });
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
