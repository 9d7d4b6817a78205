package app.klient.service;

import java.util.List;
import java.util.Optional;

import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.identity.Teams;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The categories agents and customers choose from ("Technical problem", "Complaint", "Billing"), each optionally
 * routed: its new tickets go to a team (round-robin among the team's agents) or straight to one agent. A ticket keeps
 * the category's name, so the API may also use a name that is not on the list; it is then simply not routed.
 */
@Service
public class TicketCategories {

    public record Category(Long id, @NotBlank @Size(max = 100) String name, Long teamId, Long assigneeId,
            Integer version) {
    }

    /** Where a category's new tickets go. */
    record Route(Long teamId, Long assigneeId) {
    }

    private final JdbcClient jdbc;
    private final Teams teams;
    private final Users users;
    private final Versions versions;

    TicketCategories(JdbcClient jdbc, Teams teams, Users users, Versions versions) {
        this.versions = versions;
        this.jdbc = jdbc;
        this.teams = teams;
        this.users = users;
    }

    @Transactional(readOnly = true)
    public List<Category> list() {
        return jdbc.sql("select id, name, team_id, assignee_id, version from ticket_categories where active "
                + "order by lower(name)").query((rs, n) -> new Category(rs.getLong(1), rs.getString(2),
                        (Long) rs.getObject(3), (Long) rs.getObject(4), rs.getInt(5))).list();
    }

    /** Adds a category ({@code id} null) or changes one (with its version); administrators only. */
    @Transactional
    public Category save(Category category) {
        checkAdmin();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (category.teamId() != null && teams.list().stream().noneMatch(t -> t.id() == category.teamId())) {
            errors.add("teamId", "team.notFound");
        }
        if (category.assigneeId() != null && !users.isActive(category.assigneeId())) {
            errors.add("assigneeId", "customer.owner.invalid");
        }
        errors.throwIfAny();
        try {
            if (category.id() == null) {
                long id = jdbc.sql("insert into ticket_categories (name, team_id, assignee_id) values (:name, :team, "
                        + ":assignee) returning id").param("name", category.name().strip())
                        .param("team", category.teamId()).param("assignee", category.assigneeId())
                        .query(Long.class).single();
                return get(id);
            }
            get(category.id());
            versions.change("ticket_categories", category.id(), category.version())
                    .set("name = :name, team_id = :team, assignee_id = :assignee")
                    .param("name", category.name().strip()).param("team", category.teamId())
                    .param("assignee", category.assigneeId()).notFound("ticketCategory.notFound")
                    .onlyIf("active", () -> KlientException.notFound("ticketCategory.notFound")).apply();
            return get(category.id());
        }
        catch (DuplicateKeyException e) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("name", "ticketCategory.duplicate")));
        }
    }

    /** Takes a category off the list; its tickets keep their category. */
    @Transactional
    public void retire(long id) {
        checkAdmin();
        if (jdbc.sql("update ticket_categories set active = false, version = version + 1 where id = :id and active").param("id", id)
                .update() == 0) {
            throw KlientException.notFound("ticketCategory.notFound");
        }
    }

    @Transactional(readOnly = true)
    public Category get(long id) {
        return list().stream().filter(c -> c.id() == id).findFirst()
                .orElseThrow(() -> KlientException.notFound("ticketCategory.notFound"));
    }

    Optional<Route> route(String category) {
        if (category == null || category.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql("select team_id, assignee_id from ticket_categories where active and lower(name) = "
                + "lower(:name) and (team_id is not null or assignee_id is not null)").param("name", category.strip())
                .query((rs, n) -> new Route((Long) rs.getObject(1), (Long) rs.getObject(2))).optional();
    }

    private static void checkAdmin() {
        if (!CurrentUser.hasRole(Role.ADMIN)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "ticketCategory.forbidden");
        }
    }
}
