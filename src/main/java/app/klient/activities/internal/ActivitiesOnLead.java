package app.klient.activities.internal;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.customers.CardSection.Part;
import app.klient.sales.LeadSection;
import app.klient.sales.LeadView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What was said with a lead before it became a customer — a chat's transcript, a call, a note — on the lead page,
 * the newest first; at conversion these stay with the lead's activities.
 */
@Component
class ActivitiesOnLead implements LeadSection {

    static final int SHOWN = 20;

    private final JdbcClient jdbc;

    ActivitiesOnLead(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record LeadActivity(long id, String type, String subject, String body, String direction,
            java.time.Instant occurredAt, String ownerName) {
    }

    @Override
    public Optional<Part> forLead(LeadView lead) {
        List<LeadActivity> said = jdbc.sql("""
                select a.id, a.type, a.subject, a.body, a.direction, a.occurred_at, u.name as owner_name
                from activities a left join users u on u.id = a.owner_id
                where a.lead_id = :lead order by a.occurred_at desc, a.id desc limit :shown""")
                .param("lead", lead.id()).param("shown", SHOWN)
                .query((rs, n) -> new LeadActivity(rs.getLong("id"), rs.getString("type"), rs.getString("subject"),
                        rs.getString("body"), rs.getString("direction"),
                        ((Timestamp) rs.getObject("occurred_at")).toInstant(), rs.getString("owner_name"))).list();
        return said.isEmpty() ? Optional.empty()
                : Optional.of(new Part(10, "activities/lead", "activities", Map.of("activities", said)));
    }
}
