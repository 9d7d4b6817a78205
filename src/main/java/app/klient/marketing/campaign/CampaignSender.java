package app.klient.marketing.campaign;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.mail.BulkMail;
import app.klient.mail.OutgoingMail;
import app.klient.marketing.Campaigns;
import app.klient.marketing.internal.Audience;
import app.klient.marketing.internal.TrackingTokens;
import app.klient.platform.Phrase;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The send job. A campaign due to go is taken by one node (a lease in the campaign's row, renewed while it sends and
 * taken over by another node when it runs out after a crash); that node walks the members in contact id order from
 * {@code last_contact_id}, asks {@link Audience} about each right before its message, and sends over one kept SMTP
 * connection at the campaign's rate. Each message is recorded (its recipient row and the campaign's new
 * {@code last_contact_id}, one commit) at the moment {@link BulkMail} names: when the server has the whole message
 * and waits for the final line. So kill -9 at any point and a restart neither repeats nor skips anyone. A pause or
 * cancel takes effect at the next message: its record finds the campaign no longer sending, and that message is
 * thrown away unsent.
 */
@Component
class CampaignSender {

    private static final Logger log = LoggerFactory.getLogger(CampaignSender.class);
    private static final int BATCH = 200;

    /** The campaign stopped sending under the job (paused, cancelled, or taken by another node). */
    static final class Stop extends RuntimeException {
        Stop() {
            super("the campaign is no longer this node's to send", null, false, false);
        }
    }

