package app.klient.customers;

import java.util.List;

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
 * When someone leaves or changes territory: every company and contact they own goes to a colleague in one
 * set-based statement per table, and each moved record gets its line in the audit log (and so on its card).
 */
@Service
public class Handover {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Users users;

    Handover(JdbcClient jdbc, AuditLog audit, Users users) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.users = users;
    }

    public record Result(int companies, int contacts) {
    }

    @Transactional
    public Result handOver(long fromUserId, long toUserId) {
        if (!CustomerAccess.canReassignAnyone()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "customer.forbidden");
        }
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (fromUserId == toUserId) {
            errors.add("toUserId", "handover.same");
        }
        users.ownerProblem(toUserId).ifPresent(key -> errors.add("toUserId", key));
        errors.throwIfAny();
        List<FieldChange> change = List.of(new FieldChange("ownerId", String.valueOf(fromUserId),
                String.valueOf(toUserId)));
        List<Long> companies = move("companies", fromUserId, toUserId);
        List<Long> contacts = move("contacts", fromUserId, toUserId);
        audit.recordForEach(AuditAction.HANDOVER, "company", companies, null, change);
        audit.recordForEach(AuditAction.HANDOVER, "contact", contacts, null, change);
        audit.record(AuditAction.HANDOVER, "user", fromUserId,
                "companies: " + companies.size() + ", contacts: " + contacts.size() + ", to user " + toUserId,
                change, java.util.Optional.empty());
        return new Result(companies.size(), contacts.size());
    }

    private List<Long> move(String table, long from, long to) {
        return jdbc.sql("update " + table + " set owner_id = :to, updated_at = now(), version = version + 1 "
                + "where owner_id = :from returning id").param("to", to).param("from", from).query(Long.class).list();
    }
}
