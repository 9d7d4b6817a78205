package app.klient.marketing.campaign;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.mail.BulkMail;
import app.klient.mail.OutgoingMail;
import app.klient.marketing.Campaigns;
import app.klient.marketing.Segments;
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
 * and waits for the final line; the server's answer then stamps the row {@code accepted_at}. Kill -9 before the
 * record and the server throws the unfinished message away; kill -9 between the record and the answer and the row
 * has no {@code accepted_at}: the restart sends that message again under the same Message-ID (a receiver can tell the
 * repeat), because SMTP cannot tell a client that lost the answer whether the message was taken. Nobody is skipped,
 * and a repeat needs a crash inside the few milliseconds of one message's last line. A pause or cancel takes effect
 * at the next message: its record finds the campaign no longer sending, and that message is thrown away unsent.
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
    private final Segments members;
    private final Audience audience;
    private final BulkMail bulk;
    private final Timeline timeline;
    private final TransactionTemplate tx;
    private final Duration lease;
    private final int connections;
    private final String node = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    private final int parallel;
    private final ExecutorService worker = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "campaign-sender");
        t.setDaemon(true);
        return t;
    });
    /** The campaigns this node is sending now, each by its own senders. */
    private final Set<Long> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private volatile boolean stopping;

    CampaignSender(JdbcClient jdbc, Campaigns campaigns, CampaignMessages messages, Segments members,
            Audience audience, BulkMail bulk, Timeline timeline, PlatformTransactionManager transactions,
            @Value("${klient.campaigns.connections:4}") int connections,
            @Value("${klient.campaigns.parallel:3}") int parallel,
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
        this.connections = Math.max(1, Math.min(connections, 16));
        this.parallel = Math.max(1, Math.min(parallel, 16));
    }

    /**
     * Starts what is due and takes the campaigns that are sending and have nobody sending them (or whose node died),
     * up to {@code klient.campaigns.parallel} at once: a small campaign does not wait for a big one to finish. Each
     * goes at its own rate over its own connections.
     */
    @Scheduled(fixedDelayString = "${klient.campaigns.every:PT2S}", initialDelayString = "PT5S")
    void tick() {
        if (stopping || !ticking.compareAndSet(false, true)) {
            return;
        }
        try {
            // the job's own transition is guarded by the state it leaves, not by a version a person read: it moves
            // the version so that an edit made from the page as it was before is refused as stale
            jdbc.sql("""
                    update campaigns set state = 'SENDING', started_at = coalesce(started_at, now()),
                        version = version + 1, updated_at = now()
                    where state = 'SCHEDULED' and scheduled_at <= now()""").update();
            while (!stopping && running.size() < parallel) {
                Optional<Long> claimed = jdbc.sql("""
                        update campaigns set claimed_by = :node, claimed_until = now() + make_interval(secs => :lease)
                        where id = (select id from campaigns where state = 'SENDING'
                                      and (claimed_until is null or claimed_until < now() or claimed_by = :node)
                                      and id <> all(:mine)
                                    order by id limit 1 for update skip locked)
                        returning id""").param("node", node).param("lease", lease.toMillis() / 1000.0)
                        .param("mine", running.toArray(Long[]::new)).query(Long.class).optional();
                if (claimed.isEmpty()) {
                    return;
                }
                long id = claimed.get();
                running.add(id);
                try {
                    worker.submit(() -> {
                        try {
                            send(id);
                        }
                        catch (RuntimeException e) {
                            log.warn("Campaign {} stopped sending: {}", id, e.toString());
                        }
                        finally {
                            release(id);
                            running.remove(id);
                        }
                    });
                }
                catch (java.util.concurrent.RejectedExecutionException e) {
                    release(id);
                    running.remove(id);
                    return;
                }
            }
        }
        finally {
            ticking.set(false);
        }
    }

    /** Whether this node is sending any campaign. */
    boolean isBusy() {
        return !running.isEmpty();
    }

    /** Whether this node is sending this campaign. */
    boolean isSending(long id) {
        return running.contains(id);
    }

    /**
     * Sends one campaign until it is done, paused, cancelled or taken away: a batch of members at a time, shared by
     * {@code klient.campaigns.connections} senders, each with an SMTP connection and a database connection of its
     * own. A member is done when its recipient row exists; the campaign's {@code last_contact_id} moves past a batch
     * once all of it is done, so a restart reads from there and passes over the members that already have a row.
     */
    void send(long id) {
        Campaigns.CampaignView campaign = campaigns.get(id);
        if (campaign.segmentId() == null || campaign.contents().isEmpty()) {
            return;
        }
        CampaignMessages.Prepared prepared = messages.prepare(campaign);
        long interval = 60_000_000_000L / Math.max(1, campaign.ratePerMinute());
        java.util.concurrent.atomic.AtomicLong slot = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        long cursor = campaign.lastContactId();
        List<Sender> senders = new java.util.ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(connections, r -> {
            Thread t = new Thread(r, "campaign-" + id + "-sender");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < connections; i++) {
                senders.add(new Sender(id, campaign, prepared, interval, slot, stop));
            }
            while (!stopping && !stop.get()) {
                renew(id);
                List<Long> batch = members.members(campaign.segmentId(), cursor, BATCH);
                if (batch.isEmpty()) {
                    finish(id);
                    return;
                }
                // done: a row, except a message recorded whose acceptance the server never answered (a crash)
                Set<Long> done = new HashSet<>(jdbc.sql("""
                        select contact_id from campaign_recipients where campaign_id = :id and contact_id = any(:ids)
                          and (state <> 'SENT' or accepted_at is not null)""")
                        .param("id", id).param("ids", batch.toArray(Long[]::new)).query(Long.class).list());
                List<Long> todo = batch.stream().filter(c -> !done.contains(c)).toList();
                Map<Long, CampaignMessages.Person> people = messages.people(todo);
                Set<Long> reachable = todo.isEmpty() ? Set.of() : reachable(todo, campaign.purposeId());
                List<java.util.concurrent.Future<int[]>> parts = new java.util.ArrayList<>();
                for (int i = 0; i < senders.size(); i++) {
                    List<Long> share = new java.util.ArrayList<>();
                    for (int k = i; k < todo.size(); k += senders.size()) {
                        share.add(todo.get(k));
                    }
                    Sender sender = senders.get(i);
                    parts.add(pool.submit(() -> sender.send(share, people, reachable)));
                }
                int sent = 0;
                int skipped = 0;
                for (java.util.concurrent.Future<int[]> part : parts) {
                    try {
                        int[] counts = part.get();
                        sent += counts[0];
                        skipped += counts[1];
                    }
                    catch (java.util.concurrent.ExecutionException e) {
                        stop.set(true);
                        if (!(e.getCause() instanceof Stop)) {
                            log.warn("Campaign {}: a sender stopped: {}", id, e.getCause().toString());
                        }
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        stop.set(true);
                    }
                }
                if (stop.get() || stopping) {
                    break;
                }
                long last = batch.get(batch.size() - 1);
                int moved = jdbc.sql("""
                        update campaigns set last_contact_id = :last, sent_count = sent_count + :sent,
                            skipped_count = skipped_count + :skipped
                        where id = :id and state = 'SENDING' and claimed_by = :node and last_contact_id < :last""")
                        .param("last", last).param("sent", sent).param("skipped", skipped).param("id", id)
                        .param("node", node).update();
                if (moved == 0) {
                    break;
                }
                cursor = last;
            }
            log.info("Campaign {} stopped on node {} after contact {}", id, node, cursor);
        }
        catch (Stop stopped) {
            log.info("Campaign {} stopped on node {} after contact {}", id, node, cursor);
        }
        finally {
            pool.shutdownNow();
            senders.forEach(Sender::close);
            // what went out in the batch that was cut short, counted from its rows
            jdbc.sql("""
                    update campaigns set
                        sent_count = (select count(*) from campaign_recipients where campaign_id = :id and state = 'SENT'),
                        skipped_count = (select count(*) from campaign_recipients where campaign_id = :id
                                         and state <> 'SENT')
                    where id = :id""").param("id", id).update();
        }
    }

    /** One of a campaign's senders: an SMTP connection and a database connection, opened when first used. */
    private final class Sender {

        private final long id;
        private final Campaigns.CampaignView campaign;
        private final CampaignMessages.Prepared prepared;
        private final long interval;
        private final java.util.concurrent.atomic.AtomicLong slot;
        private final java.util.concurrent.atomic.AtomicBoolean stop;
        private BulkMail.Connection smtp;

        Sender(long id, Campaigns.CampaignView campaign, CampaignMessages.Prepared prepared, long interval,
                java.util.concurrent.atomic.AtomicLong slot, java.util.concurrent.atomic.AtomicBoolean stop) {
            this.id = id;
            this.campaign = campaign;
            this.prepared = prepared;
            this.interval = interval;
            this.slot = slot;
            this.stop = stop;
        }

        /** Sends its share of a batch; answers how many were sent and how many skipped. */
        int[] send(List<Long> share, Map<Long, CampaignMessages.Person> people, Set<Long> reachable) {
            open();
            int[] counts = new int[2];
            for (long contact : share) {
                if (stop.get() || stopping) {
                    throw new Stop();
                }
                CampaignMessages.Person person = people.get(contact);
                if (person == null || !reachable.contains(contact)) {
                    skip(contact, person, refusal(person, contact, campaign.purposeId()));
                    counts[1]++;
                    continue;
                }
                long at = Math.max(slot.getAndAdd(interval), System.nanoTime() - 1_000_000_000L);
                waitFor(at);
                TrackingTokens.Ref ref = new TrackingTokens.Ref(TrackingTokens.Source.CAMPAIGN, id, contact);
                OutgoingMail mail = messages.render(prepared, person, person.address(), ref);
                try {
                    smtp.send(mail, () -> recordSent(contact, person, mail.messageId()));
                    jdbc.sql("""
                            update campaign_recipients set accepted_at = now()
                            where campaign_id = :id and contact_id = :contact and state = 'SENT'""")
                            .param("id", id).param("contact", contact).update();
                    counts[0]++;
                }
                catch (NoLongerReachable gone) {
                    // consent withdrawn (or the address suppressed) since the batch was read: thrown away unsent
                    skip(contact, person, refusal(person, contact, campaign.purposeId()));
                    counts[1]++;
                }
                catch (AlreadyDone done) {
                    // another sender of an earlier run recorded it: nothing to do
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
                        skip(contact, person, "FAILED");
                    }
                    counts[1]++;
                }
                catch (BulkMail.Unavailable unavailable) {
                    log.warn("Campaign {} waits for the mail server: {}", id, unavailable.getMessage());
                    throw new Stop();
                }
            }
            return counts;
        }

        /**
         * Waits for the message's slot. A slow campaign's slot may be many seconds away: a second at a time, asking
         * meanwhile whether the campaign is still this node's to send, so a pause or cancel stops it within a second.
         */
        private void waitFor(long at) {
            for (long left = at - System.nanoTime(); left > 0; left = at - System.nanoTime()) {
                sleep(Math.min(left, 1_000_000_000L));
                if (stop.get() || stopping || left > 1_000_000_000L && !stillOurs(id)) {
                    stop.set(true);
                    throw new Stop();
                }
            }
        }

        private void open() {
            if (smtp == null) {
                smtp = bulk.open(new BulkMail.Sender(campaign.fromAddress(), campaign.fromName()));
            }
        }

        private void recordSent(long contact, CampaignMessages.Person person, String messageId) {
            // one statement, committed on its own, borrowing a pooled connection only for that moment
            if (jdbc.sql(SENT).param(id).param(contact).param(person.address()).param(person.language())
                    .param(messageId).param(id).param(node).param(contact).param(campaign.purposeId()).update() == 1) {
                return;
            }
            if (!stillOurs(id)) {
                throw new Stop();
            }
            if (jdbc.sql("select count(*) from campaign_recipients where campaign_id = :id and contact_id = :c")
                    .param("id", id).param("c", contact).query(Long.class).single() > 0) {
                throw new AlreadyDone();
            }
            throw new NoLongerReachable();
        }

        private void skip(long contact, CampaignMessages.Person person, String state) {
            int inserted = jdbc.sql(SKIPPED).param(id).param(contact)
                    .param(person == null ? null : person.address())
                    .param(person == null ? null : person.language()).param(state).param(id).param(node).update();
            if (inserted == 0 && !stillOurs(id)) {
                throw new Stop();
            }
        }

        void close() {
            if (smtp != null) {
                smtp.close();
            }
        }
    }

    /**
     * A message recorded as sent (its recipient row, which makes it done) only while the campaign is still this
     * node's to send and the contact may still get it: the audience rule is asked once more at the last moment,
     * right before the server takes the message. A row left without acceptance by a crash is taken again for the
     * repeat; any other row means done.
     */
    private static final String SENT = """
            insert into campaign_recipients as r (campaign_id, contact_id, address, language, state, message_id)
            select ?, ?, ?, ?, 'SENT', ?
            where exists (select 1 from campaigns where id = ? and state = 'SENDING' and claimed_by = ?)
              and exists (select 1 from contacts c where c.id = ? and %s)
            on conflict (campaign_id, contact_id) do update set at = now()
            where r.state = 'SENT' and r.accepted_at is null""".formatted(Audience.REACHABLE.replace(":purpose", "?"));

    /** A contact the campaign reached for and did not send to, and why. */
    private static final String SKIPPED = """
            insert into campaign_recipients (campaign_id, contact_id, address, language, state, on_timeline)
            select ?, ?, ?, ?, ?, true
            where exists (select 1 from campaigns where id = ? and state = 'SENDING' and claimed_by = ?)
            on conflict do nothing""";

    /** The audience rule changed for this contact between reading its batch and its message. */
    static final class NoLongerReachable extends RuntimeException {
        NoLongerReachable() {
            super("no longer reachable", null, false, false);
        }
    }

    /** The contact already has its row: done before. */
    static final class AlreadyDone extends RuntimeException {
        AlreadyDone() {
            super("already done", null, false, false);
        }
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
