package app.klient.service;

import java.util.List;

import app.klient.activities.Notifications;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.Phrase;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Collaborative alerts: "three complaints about the same product in a week notify the quality team". Checked when a
 * ticket about a product is opened; the alert lists the tickets, and a rule fires at most once per product per
 * window.
 */
@Service
public class AlertRules {

    @io.swagger.v3.oas.annotations.media.Schema(name = "AlertRule")
    public record Rule(Long id, @NotBlank @Size(max = 100) String name, @Size(max = 100) String category,
            @NotNull @Min(2) @Max(1000) Integer threshold, @NotNull @Min(1) @Max(365) Integer days,
            @NotNull Long teamId) {
    }

    public record Alert(long id, long ruleId, Long productId, List<Long> ticketIds, java.time.Instant createdAt) {
    }

    private final JdbcClient jdbc;
    private final Notifications notifications;
    private final Users users;

    AlertRules(JdbcClient jdbc, Notifications notifications, Users users) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.users = users;
    }

    @Transactional
    public Rule define(Rule rule) {
        checkAdmin();
        if (jdbc.sql("select count(*) from teams where id = :id").param("id", rule.teamId()).query(Long.class)
                .single() == 0) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("teamId", "team.notFound")));
        }
        long id = jdbc.sql("insert into alert_rules (name, category, threshold, days, team_id) values (:name, :category, "
                + ":threshold, :days, :team) returning id").param("name", rule.name().strip())
                .param("category", rule.category() == null || rule.category().isBlank() ? null : rule.category().strip())
                .param("threshold", rule.threshold()).param("days", rule.days()).param("team", rule.teamId())
                .query(Long.class).single();
        return new Rule(id, rule.name(), rule.category(), rule.threshold(), rule.days(), rule.teamId());
    }

    @Transactional(readOnly = true)
    public List<Rule> rules() {
        return jdbc.sql("select id, name, category, threshold, days, team_id from alert_rules where active order by id")
                .query((rs, n) -> new Rule(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getInt(5), rs.getLong(6))).list();
    }

    /** Stops a rule; the alerts it raised stay. */
    @Transactional
    public void deactivate(long id) {
        checkAdmin();
        if (jdbc.sql("update alert_rules set active = false where id = :id and active").param("id", id).update() == 0) {
            throw KlientException.notFound("alert.notFound");
        }
    }

    private static void checkAdmin() {
        if (!CurrentUser.hasRole(Role.ADMIN)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "alert.forbidden");
        }
    }

    @Transactional(readOnly = true)
    public List<Alert> alerts() {
        return jdbc.sql("select id, rule_id, product_id, ticket_ids, created_at from ticket_alerts order by created_at desc "
                + "limit 100").query((rs, n) -> new Alert(rs.getLong(1), rs.getLong(2), (Long) rs.getObject(3),
                        List.of((Long[]) rs.getArray(4).getArray()), rs.getTimestamp(5).toInstant())).list();
    }

    /** After a ticket about a product is opened: does any rule now fire? */
    @Transactional
    public void check(long productId, String category) {
        record R(long id, String name, String category, int threshold, int days, long team) {
        }
        List<R> rules = jdbc.sql("select id, name, category, threshold, days, team_id from alert_rules where active")
                .query((rs, n) -> new R(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                        rs.getLong(6))).list();
        for (R rule : rules) {
            if (rule.category() != null && !rule.category().equalsIgnoreCase(category == null ? "" : category)) {
                continue;
            }
            List<Long> tickets = jdbc.sql("""
                    select id from tickets where product_id = :product
                      and created_at >= now() - make_interval(days => :days)
                      and (cast(:category as varchar) is null or lower(category) = lower(cast(:category as varchar)))
                    order by id""").param("product", productId).param("days", rule.days())
                    .param("category", rule.category()).query(Long.class).list();
            boolean fired = jdbc.sql("""
                    select count(*) from ticket_alerts where rule_id = :rule and product_id = :product
                      and created_at >= now() - make_interval(days => :days)""").param("rule", rule.id())
                    .param("product", productId).param("days", rule.days()).query(Long.class).single() > 0;
            if (tickets.size() >= rule.threshold() && !fired) {
                long alert = jdbc.sql("insert into ticket_alerts (rule_id, product_id, ticket_ids) values (:rule, "
                        + ":product, :tickets) returning id").param("rule", rule.id()).param("product", productId)
                        .param("tickets", tickets.toArray(Long[]::new)).query(Long.class).single();
                users.activeUsers().stream().filter(u -> u.teams().stream().anyMatch(t -> t.id() == rule.team()))
                        .forEach(u -> notifications.notify(u.id(), "TICKET_ALERT",
                                Phrase.of("notification.ticketAlert", rule.name(), tickets.size()),
                                "/tickets?alert=" + alert, null));
            }
        }
    }
}
