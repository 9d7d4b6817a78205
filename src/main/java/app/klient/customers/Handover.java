package app.klient.customers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.customers.internal.CustomerAccess;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * When someone leaves or changes territory: everything open they own goes to a colleague in one transaction — their
 * companies and contacts here, and through each module's {@link HandoverParticipant} their open deals and leads,
 * open tasks and open tickets. A preview first says what would move. Each moved record gets its line in the audit
 * log (and so in its history) and a new version, so an edit begun before the handover is refused as stale.
 */
@Service
public class Handover {

    private static final int EXAMPLES = 3;

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Users users;
    private final List<HandoverParticipant> participants;

    Handover(JdbcClient jdbc, AuditLog audit, Users users, List<HandoverParticipant> participants) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.users = users;
        this.participants = participants;
    }

    /** What moved, by kind in the preview's order ({@code company}, {@code contact}, {@code deal}...). */
    public record Result(int companies, int contacts, Map<String, Integer> moved) {
    }

    /** What a handover from this person would move now, by kind; kinds with nothing to move are left out. */
    @Transactional(readOnly = true)
    public List<HandoverParticipant.Part> preview(Long fromUserId) {
        checkAllowed();
        if (fromUserId == null) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("fromUserId", "handover.choose")));
        }
        List<HandoverParticipant.Part> parts = new ArrayList<>();
        part("company", "select name from companies where owner_id = :from order by name, id",
                "select count(*) from companies where owner_id = :from", fromUserId, parts);
        part("contact", """
                select trim(coalesce(first_name, '') || ' ' || last_name) from contacts where owner_id = :from
                order by last_name, id""", "select count(*) from contacts where owner_id = :from", fromUserId, parts);
        participants.forEach(p -> p.preview(fromUserId).stream().filter(part -> part.count() > 0)
                .forEach(parts::add));
        return parts;
    }

    @Transactional
    public Result handOver(long fromUserId, long toUserId) {
        checkAllowed();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (fromUserId == toUserId) {
            errors.add("toUserId", "handover.same");
        }
        users.ownerProblem(toUserId).ifPresent(key -> errors.add("toUserId", key));
        errors.throwIfAny();
        List<HandoverParticipant.Moved> moved = new ArrayList<>();
        moved.add(new HandoverParticipant.Moved("company", "company", "ownerId", move("companies", fromUserId,
                toUserId)));
        moved.add(new HandoverParticipant.Moved("contact", "contact", "ownerId", move("contacts", fromUserId,
                toUserId)));
        participants.forEach(p -> moved.addAll(p.handOver(fromUserId, toUserId)));
        Map<String, Integer> counts = new LinkedHashMap<>();
        StringBuilder summary = new StringBuilder();
        for (HandoverParticipant.Moved m : moved) {
            // one line per record, in that record's own history: an auditor reads on the deal who took it and when
            audit.recordForEach(AuditAction.HANDOVER, m.auditType(), m.ids(), null, List.of(
                    new FieldChange(m.field(), String.valueOf(fromUserId), String.valueOf(toUserId))));
            counts.merge(m.kind(), m.ids().size(), Integer::sum);
            summary.append(summary.isEmpty() ? "" : ", ").append(m.kind()).append(": ").append(m.ids().size());
        }
        audit.record(AuditAction.HANDOVER, "user", fromUserId, summary + ", to user " + toUserId,
                List.of(new FieldChange("ownerId", String.valueOf(fromUserId), String.valueOf(toUserId))),
                java.util.Optional.empty());
        return new Result(counts.get("company"), counts.get("contact"), counts);
    }

    private static void checkAllowed() {
        if (!CustomerAccess.canReassignAnyone()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "customer.forbidden");
        }
    }

    private void part(String kind, String names, String count, long from, List<HandoverParticipant.Part> parts) {
        int n = jdbc.sql(count).param("from", from).query(Integer.class).single();
        if (n > 0) {
            parts.add(new HandoverParticipant.Part(kind, n, jdbc.sql(names + " limit " + EXAMPLES)
                    .param("from", from).query(String.class).list()));
        }
    }

    private List<Long> move(String table, long from, long to) {
        return jdbc.sql("update " + table + " set owner_id = :to, updated_at = now(), version = version + 1 "
                + "where owner_id = :from returning id").param("to", to).param("from", from).query(Long.class).list();
    }
}
