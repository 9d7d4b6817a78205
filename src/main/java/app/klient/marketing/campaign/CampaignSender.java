package app.klient.marketing.campaign;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        try (BulkMail.Connection connection = bulk.open(new BulkMail.Sender(campaign.fromAddress(),
                campaign.fromName()))) {
            while (!stopping) {
                renew(id);
                List<Long> batch = members.after(campaign.segmentId(), cursor, BATCH);
                if (batch.isEmpty()) {
                    finish(id);
                    return;
                }
                Map<Long, CampaignMessages.Person> people = messages.people(batch);
                for (long contact : batch) {
                    if (stopping) {
                        return;
                    }
                    CampaignMessages.Person person = people.get(contact);
                    Optional<Audience.Refusal> refusal = person == null ? Optional.of(Audience.Refusal.NO_ADDRESS)
                            : audience.refusal(contact, campaign.purposeId());
                    if (refusal.isPresent()) {
                        String state = refusal.get().name();
                        tx.executeWithoutResult(s -> record(id, contact, person, null, state, false));
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
                        connection.send(mail, () -> tx.executeWithoutResult(
                                s -> record(id, contact, person, mail.messageId(), "SENT", true)));
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
                            tx.executeWithoutResult(s -> record(id, contact, person, null, "FAILED", false));
                        }
                    }
                    cursor = contact;
                }
            }
        }
        catch (Stop stop) {
            log.info("Campaign {} stopped on node {} at contact {}", id, node, cursor);
        }
        catch (BulkMail.Unavailable unavailable) {
            log.warn("Campaign {} waits for the mail server: {}", id, unavailable.getMessage());
        }
    }

    /**
     * One recipient done, in one commit with the campaign's progress; refused (and rolled back) when the campaign is
     * no longer sending on this node, so a paused campaign sends nothing more.
     */
    private void record(long id, long contact, CampaignMessages.Person person, String messageId, String state,
            boolean sent) {
        // the commit survives this JVM's death as it is; only a crash of the database server itself could lose it
        jdbc.sql("set local synchronous_commit = off").update();
        int moved = jdbc.sql("""
                update campaigns set last_contact_id = :contact,
                    sent_count = sent_count + :sent, skipped_count = skipped_count + :skipped
                where id = :id and state = 'SENDING' and claimed_by = :node and last_contact_id < :contact""")
                .param("contact", contact).param("sent", sent ? 1 : 0).param("skipped", sent ? 0 : 1)
                .param("id", id).param("node", node).update();
        if (moved == 0) {
            throw new Stop();
        }
        jdbc.sql("""
                insert into campaign_recipients (campaign_id, contact_id, address, language, state, message_id,
                    on_timeline)
                values (:id, :contact, :address, :language, :state, :messageId, :done)
                on conflict do nothing""").param("id", id).param("contact", contact)
                .param("address", person == null ? null : person.address())
                .param("language", person == null ? null : person.language()).param("state", state)
                .param("messageId", messageId).param("done", !sent).update();
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
