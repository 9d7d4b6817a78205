package app.klient.sales;

import java.util.List;
import java.util.Map;

import app.klient.platform.InvalidFields;
import app.klient.platform.SearchText;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lead scoring by the administrator's rules. The score is the sum of the points of every field rule the lead meets
 * and of every event rule times the number of such events; it is stored on the lead so lists sort by it.
 */
@Service
public class LeadScoring {

    private final JdbcClient jdbc;

    LeadScoring(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The score of a lead with these field values and event counts under these rules. */
    public static int score(List<ScoringRule> rules, Map<String, String> fields, Map<LeadEventKind, Integer> events) {
        int score = 0;
        for (ScoringRule rule : rules) {
            if (Boolean.FALSE.equals(rule.active())) {
                continue;
            }
            if ("EVENT".equals(rule.kind())) {
                score += rule.points() * events.getOrDefault(rule.event(), 0);
                continue;
            }
            String value = fields.get(rule.field());
            boolean present = value != null && !value.isBlank();
            boolean matches = switch (rule.operator()) {
                case "PRESENT" -> present;
                case "EQUALS" -> present && rule.value() != null
                        && SearchText.fold(value.strip()).equals(SearchText.fold(rule.value().strip()));
                case "CONTAINS" -> present && rule.value() != null && !rule.value().isBlank()
                        && SearchText.fold(value).contains(SearchText.fold(rule.value().strip()));
                default -> false;
            };
            if (matches) {
                score += rule.points();
            }
        }
        return score;
    }

    @Transactional(readOnly = true)
    public List<ScoringRule> rules() {
        return jdbc.sql("select * from lead_scoring_rules order by id").query((rs, n) -> new ScoringRule(
                rs.getLong("id"), rs.getString("name"), rs.getString("kind"), rs.getString("field"),
                rs.getString("operator"), rs.getString("value"),
                rs.getString("event") == null ? null : LeadEventKind.valueOf(rs.getString("event")),
                rs.getInt("points"), rs.getBoolean("active"))).list();
    }

    @Transactional
    public ScoringRule define(ScoringRule rule) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if ("FIELD".equals(rule.kind()) && (rule.field() == null || rule.operator() == null)) {
            errors.add("field", "scoring.fieldRule");
        }
        if ("FIELD".equals(rule.kind()) && !"PRESENT".equals(rule.operator())
                && (rule.value() == null || rule.value().isBlank())) {
            errors.add("value", "scoring.value");
        }
        if ("EVENT".equals(rule.kind()) && rule.event() == null) {
            errors.add("event", "scoring.eventRule");
        }
        errors.throwIfAny();
        boolean field = "FIELD".equals(rule.kind());
        long id = jdbc.sql("""
                insert into lead_scoring_rules (name, kind, field, operator, value, event, points, active)
                values (:name, :kind, :field, :operator, :value, :event, :points, :active) returning id""")
                .param("name", rule.name().strip()).param("kind", rule.kind())
                .param("field", field ? rule.field() : null).param("operator", field ? rule.operator() : null)
                .param("value", field ? rule.value() : null)
                .param("event", field || rule.event() == null ? null : rule.event().name())
                .param("points", rule.points()).param("active", !Boolean.FALSE.equals(rule.active()))
                .query(Long.class).single();
        return new ScoringRule(id, rule.name().strip(), rule.kind(), field ? rule.field() : null,
                field ? rule.operator() : null, field ? rule.value() : null, field ? null : rule.event(),
                rule.points(), !Boolean.FALSE.equals(rule.active()));
    }

    @Transactional
    public void retire(long id) {
        jdbc.sql("update lead_scoring_rules set active = false, version = version + 1 where id = :id")
                .param("id", id).update();
    }
}