    private final JdbcClient jdbc;
    private final Campaigns campaigns;
    private final CampaignMessages messages;
    private final CampaignMembers members;
    private final Audience audience;
    private final BulkMail bulk;
    private final Timeline timeline;
    private final TransactionTemplate tx;
    private final Duration lease;
    private final DataSource dataSource;
    private final String node = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "campaign-sender");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean stopping;

    CampaignSender(JdbcClient jdbc, Campaigns campaigns, CampaignMessages messages, CampaignMembers members,
            Audience audience, BulkMail bulk, Timeline timeline, PlatformTransactionManager transactions,
            DataSource dataSource,
            @Value("${klient.campaigns.lease:PT60S}") Duration lease) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
        this.messages = messages;
        this.members = members;
        this.audience = audience;
        this.bulk = bulk;
        this.timeline = timeline;
        this.tx = new TransactionTemplate(transactions);
        this.lease = lease;
        this.dataSource = dataSource;
    }

    /** Starts what is due and takes a campaign that is sending and has nobody sending it (or whose node died). */
    @Scheduled(fixedDelayString = "${klient.campaigns.every:PT2S}", initialDelayString = "PT5S")
    void tick() {
        if (stopping || !busy.compareAndSet(false, true)) {
            return;
        }
        try {
            jdbc.sql("""
                    update campaigns set state = 'SENDING', started_at = coalesce(started_at, now()),
                        version = version + 1, updated_at = now()
                    where state = 'SCHEDULED' and scheduled_at <= now()""").update();
            Optional<Long> claimed = jdbc.sql("""
                    update campaigns set claimed_by = :node, claimed_until = now() + make_interval(secs => :lease)
                    where id = (select id from campaigns where state = 'SENDING'
                                  and (claimed_until is null or claimed_until < now() or claimed_by = :node)
                                order by id limit 1 for update skip locked)
                    returning id""").param("node", node).param("lease", lease.toMillis() / 1000.0)
                    .query(Long.class).optional();
            if (claimed.isEmpty()) {
                busy.set(false);
                return;
            }
            worker.submit(() -> {
                try {
                    send(claimed.get());
                }
                catch (RuntimeException e) {
                    log.warn("Campaign {} stopped sending: {}", claimed.get(), e.toString());
                }
                finally {
                    release(claimed.get());
                    busy.set(false);
                }
            });
        }
        catch (RuntimeException e) {
            busy.set(false);
            throw e;
        }
    }

    boolean isBusy() {
        return busy.get();
    }

    /** Sends one campaign until it is done, paused, cancelled or taken away. */
    void send(long id) {
        Campaigns.CampaignView campaign = campaigns.get(id);
        if (campaign.segmentId() == null || campaign.contents().isEmpty()) {
            return;
        }
        CampaignMessages.Prepared prepared = messages.prepare(campaign);
        long interval = 60_000_000_000L / Math.max(1, campaign.ratePerMinute());
        long next = System.nanoTime();
        long cursor = campaign.lastContactId();
        // a database connection of its own, each record one statement committed on its own: the fewest round trips
        // per message. Its commits survive this JVM's death as they are; only a crash of the database server itself
        // could lose the last few (then those few would go again).
        try (Connection db = dataSource.getConnection(); BulkMail.Connection connection = bulk.open(
                new BulkMail.Sender(campaign.fromAddress(), campaign.fromName()))) {
            db.setAutoCommit(true);
            try (Statement set = db.createStatement()) {
                set.execute("set synchronous_commit = off");
            }
            try (PreparedStatement sent = db.prepareStatement(SENT);
                 PreparedStatement skipped = db.prepareStatement(SKIPPED)) {
                while (!stopping) {
                    renew(id);
                    List<Long> batch = members.after(campaign.segmentId(), cursor, BATCH);
                    if (batch.isEmpty()) {
                        finish(id);
                        return;
                    }
                    Map<Long, CampaignMessages.Person> people = messages.people(batch);
                    Set<Long> reachable = reachable(batch, campaign.purposeId());
                    for (long contact : batch) {
                        if (stopping) {
                            return;
                        }
                        CampaignMessages.Person person = people.get(contact);
                        if (person == null || !reachable.contains(contact)) {
                            skip(skipped, id, contact, person, refusal(person, contact, campaign.purposeId()));
                            cursor = contact;
                            continue;
                        }
                        long now = System.nanoTime();
                        if (next > now) {
                            sleep(next - now);
                        }
                        next = Math.max(next + interval, System.nanoTime() - 1_000_000_000L);
                        TrackingTokens.Ref ref = new TrackingTokens.Ref(TrackingTokens.Source.CAMPAIGN, id, contact);
                        OutgoingMail mail = messages.render(prepared, person, person.address(), ref);
                        try {
                            connection.send(mail, () -> recordSent(sent, id, contact, campaign.purposeId(), person,
                                    mail.messageId()));
                        }
                        catch (NoLongerReachable gone) {
                            // consent withdrawn (or the address suppressed) since the batch was read: the message
                            // was thrown away unsent
                            skip(skipped, id, contact, person, refusal(person, contact, campaign.purposeId()));
                        }
                        catch (BulkMail.Refused refused) {
                            log.info("Campaign {}: the server refused the message to contact {}: {}", id, contact,
                                    refused.getMessage());
                            if (refused.recorded()) {
                                jdbc.sql("""
                                        update campaign_recipients set state = 'FAILED', on_timeline = true
                                        where campaign_id = :id and contact_id = :contact""").param("id", id)
                                        .param("contact", contact).update();
                            }
                            else {
                                skip(skipped, id, contact, person, "FAILED");
                            }
                        }
                        cursor = contact;
                    }
                }
            }
            finally {
                try (Statement reset = db.createStatement()) {
                    reset.execute("reset synchronous_commit");
                }
            }
        }
        catch (Stop stop) {
            log.info("Campaign {} stopped on node {} at contact {}", id, node, cursor);
        }
        catch (BulkMail.Unavailable unavailable) {
            log.warn("Campaign {} waits for the mail server: {}", id, unavailable.getMessage());
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A message recorded as sent (its recipient row and the campaign's progress, one statement) only while the
     * campaign is still this node's to send and the contact may still get it: the audience rule is asked once more
     * at the last moment, right before the server takes the message.
     */
    private static final String SENT = """
            with moved as (
                update campaigns set last_contact_id = ?, sent_count = sent_count + 1
                where id = ? and state = 'SENDING' and claimed_by = ? and last_contact_id < ?
                  and exists (select 1 from contacts c where c.id = ? and %s)
                returning id)
            insert into campaign_recipients (campaign_id, contact_id, address, language, state, message_id)
            select id, ?, ?, ?, 'SENT', ? from moved""".formatted(Audience.REACHABLE.replace(":purpose", "?"));

    /** A contact the campaign reached for and did not send to, and why; the campaign's progress with it. */
    private static final String SKIPPED = """
            with moved as (
                update campaigns set last_contact_id = ?, skipped_count = skipped_count + 1
                where id = ? and state = 'SENDING' and claimed_by = ? and last_contact_id < ?
                returning id)
            insert into campaign_recipients (campaign_id, contact_id, address, language, state, on_timeline)
            select id, ?, ?, ?, ?, true from moved on conflict do nothing""";

    /** The audience rule changed for this contact between reading its batch and its message. */
    static final class NoLongerReachable extends RuntimeException {
        NoLongerReachable() {
            super("no longer reachable", null, false, false);
        }
    }

    private void recordSent(PreparedStatement sent, long id, long contact, long purpose,
            CampaignMessages.Person person, String messageId) {
        try {
            sent.setLong(1, contact);
            sent.setLong(2, id);
            sent.setString(3, node);
            sent.setLong(4, contact);
            sent.setLong(5, contact);
            sent.setLong(6, purpose);
            sent.setLong(7, contact);
            sent.setString(8, person.address());
            sent.setString(9, person.language());
            sent.setString(10, messageId);
            if (sent.executeUpdate() == 1) {
                return;
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (stillOurs(id)) {
            throw new NoLongerReachable();
        }
        throw new Stop();
    }

    private void skip(PreparedStatement skipped, long id, long contact, CampaignMessages.Person person,
            String state) {
        try {
            skipped.setLong(1, contact);
            skipped.setLong(2, id);
            skipped.setString(3, node);
            skipped.setLong(4, contact);
            skipped.setLong(5, contact);
            skipped.setString(6, person == null ? null : person.address());
            skipped.setString(7, person == null ? null : person.language());
            skipped.setString(8, state);
            if (skipped.executeUpdate() == 1 || stillOurs(id)) {
                return;
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        throw new Stop();
    }

    private boolean stillOurs(long id) {
        return jdbc.sql("select count(*) from campaigns where id = :id and state = 'SENDING' and claimed_by = :node")
                .param("id", id).param("node", node).query(Long.class).single() == 1;
    }

    /** Of these contacts, those the audience rule lets the campaign reach now (one query for the batch). */
    private Set<Long> reachable(List<Long> batch, long purpose) {
        return new HashSet<>(jdbc.sql("select c.id from contacts c where c.id = any(:ids) and " + Audience.REACHABLE)
                .param("ids", batch.toArray(Long[]::new)).param("purpose", purpose).query(Long.class).list());
    }

    private String refusal(CampaignMessages.Person person, long contact, long purpose) {
        if (person == null) {
            return Audience.Refusal.NO_ADDRESS.name();
        }
        // asked again for the reason; a contact that became reachable just now waits for the next campaign
        return audience.refusal(contact, purpose).orElse(Audience.Refusal.NO_CONSENT).name();
    }

    private void renew(long id) {
        int kept = jdbc.sql("""
                update campaigns set claimed_until = now() + make_interval(secs => :lease)
                where id = :id and claimed_by = :node and state = 'SENDING'""").param("lease",
                lease.toMillis() / 1000.0).param("id", id).param("node", node).update();
        if (kept == 0) {
            throw new Stop();
        }
    }

    private void finish(long id) {
        jdbc.sql("""
                update campaigns set state = 'SENT', finished_at = now(), version = version + 1, updated_at = now()
                where id = :id and state = 'SENDING' and claimed_by = :node""").param("id", id).param("node", node)
                .update();
        log.info("Campaign {} sent", id);
    }

    private void release(long id) {
        jdbc.sql("update campaigns set claimed_by = null, claimed_until = null where id = :id and claimed_by = :node")
                .param("id", id).param("node", node).update();
    }

    /** "Campaign sent" on each recipient's timeline, a batch at a time beside the sending. */
    @Scheduled(fixedDelayString = "${klient.campaigns.timeline-every:PT3S}", initialDelayString = "PT7S")
    int writeTimeline() {
        Integer written = tx.execute(s -> {
            record Sent(long campaign, long contact, String name) {
            }
            List<Sent> due = jdbc.sql("""
                    select r.campaign_id, r.contact_id, c.name from campaign_recipients r
                    join campaigns c on c.id = r.campaign_id
                    where r.state = 'SENT' and not r.on_timeline
                    order by r.campaign_id, r.contact_id limit 1000 for update of r skip locked""")
                    .query((rs, n) -> new Sent(rs.getLong(1), rs.getLong(2), rs.getString(3))).list();
            for (Sent sent : due) {
                timeline.record(TimelineRecord.coded(null, sent.contact(), "CAMPAIGN_SENT", sent.name(),
                        Phrase.of("campaign.timeline.sent"), "marketing", sent.campaign(), null));
                jdbc.sql("update campaign_recipients set on_timeline = true where campaign_id = :c and contact_id = :k")
                        .param("c", sent.campaign()).param("k", sent.contact()).update();
            }
            return due.size();
        });
        return written == null ? 0 : written;
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stop();
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        worker.shutdown();
        try {
            worker.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
