package app.klient.support;

import java.util.Set;
import java.util.UUID;

import app.klient.identity.NewUser;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Makes users for a test through the real service: each with a unique e-mail, so tests never collide. */
@Component
public class TestUsers {

    public static final String ADMIN_EMAIL = "admin@klient.test";
    public static final String ADMIN_PASSWORD = "admin-password-1";
    public static final String PASSWORD = "correct-horse-1";

    private final Users users;
    private final JdbcClient jdbc;

    TestUsers(Users users, JdbcClient jdbc) {
        this.users = users;
        this.jdbc = jdbc;
    }

    /** Puts these users together in a new team of their own; answers the team's id. */
    public long inNewTeam(UserSummary... members) {
        long team = jdbc.sql("insert into teams (name) values (:name) returning id")
                .param("name", "Team " + UUID.randomUUID().toString().substring(0, 8)).query(Long.class).single();
        for (UserSummary member : members) {
            jdbc.sql("insert into user_teams (user_id, team_id) values (:user, :team)").param("user", member.id())
                    .param("team", team).update();
        }
        return team;
    }

    public UserSummary create(Role role) {
        return create(role, "en");
    }

    /** A user with a name of its own, in these teams. */
    public UserSummary create(Role role, String name, Set<Long> teams) {
        return users.create(new NewUser(name.toLowerCase().replace(' ', '-') + "-" + UUID.randomUUID().toString()
                .substring(0, 8) + "@klient.test", name, role, PASSWORD, "en", "Europe/Warsaw", teams));
    }

    public UserSummary create(Role role, String locale) {
        String email = role.name().toLowerCase().replace('_', '-') + "-" + UUID.randomUUID().toString().substring(0, 8)
                + "@klient.test";
        return users.create(new NewUser(email, "Test " + role.name(), role, PASSWORD, locale, "Europe/Warsaw",
                Set.of()));
    }
}
