package app.klient.automation.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import app.klient.automation.RecordChange;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The changes the database wrote down (migration V112), as a queue: which kinds of record are watched, and the
 * oldest changes taken off it by one node at a time ({@code for update skip locked}), inside the caller's
 * transaction, so a change is gone only when what it caused has committed with it.
 */
@Component
public class ChangeQueue {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    ChangeQueue(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Makes the database write down changes to exactly these kinds of record from the next statement on. */
    @Transactional
    public void watchOnly(Collection<String> recordTypes) {
        jdbc.sql("delete from automation_watched where record_type <> all(:types)")
                .param("types", recordTypes.toArray(String[]::new)).update();
        for (String type : recordTypes) {
            jdbc.sql("insert into automation_watched (record_type) values (:type) on conflict do nothing")
                    .param("type", type).update();
        }
    }

    @Transactional(readOnly = true)
    public List<String> watched() {
        return jdbc.sql("select record_type from automation_watched order by record_type").query(String.class).list();
    }

    /** Takes up to {@code max} of the oldest changes no other node holds; they are gone if the caller commits. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<RecordChange> take(int max) {
        return jdbc.sql("""
                delete from automation_changes where id in (
                    select id from automation_changes order by id limit :max for update skip locked)
                returning id, record_type, record_id, operation, changed, before, after, depth, occurred_at""")
                .param("max", max).query(this::change).list().stream()
                .sorted(java.util.Comparator.comparingLong(RecordChange::id)).toList();
    }

    private RecordChange change(ResultSet rs, int row) throws SQLException {
        Array changed = rs.getArray("changed");
        return new RecordChange(rs.getLong("id"), rs.getString("record_type"), rs.getLong("record_id"),
                RecordChange.Operation.valueOf(rs.getString("operation")),
                changed == null ? List.of() : Arrays.asList((String[]) changed.getArray()),
                tree(rs.getString("before")), tree(rs.getString("after")), rs.getInt("depth"),
                rs.getTimestamp("occurred_at").toInstant());
    }

    private JsonNode tree(String text) {
        return text == null ? null : json.readTree(text);
    }
}
