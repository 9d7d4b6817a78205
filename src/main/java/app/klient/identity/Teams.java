package app.klient.identity;

import java.util.List;

import app.klient.identity.internal.Team;
import app.klient.identity.internal.TeamRepository;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class Teams {

    private final TeamRepository teams;

    Teams(TeamRepository teams) {
        this.teams = teams;
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
