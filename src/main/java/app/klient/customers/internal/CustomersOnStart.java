package app.klient.customers.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.identity.Role;
import app.klient.identity.StartSection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The start page's newest customers (companies and people), for marketing and read-only users. */
@Component
class CustomersOnStart implements StartSection {

    static final int SHOWN = 8;

    private final JdbcClient jdbc;

    CustomersOnStart(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A customer as a line: where it links, its name, what it is, when it came. */
    public record Line(String href, String name, String stage, Instant createdAt) {
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Part> forUser(Viewer viewer) {
        if (viewer.role() != Role.MARKETING && viewer.role() != Role.READ_ONLY) {
            return Optional.empty();
        }
        List<Line> lines = new ArrayList<>();
        jdbc.sql("select id, name, lifecycle_stage, created_at from companies order by created_at desc, id desc "
                + "limit :n").param("n", SHOWN)
                .query((rs, n) -> lines.add(new Line("/companies/" + rs.getLong("id"), rs.getString("name"),
                        rs.getString("lifecycle_stage"), rs.getTimestamp("created_at").toInstant()))).list();
        jdbc.sql("select id, coalesce(nullif(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), ''), "
                + "'—') as name, null as lifecycle_stage, created_at from contacts "
                + "order by created_at desc, id desc limit :n").param("n", SHOWN)
                .query((rs, n) -> lines.add(new Line("/contacts/" + rs.getLong("id"), rs.getString("name"),
                        rs.getString("lifecycle_stage"), rs.getTimestamp("created_at").toInstant()))).list();
        Map<String, Object> data = new HashMap<>();
        data.put("customers", lines.stream().sorted(Comparator.comparing(Line::createdAt).reversed()).limit(SHOWN)
                .toList());
        return Optional.of(new Part(30, "customers/start", "recent", data, false));
    }
}
