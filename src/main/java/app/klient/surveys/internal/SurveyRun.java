package app.klient.surveys.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import app.klient.marketing.Segments;
import app.klient.service.TicketResolved;
import app.klient.surveys.SurveyTrigger;
import app.klient.surveys.SurveyView;
import app.klient.surveys.Surveys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends what the switched-on surveys have to send. A ticket resolved asks at once, in the transaction that resolved
 * it, when its survey waits no days; everything else — the days a survey waits after its event, orders delivered,
 * purchases, deals won, a segment's members — is found by this job, a batch at a time, each batch in a transaction
 * under an advisory lock per survey, so one node at a time works on a survey. The occasions' unique key is the promise
 * that nobody is asked twice for one occasion, and the segment's place is kept with each batch: a stopped node's work
 * is simply done again, or carried on, by the next run.
 */
@Component
public class SurveyRun {

    private static final Logger log = LoggerFactory.getLogger(SurveyRun.class);
    private static final int BATCH = 200;
    /** How far back an event is still caught up with (a node that was down for a week). */
    private static final Duration CATCH_UP = Duration.ofDays(14);
    private static final long LOCK_SPACE = 0x53757252L; // "SurR"

    private final JdbcClient jdbc;
    private final Surveys surveys;
    private final Invitations invitations;
    private final Segments segments;
    private final TransactionTemplate transaction;

