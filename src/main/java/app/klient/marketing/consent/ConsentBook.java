package app.klient.marketing.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import app.klient.identity.Permission;
import app.klient.identity.Users;
import app.klient.marketing.Consents;
import app.klient.platform.KlientException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading consents (a contact's history and current states) and keeping the suppression list. */
@Service
public class ConsentBook {

    /** One row of the history: what was agreed to or withdrawn, where, by whom, when, in which words. */
    public record ConsentEntry(long id, Long contactId, Long leadId, String address, long purposeId, String purposeKey,
            String channel, String state, String source, String sourceDetail, Long byUserId, String byUser,
            String ipAddress, String wording, String language, Instant at) {
    }

    /** The latest consent of a contact for a purpose on a channel. */
    public record ConsentStateView(long purposeId, String channel, String state, Instant since) {
    }

    /** An address on the suppression list. */
    public record SuppressionView(String address, String reason, String detail, Long byUserId, Instant at) {
    }

    private final JdbcClient jdbc;
    private final Users users;
    private final Consents consents;
    private final app.klient.audit.AuditLog audit;

    ConsentBook(JdbcClient jdbc, Users users, Consents consents, app.klient.audit.AuditLog audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.users = users;
        this.consents = consents;
    }

    /** The history of a contact or of an address, newest first. */
    @Transactional(readOnly = true)
    public Page<ConsentEntry> history(Long contactId, String address, Pageable page) {
        String where;
        Object value;
        if (contactId != null) {
            where = "contact_id = :v";
            value = contactId;
        }
        else if (address != null && !address.isBlank() && address.length() <= 320) {
            where = "lower(address) = :v";
            value = address.strip().toLowerCase(java.util.Locale.ROOT);
        }
        else {
            throw KlientException.invalid("consent.filterNeeded");
        }
        long total = jdbc.sql("select count(*) from consents where " + where).param("v", value).query(Long.class)
                .single();
        List<ConsentEntry> rows = jdbc.sql("""
                select c.*, p.key as purpose_key from consents c join consent_purposes p on p.id = c.purpose_id
                where\s""" + where + " order by c.id desc limit :limit offset :offset")
                .param("v", value).param("limit", page.getPageSize()).param("offset", page.getOffset())
                .query((rs, n) -> new ConsentEntry(rs.getLong("id"), (Long) rs.getObject("contact_id"),
                        (Long) rs.getObject("lead_id"), rs.getString("address"), rs.getLong("purpose_id"),
                        rs.getString("purpose_key"), rs.getString("channel"), rs.getString("state"),
                        rs.getString("source"), rs.getString("source_detail"), (Long) rs.getObject("by_user_id"),
                        null, rs.getString("ip_address"), rs.getString("wording"), rs.getString("language"),
                        rs.getTimestamp("at").toInstant()))
                .list();
        Set<Long> ids = new HashSet<>();
        rows.forEach(r -> {
            if (r.byUserId() != null) {
                ids.add(r.byUserId());
            }
        });
        Map<Long, String> names = ids.isEmpty() ? Map.of() : users.names(ids);
        List<ConsentEntry> named = new ArrayList<>();
        for (ConsentEntry r : rows) {
            named.add(new ConsentEntry(r.id(), r.contactId(), r.leadId(), r.address(), r.purposeId(), r.purposeKey(),
                    r.channel(), r.state(), r.source(), r.sourceDetail(), r.byUserId(),
                    r.byUserId() == null ? null : names.get(r.byUserId()), r.ipAddress(), r.wording(), r.language(),
                    r.at()));
        }
        return new PageImpl<>(named, page, total);
    }

    @Transactional(readOnly = true)
    public List<ConsentStateView> current(long contactId) {
        return jdbc.sql("""
                select purpose_id, channel, state, since from consent_states where contact_id = :c
                order by purpose_id, channel""").param("c", contactId)
                .query((rs, n) -> new ConsentStateView(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant())).list();
    }

    @Transactional(readOnly = true)
    public Page<SuppressionView> suppressions(String search, Pageable page) {
        String like = search == null || search.isBlank() ? null
                : "%" + search.strip().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                        .replace("_", "\\_") + "%";
        String where = like == null ? "" : " where address like :like";
        var count = jdbc.sql("select count(*) from suppressions" + where);
        var list = jdbc.sql("select * from suppressions" + where
                + " order by at desc, address limit :limit offset :offset");
        if (like != null) {
            count = count.param("like", like);
            list = list.param("like", like);
        }
        long total = count.query(Long.class).single();
        List<SuppressionView> rows = list.param("limit", page.getPageSize()).param("offset", page.getOffset())
                .query((rs, n) -> suppression(rs)).list();
        return new PageImpl<>(rows, page, total);
    }

    @Transactional(readOnly = true)
    public SuppressionView suppression(String address) {
        String normal = Consents.normalAddress(address);
        if (normal == null) {
            throw KlientException.notFound("consent.suppression.notFound");
        }
        return jdbc.sql("select * from suppressions where address = :a").param("a", normal)
                .query((rs, n) -> suppression(rs)).optional()
                .orElseThrow(() -> KlientException.notFound("consent.suppression.notFound"));
    }

    /** The marketer puts an address on the list by hand. */
    @Transactional
    public SuppressionView suppressByHand(String address, String detail) {
        Permission.MARKETING.check();
        String normal = Consents.normalAddress(address);
        if (normal == null || !normal.matches("[^@\\s<>\\x00-\\x1f]+@[^@\\s<>\\x00-\\x1f]+")) {
            throw new app.klient.platform.InvalidFields(List.of(
                    new app.klient.platform.InvalidFields.FieldError("address", "consent.suppression.address")));
        }
        if (detail != null && detail.length() > 500) {
            throw new app.klient.platform.InvalidFields(List.of(
                    new app.klient.platform.InvalidFields.FieldError("detail", "error.tooLong", 500)));
        }
        if (consents.suppress(normal, Consents.SuppressionReason.MANUAL, detail == null ? null : detail.strip())) {
            audit.record(app.klient.audit.AuditAction.CREATE, "suppression", normal, detail, List.of());
        }
        return suppression(normal);
    }

    /** Takes an address off the list (the person asked to hear from the company again, say). */
    @Transactional
    public void unsuppress(String address) {
        Permission.MARKETING.check();
        String normal = Consents.normalAddress(address);
        int rows = normal == null ? 0
                : jdbc.sql("delete from suppressions where address = :a").param("a", normal).update();
        if (rows == 0) {
            throw KlientException.notFound("consent.suppression.notFound");
        }
        audit.record(app.klient.audit.AuditAction.DELETE, "suppression", normal, null, List.of());
    }

    private static SuppressionView suppression(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new SuppressionView(rs.getString("address"), rs.getString("reason"), rs.getString("detail"),
                (Long) rs.getObject("by_user_id"), rs.getTimestamp("at").toInstant());
    }
}
