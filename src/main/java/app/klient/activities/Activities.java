package app.klient.activities;

import app.klient.identity.RecordKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.klient.activities.internal.Related;
import app.klient.customers.Contacts;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.identity.CurrentUser;
import app.klient.identity.OwnedRecords;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.CountedPage;
import app.klient.platform.db.Versions;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Calls, meetings, e-mails, notes and the rest, each recorded against its customer and shown on the customer card's
 * timeline. Its author, managers and administrators change it.
 */
@Service
public class Activities {

    private final JdbcClient jdbc;
    private final Related related;
    private final Users users;
    private final Contacts contacts;
    private final Timeline timeline;
    private final Versions versions;

    Activities(JdbcClient jdbc, Related related, Users users, Contacts contacts, Timeline timeline, Versions versions) {
        this.versions = versions;
        this.jdbc = jdbc;
        this.related = related;
        this.users = users;
        this.contacts = contacts;
        this.timeline = timeline;
    }

    @Transactional
    public ActivityView record(ActivityForm form) {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "activity.forbidden");
        }
        return insert(form, CurrentUser.id());
    }

    /**
     * What came in by itself (an e-mail a mailbox received): owned by {@code owner} (who looks after the customer), with
     * no author, whoever polled the mailbox or assigned the message.
     */
    @Transactional
    public ActivityView recordReceived(ActivityForm form, Long owner) {
        // the customer wrote it: it belongs to whoever looks after them, and nobody at the company "logged" it
        return insert(form, owner, null);
    }

    private ActivityView insert(ActivityForm form, Long owner) {
        return insert(form, owner, owner);
    }

    private ActivityView insert(ActivityForm form, Long owner, Long author) {
        Long company = check(form);
        Instant at = form.occurredAt() == null ? Instant.now() : form.occurredAt().toInstant();
        long id = jdbc.sql("""
                insert into activities (type, subject, body, direction, contact_id, company_id, deal_id, lead_id,
                    ticket_id, occurred_at, ends_at, duration_minutes, outcome, location, owner_id)
                values (:type, :subject, :body, :direction, :contact, :company, :deal, :lead, :ticket, :at, :ends,
                    :duration, :outcome, :location, :owner) returning id""")
                .paramSource(params(form, company, at).addValue("owner", owner)).query(Long.class).single();
        participants(id, form);
        ActivityView activity = get(id);
        if (company != null || form.contactId() != null) {
            timeline.record(TimelineRecord.coded(company, form.contactId(), "ACTIVITY_" + form.type().name(),
                    form.subject().strip(), null, "activities", id, author).at(at).withText(form.body()));
        }
        return activity;
    }

    @Transactional
    public ActivityView update(long id, ActivityForm form) {
        ActivityView activity = get(id);
        checkEdit(activity);
        Versions.check(form.version(), activity.version());
        Long company = check(form);
        Instant at = form.occurredAt() == null ? activity.occurredAt() : form.occurredAt().toInstant();
        versions.change("activities", id, form.version()).set("""
                type = :type, subject = :subject, body = :body, direction = :direction,
                contact_id = :contact, company_id = :company, deal_id = :deal, lead_id = :lead, ticket_id = :ticket,
                occurred_at = :at, ends_at = :ends, duration_minutes = :duration, outcome = :outcome,
                location = :location, updated_at = now()""").params(params(form, company, at).getValues())
                .notFound("activity.notFound").apply();
        jdbc.sql("delete from activity_participants where activity_id = :id").param("id", id).update();
        participants(id, form);
        return get(id);
    }

    /** Changing an activity and acting on it (sending a meeting's invitation): the rule of {@link OwnedRecords}. */
    public static boolean canEdit(ActivityView activity) {
        return OwnedRecords.canEdit(RecordKind.ACTIVITY, activity.id(), activity.ownerId());
    }

    public static void checkEdit(ActivityView activity) {
        if (!canEdit(activity)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "activity.forbidden");
        }
    }

    @Transactional(readOnly = true)
    public ActivityView get(long id) {
        return jdbc.sql("select a.*, u.name as owner_name from activities a left join users u on u.id = a.owner_id "
                + "where a.id = :id").param("id", id).query(this::view).optional()
                .orElseThrow(() -> KlientException.notFound("activity.notFound"));
    }

    public record Query(ActivityType type, Long ownerId, Long contactId, Long companyId, Long dealId, Instant from,
            Instant to) {
    }

    /** The list's filters as SQL over activities {@code a}, starting with " where", their values put in {@code params}. */
    static String where(Query query, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" where true");
        if (query.type() != null) {
            where.append(" and a.type = :type");
            params.put("type", query.type().name());
        }
        for (Object[] c : new Object[][] { { "a.owner_id", "owner", query.ownerId() },
                { "a.contact_id", "contact", query.contactId() }, { "a.company_id", "company", query.companyId() },
                { "a.deal_id", "deal", query.dealId() } }) {
            if (c[2] != null) {
                where.append(" and ").append(c[0]).append(" = :").append(c[1]);
                params.put((String) c[1], c[2]);
            }
        }
        if (query.from() != null) {
            where.append(" and a.occurred_at >= :from");
            params.put("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            where.append(" and a.occurred_at < :to");
            params.put("to", Timestamp.from(query.to()));
        }
        return where.toString();
    }

    @Transactional(readOnly = true)
    public CountedPage<ActivityView> list(Query query, Pageable page) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(query, params);
        Map<String, Object> paged = new LinkedHashMap<>(params);
        paged.put("limit", page.getPageSize());
        paged.put("offset", page.getOffset());
        List<ActivityView> rows = jdbc.sql("select a.*, u.name as owner_name from activities a left join users u on "
                + "u.id = a.owner_id" + where + " order by a.occurred_at desc, a.id desc limit :limit offset :offset")
                .params(paged).query(this::view).list();
        return CountedPage.of(rows, page, jdbc, "from activities a" + where, params);
    }

    /** The meetings a person has (owns or takes part in) between two moments, earliest first. */
    @Transactional(readOnly = true)
    public List<ActivityView> meetingsOf(long userId, Instant from, Instant to) {
        return jdbc.sql("""
                select a.*, u.name as owner_name from activities a left join users u on u.id = a.owner_id
                where a.type = 'MEETING' and a.occurred_at >= :from and a.occurred_at < :to
                  and (a.owner_id = :user or exists (select 1 from activity_participants p
                                                      where p.activity_id = a.id and p.user_id = :user))
                order by a.occurred_at, a.id limit 500""").param("user", userId)
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).query(this::view).list();
    }

    private Long check(ActivityForm form) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        Long company = related.check(form.contactId(), form.companyId(), form.dealId(), form.leadId(),
                form.ticketId(), errors);
        if (form.type() == ActivityType.MEETING && form.occurredAt() == null) {
            errors.add("occurredAt", "activity.meetingTime");
        }
        if (form.participantUserIds() != null && form.participantUserIds().stream()
                .anyMatch(u -> u == null || !users.isActive(u))) {
            errors.add("participantUserIds", "customer.owner.invalid");
        }
        if (form.participantContactIds() != null && form.participantContactIds().stream()
                .anyMatch(c -> c == null || !contacts.exists(c))) {
            errors.add("participantContactIds", "contact.notFound");
        }
        if (form.occurredAt() != null && (form.occurredAt().getYear() < 2000 || form.occurredAt().getYear() > 2200)) {
            errors.add("occurredAt", "task.dueAt.invalid");
        }
        errors.throwIfAny();
        return company;
    }

    private static org.springframework.jdbc.core.namedparam.MapSqlParameterSource params(ActivityForm form,
            Long company, Instant at) {
        Instant ends = form.durationMinutes() == null ? null : at.plusSeconds(60L * form.durationMinutes());
        return new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                .addValue("type", form.type().name()).addValue("subject", form.subject().strip())
                .addValue("body", blank(form.body())).addValue("direction", form.direction() == null ? null
                        : form.direction().name())
                .addValue("contact", form.contactId()).addValue("company", company).addValue("deal", form.dealId())
                .addValue("lead", form.leadId()).addValue("ticket", form.ticketId())
                .addValue("at", Timestamp.from(at)).addValue("ends", ends == null ? null : Timestamp.from(ends))
                .addValue("duration", form.durationMinutes()).addValue("outcome", blank(form.outcome()))
                .addValue("location", blank(form.location()));
    }

    private void participants(long id, ActivityForm form) {
        if (form.participantUserIds() != null) {
            form.participantUserIds().stream().distinct().forEach(u -> jdbc.sql(
                    "insert into activity_participants (activity_id, user_id) values (:id, :user) on conflict do nothing")
                    .param("id", id).param("user", u).update());
        }
        if (form.participantContactIds() != null) {
            form.participantContactIds().stream().distinct().forEach(c -> jdbc.sql(
                    "insert into activity_participants (activity_id, contact_id) values (:id, :c) on conflict do nothing")
                    .param("id", id).param("c", c).update());
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private ActivityView view(ResultSet rs, int n) throws SQLException {
        long id = rs.getLong("id");
        List<Long> people = jdbc.sql("select user_id from activity_participants where activity_id = :id and user_id "
                + "is not null order by user_id").param("id", id).query(Long.class).list();
        List<Long> guests = jdbc.sql("select contact_id from activity_participants where activity_id = :id and "
                + "contact_id is not null order by contact_id").param("id", id).query(Long.class).list();
        String direction = rs.getString("direction");
        return new ActivityView(id, ActivityType.valueOf(rs.getString("type")), rs.getString("subject"),
                rs.getString("body"), direction == null ? null : Direction.valueOf(direction),
                (Long) rs.getObject("contact_id"), (Long) rs.getObject("company_id"), (Long) rs.getObject("deal_id"),
                (Long) rs.getObject("lead_id"), (Long) rs.getObject("ticket_id"),
                rs.getTimestamp("occurred_at").toInstant(), Tasks.instant(rs, "ends_at"),
                (Integer) rs.getObject("duration_minutes"), rs.getString("outcome"), rs.getString("location"),
                (Long) rs.getObject("owner_id"), rs.getString("owner_name"), people, guests,
                rs.getTimestamp("created_at").toInstant(), rs.getInt("version"));
    }
}
