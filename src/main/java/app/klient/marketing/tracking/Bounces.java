package app.klient.marketing.tracking;

import java.util.Optional;

import app.klient.customers.Contacts;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.mail.DeliveryReport;
import app.klient.marketing.Consents;
import app.klient.platform.Phrase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the suppression list by what mail systems report: a hard bounce (5.x.x) suppresses the address at once, a
 * soft one (4.x.x) after three in a row (a message shown to be delivered — reported, opened or clicked — ends the
 * streak), and a complaint (a feedback report) suppresses the address and withdraws every marketing consent. The
 * message reported on is found by its Message-ID among what campaigns sent; a report from the bounce mailbox that
 * quotes none is matched by the address alone.
 */
@Component
class Bounces {

    private static final Logger log = LoggerFactory.getLogger(Bounces.class);
    static final int SOFT_IN_A_ROW = 3;

    private final JdbcClient jdbc;
    private final Consents consents;
    private final Contacts contacts;
    private final Timeline timeline;

    Bounces(JdbcClient jdbc, Consents consents, Contacts contacts, Timeline timeline) {
        this.jdbc = jdbc;
        this.consents = consents;
        this.contacts = contacts;
        this.timeline = timeline;
    }

    /** The message a campaign sent, as the report names it. */
    record Sent(long campaignId, long contactId, String address) {
    }

    @ApplicationModuleListener
    void reported(DeliveryReport report) {
        Optional<Sent> sent = Optional.ofNullable(report.originalMessageId()).flatMap(this::sent);
        if (sent.isEmpty() && !"BOUNCES".equals(report.mailboxPurpose())) {
            // a report about a salesperson's own mail, not a marketing message: not ours to act on
            return;
        }
        for (DeliveryReport.Recipient recipient : report.recipients()) {
            Optional<Sent> message = sent.filter(s -> s.address() == null
                    || s.address().equalsIgnoreCase(recipient.address()) || report.recipients().size() == 1);
            String address = message.map(Sent::address).filter(a -> a != null && !a.isBlank())
                    .orElse(recipient.address()).toLowerCase(java.util.Locale.ROOT);
            if (report.kind() == DeliveryReport.Kind.COMPLAINT) {
                complained(address, message, report);
            }
            else if (recipient.permanent()) {
                bounced(address, message, recipient);
            }
            else if (recipient.temporary()) {
                softBounced(address, message, recipient);
            }
            else if (recipient.delivered()) {
                jdbc.sql("delete from soft_bounces where address = :address").param("address", address).update();
            }
        }
    }

    private Optional<Sent> sent(String messageId) {
        return jdbc.sql("""
                select campaign_id, contact_id, lower(address) from campaign_recipients where message_id = :id
                limit 1""").param("id", messageId)
                .query((rs, n) -> new Sent(rs.getLong(1), rs.getLong(2), rs.getString(3))).optional();
    }

    private void bounced(String address, Optional<Sent> message, DeliveryReport.Recipient recipient) {
        String detail = detail(recipient);
        consents.suppress(address, Consents.SuppressionReason.HARD_BOUNCE, detail);
        jdbc.sql("delete from soft_bounces where address = :address").param("address", address).update();
        event(message, "HARD_BOUNCE", detail);
        message.ifPresent(m -> {
            jdbc.sql("update campaign_recipients set state = 'BOUNCED' where campaign_id = :c and contact_id = :k")
                    .param("c", m.campaignId()).param("k", m.contactId()).update();
            entry(m, "CAMPAIGN_BOUNCED", Phrase.of("tracking.timeline.bounced", recipient.status() == null ? "5.0.0"
                    : recipient.status()));
        });
        log.info("Hard bounce: {} suppressed ({})", address, recipient.status());
    }

    private void softBounced(String address, Optional<Sent> message, DeliveryReport.Recipient recipient) {
        int inARow = jdbc.sql("""
                insert into soft_bounces (address, in_a_row, last_at) values (:address, 1, now())
                on conflict (address) do update set in_a_row = soft_bounces.in_a_row + 1, last_at = now()
                returning in_a_row""").param("address", address).query(Integer.class).single();
        String detail = detail(recipient);
        event(message, "SOFT_BOUNCE", detail);
        if (inARow >= SOFT_IN_A_ROW && consents.suppress(address, Consents.SuppressionReason.SOFT_BOUNCES, inARow + "× " + detail)) {
            message.ifPresent(m -> entry(m, "CAMPAIGN_BOUNCED", Phrase.of("tracking.timeline.softBounced", inARow)));
            log.info("Soft bounces: {} suppressed after {} in a row", address, inARow);
        }
    }

    private void complained(String address, Optional<Sent> message, DeliveryReport report) {
        consents.suppress(address, Consents.SuppressionReason.COMPLAINT, "feedback-type: " + report.feedbackType());
        Optional<Long> contact = message.map(Sent::contactId).or(() -> contacts.findByEmail(address));
        contact.ifPresent(id -> consents.withdrawAll(id, Consents.Channel.EMAIL, Consents.Source.COMPLAINT,
                "feedback-type: " + report.feedbackType() + message.map(m -> " campaign:" + m.campaignId())
                        .orElse("")));
        jdbc.sql("""
                insert into marketing_events (campaign_id, contact_id, kind, detail)
                select :campaign, id, 'COMPLAINT', :detail from contacts where id = :contact""")
                .param("campaign", message.map(Sent::campaignId).orElse(null)).param("contact", contact.orElse(-1L))
                .param("detail", Engagement.cut(report.feedbackType(), 500)).update();
        contact.ifPresent(id -> timeline.record(TimelineRecord.coded(null, id, "CAMPAIGN_COMPLAINT",
                message.map(m -> campaignName(m.campaignId())).orElse(null), Phrase.of("tracking.timeline.complaint"),
                "marketing", message.map(Sent::campaignId).orElse(null), null)));
        log.info("Complaint: {} suppressed", address);
    }

    private void event(Optional<Sent> message, String kind, String detail) {
        message.ifPresent(m -> jdbc.sql("""
                insert into marketing_events (campaign_id, contact_id, kind, detail)
                values (:campaign, :contact, :kind, :detail)""").param("campaign", m.campaignId())
                .param("contact", m.contactId()).param("kind", kind).param("detail", detail).update());
    }

    private void entry(Sent message, String kind, Phrase body) {
        timeline.record(TimelineRecord.coded(null, message.contactId(), kind, campaignName(message.campaignId()),
                body, "marketing", message.campaignId(), null));
    }

    private String campaignName(long campaignId) {
        return jdbc.sql("select name from campaigns where id = :id").param("id", campaignId).query(String.class)
                .optional().orElse(null);
    }

    private static String detail(DeliveryReport.Recipient recipient) {
        return Engagement.cut((recipient.status() == null ? "" : recipient.status() + " ")
                + (recipient.diagnostic() == null ? "" : recipient.diagnostic()), 450);
    }
}