    SurveyRun(JdbcClient jdbc, Surveys surveys, Invitations invitations, Segments segments,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.surveys = surveys;
        this.invitations = invitations;
        this.segments = segments;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** The customer of a resolved ticket is asked at once by each survey that waits no days. */
    @EventListener
    void on(TicketResolved resolved) {
        for (SurveyView survey : surveys.active(SurveyTrigger.TICKET_RESOLVED)) {
            if (survey.delayDays() == 0) {
                tickets(survey, "t.id = :ticket", resolved.ticketId(), null, null).forEach(o -> invitations.offer(survey, o));
            }
        }
    }

    @Scheduled(fixedDelayString = "${klient.surveys.every:PT5M}", initialDelayString = "PT1M")
    void scheduled() {
        try {
            runAll();
        }
        catch (RuntimeException e) {
            log.warn("surveys: a run failed, the next one tries again", e);
        }
    }

    /** Every switched-on survey once; answers how many people were invited. */
    public int runAll() {
        int invited = 0;
        for (SurveyTrigger trigger : SurveyTrigger.values()) {
            if (trigger == SurveyTrigger.MANUAL) {
                continue;
            }
            for (SurveyView survey : surveys.active(trigger)) {
                invited += run(survey.id());
            }
        }
        return invited;
    }

    /** One survey: its due occasions (or its segment's next members), a batch at a time. */
    public int run(long surveyId) {
        int invited = 0;
        while (true) {
            Batch batch = transaction.execute(status -> {
                Boolean mine = jdbc.sql("select pg_try_advisory_xact_lock(:space, :id)")
                        .param("space", (int) LOCK_SPACE).param("id", (int) surveyId).query(Boolean.class).single();
                if (!Boolean.TRUE.equals(mine)) {
                    return null;
                }
                SurveyView survey = surveys.get(surveyId);
                if (!survey.active()) {
                    return null;
                }
                return survey.trigger() == SurveyTrigger.SEGMENT ? segment(survey) : events(survey);
            });
            if (batch == null) {
                break;
            }
            invited += batch.invited();
            if (!batch.more()) {
                break;
            }
        }
        return invited;
    }

    /** How many were invited, and whether there may be more now. */
    private record Batch(int invited, boolean more) {
    }

    private Batch events(SurveyView survey) {
        Instant until = Instant.now().minus(Duration.ofDays(survey.delayDays()));
        // an event from before the survey existed is not its occasion: a new survey does not ask last month's buyers
        Instant from = until.minus(CATCH_UP);
        if (survey.createdAt() != null && from.isBefore(survey.createdAt())) {
            from = survey.createdAt();
        }
        if (!from.isBefore(until)) {
            return new Batch(0, false);
        }
        var window = window(survey, from, until);
        // each source reads only occasions the survey has not met, so every batch is the next one
        List<Invitations.Occasion> due = switch (survey.trigger()) {
            case TICKET_RESOLVED -> tickets(survey, "t.resolved_at >= :from and t.resolved_at < :until", null, from,
                    until);
            case ORDER_DELIVERED -> jdbc.sql("""
                    select o.id, o.number, o.contact_id, o.company_id, o.owner_id from orders o
                    where o.status = 'FULFILLED' and o.fulfilled_at >= :from and o.fulfilled_at < :until
                      and o.contact_id is not null and not exists (select 1 from survey_occasions x
                          where x.survey_id = :survey and x.cause_kind = 'ORDER' and x.cause_id = o.id)
                    order by o.id limit :limit""").params(window)
                    .query((rs, n) -> new Invitations.Occasion("ORDER", rs.getLong(1), rs.getLong(3),
                            rs.getObject(4, Long.class), null, rs.getObject(5, Long.class), null, rs.getString(2),
                            null)).list();
            case AFTER_PURCHASE -> purchases(window);
            case DEAL_WON -> deals(window);
            default -> List.of();
        };
        int invited = 0;
        for (Invitations.Occasion occasion : due) {
            invited += invitations.offer(survey, occasion).filter(o -> o == Invitations.Outcome.INVITED).isPresent()
                    ? 1 : 0;
        }
        return new Batch(invited, due.size() >= BATCH);
    }

    /** The next members of a started segment; its place is kept in the same transaction as their invitations. */
    private Batch segment(SurveyView survey) {
        if (survey.segmentStartedAt() == null || survey.segmentDoneAt() != null) {
            return null;
        }
        long after = jdbc.sql("select segment_after from surveys where id = :id for update").param("id", survey.id())
                .query(Long.class).single();
        List<Long> members = segments.members(survey.segmentId(), after, BATCH);
        int invited = 0;
        for (long contact : members) {
            invited += invitations.offer(survey, new Invitations.Occasion("SEGMENT", survey.segmentId(), contact,
                    null, null, null, null, survey.segmentName(), null))
                    .filter(o -> o == Invitations.Outcome.INVITED).isPresent() ? 1 : 0;
        }
        boolean done = members.size() < BATCH;
        jdbc.sql("""
                update surveys set segment_after = :after,
                    segment_done_at = case when :done then now() else segment_done_at end where id = :id""")
                .param("after", members.isEmpty() ? after : members.get(members.size() - 1)).param("done", done)
                .param("id", survey.id()).update();
        return new Batch(invited, !done);
    }

    /** Resolved tickets with someone to ask: the contact, or the address the request came from. */
    private List<Invitations.Occasion> tickets(SurveyView survey, String condition, Long ticket, Instant from,
            Instant until) {
        var params = window(survey, from, until);
        params.put("ticket", ticket);
        return jdbc.sql("""
                select t.id, t.number, t.contact_id, t.company_id, t.requester_email, t.assignee_id, t.team_id,
                       t.message_id
                from tickets t
                where t.status in ('RESOLVED', 'CLOSED') and (t.contact_id is not null or t.requester_email is not null)
                  and not exists (select 1 from survey_occasions x
                      where x.survey_id = :survey and x.cause_kind = 'TICKET' and x.cause_id = t.id) and %s
                order by t.id limit :limit""".formatted(condition)).params(params)
                .query((rs, n) -> new Invitations.Occasion("TICKET", rs.getLong(1), rs.getObject(3, Long.class),
                        rs.getObject(4, Long.class), rs.getString(5), rs.getObject(6, Long.class),
                        rs.getObject(7, Long.class), rs.getString(2), rs.getString(8)))
                .list();
    }

    /** Purchases: an order that was not cancelled, or an invoice issued without an order (the same rule as billing). */
    private List<Invitations.Occasion> purchases(java.util.Map<String, Object> window) {
        List<Invitations.Occasion> due = new java.util.ArrayList<>(jdbc.sql("""
                select o.id, o.number, o.contact_id, o.company_id, o.owner_id from orders o
                where o.status <> 'CANCELLED' and o.ordered_at >= :from and o.ordered_at < :until
                  and o.contact_id is not null and not exists (select 1 from survey_occasions x
                      where x.survey_id = :survey and x.cause_kind = 'ORDER' and x.cause_id = o.id)
                order by o.id limit :limit""").params(window)
                .query((rs, n) -> new Invitations.Occasion("ORDER", rs.getLong(1), rs.getLong(3),
                        rs.getObject(4, Long.class), null, rs.getObject(5, Long.class), null, rs.getString(2), null))
                .list());
        if (due.size() < BATCH) {
            var rest = new java.util.HashMap<>(window);
            rest.put("limit", BATCH - due.size());
            due.addAll(jdbc.sql("""
                    select i.id, i.number, i.contact_id, i.company_id, i.owner_id from invoices i
                    where i.kind = 'INVOICE' and i.order_id is null and i.contact_id is not null
                      and i.issue_date >= cast(:from as date) and i.issue_date < cast(:until as date)
                      and not exists (select 1 from survey_occasions x
                          where x.survey_id = :survey and x.cause_kind = 'INVOICE' and x.cause_id = i.id)
                    order by i.id limit :limit""").params(rest)
                    .query((rs, n) -> new Invitations.Occasion("INVOICE", rs.getLong(1), rs.getLong(3),
                            rs.getObject(4, Long.class), null, rs.getObject(5, Long.class), null, rs.getString(2),
                            null))
                    .list());
        }
        return due;
    }

    /** Deals won: each of the deal's people is asked (the survey's quiet period keeps a person to one). */
    private List<Invitations.Occasion> deals(java.util.Map<String, Object> window) {
        return jdbc.sql("""
                select d.id, d.name, dc.contact_id, d.company_id, d.owner_id, d.team_id
                from (select * from deals where status = 'WON' and closed_at >= :from and closed_at < :until
                        and not exists (select 1 from survey_occasions x
                            where x.survey_id = :survey and x.cause_kind = 'DEAL' and x.cause_id = deals.id)
                        and exists (select 1 from deal_contacts p where p.deal_id = deals.id)
                        order by id limit :limit) d
                join deal_contacts dc on dc.deal_id = d.id
                order by d.id, dc.contact_id""").params(window)
                .query((rs, n) -> new Invitations.Occasion("DEAL", rs.getLong(1), rs.getLong(3),
                        rs.getObject(4, Long.class), null, rs.getObject(5, Long.class), rs.getObject(6, Long.class),
                        rs.getString(2), null))
                .list();
    }

    private static java.util.Map<String, Object> window(SurveyView survey, Instant from, Instant until) {
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("survey", survey.id());
        params.put("from", from == null ? null : Timestamp.from(from));
        params.put("until", until == null ? null : Timestamp.from(until));
        params.put("limit", BATCH);
        return params;
    }
}
