package app.klient.analytics.forecast;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Whose pipeline and quotas the reader sees, and whose quotas they may set: the administrator everybody's, a manager
 * their teams' (the teams and every member of them, the manager included), anybody else only their own.
 */
record SalesScope(boolean everybody, Set<Long> users, Set<Long> teams, boolean setsQuotas) {

    /** The signed-in user's. */
    static SalesScope current(JdbcClient jdbc) {
        Role role = CurrentUser.role().orElse(Role.READ_ONLY);
        long me = CurrentUser.id();
        if (role == Role.ADMIN) {
            return new SalesScope(true, Set.of(), Set.of(), true);
        }
        if (role == Role.MANAGER) {
            List<Long> teams = jdbc.sql("select team_id from user_teams where user_id = :me").param("me", me)
                    .query(Long.class).list();
            Set<Long> users = new HashSet<>(jdbc.sql("select user_id from user_teams where team_id in"
                    + " (select team_id from user_teams where user_id = :me)").param("me", me)
                    .query(Long.class).list());
            users.add(me);
            return new SalesScope(false, Set.copyOf(users), Set.copyOf(teams), true);
        }
        return new SalesScope(false, Set.of(me), Set.of(), false);
    }

    boolean seesUser(Long id) {
        return everybody || id != null && users.contains(id);
    }

    boolean seesTeam(Long id) {
        return everybody || id != null && teams.contains(id);
    }

    /** The ids as an SQL array parameter (empty for everybody: the caller does not filter then). */
    Long[] userArray() {
        return users.toArray(Long[]::new);
    }

    Long[] teamArray() {
        return teams.toArray(Long[]::new);
    }
}
