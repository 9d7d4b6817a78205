package app.klient.identity;

import java.util.List;
import java.util.Optional;

import app.klient.identity.internal.Team;
import app.klient.identity.internal.TeamRepository;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class Teams {

    private final TeamRepository teams;
    private final JdbcClient jdbc;

    Teams(TeamRepository teams, JdbcClient jdbc) {
        this.teams = teams;
        this.jdbc = jdbc;
    }

    /** The team's active members, by id. */
    @Transactional(readOnly = true)
    public List<Long> activeMembers(long teamId) {
        return jdbc.sql("""
                select u.id from users u join user_teams t on t.user_id = u.id
                where t.team_id = :team and u.active order by u.id""").param("team", teamId).query(Long.class).list();
    }

    /**
     * The next active member of the team after the one who got the last piece of work (round robin: leads, rules'
     * assignments), safe across nodes: the team's turn is a locked row.
     */
    @Transactional
    public Optional<Long> nextInRotation(long teamId) {
        return nextInRotation(teamId, activeMembers(teamId));
    }

    /**
     * The same turn, taken among {@code members} only (those of the team free for this kind of work: the agents
     * available for chat), ordered by id.
     */
    @Transactional
    public Optional<Long> nextInRotation(long teamId, List<Long> members) {
        if (members.isEmpty()) {
            return Optional.empty();
        }
        jdbc.sql("insert into team_rotation (team_id) values (:team) on conflict do nothing").param("team", teamId)
                .update();
        Long last = jdbc.sql("select last_user_id from team_rotation where team_id = :team for update")
                .param("team", teamId).query((rs, n) -> Optional.ofNullable((Long) rs.getObject(1))).single()
                .orElse(null);
        long next = members.stream().filter(m -> last == null || m > last).findFirst().orElse(members.get(0));
        jdbc.sql("update team_rotation set last_user_id = :user where team_id = :team").param("user", next)
                .param("team", teamId).update();
        return Optional.of(next);
    }

    @Transactional(readOnly = true)
    public List<TeamSummary> list() {
        return teams.findAll(Sort.by("name")).stream().map(Teams::summary).toList();
    }

    @Transactional(readOnly = true)
    public TeamSummary get(long id) {
        return teams.findById(id).map(Teams::summary).orElseThrow(() -> KlientException.notFound("team.notFound"));
    }

    @Transactional
    public TeamSummary create(TeamForm form) {
        String name = form.name().strip();
        if (teams.nameTaken(name, null)) {
            throw KlientException.conflict("team.name.taken", name);
        }
        return summary(teams.saveAndFlush(new Team(name)));
    }

    @Transactional
    public TeamSummary rename(long id, TeamForm form) {
        Team team = teams.findById(id).orElseThrow(() -> KlientException.notFound("team.notFound"));
        Versions.check(form.version(), team.getVersion());
        String name = form.name().strip();
        if (teams.nameTaken(name, id)) {
            throw KlientException.conflict("team.name.taken", name);
        }
        team.rename(name);
        return summary(teams.saveAndFlush(team));
    }

    private static TeamSummary summary(Team team) {
        return new TeamSummary(team.getId(), team.getName(), team.getCreatedAt(), team.getVersion());
    }
}
