package app.klient.billing.ksef;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import app.klient.activities.Notifications;
import app.klient.billing.einvoice.InvoiceFiles;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.platform.Phrase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes the queued invoices to KSeF (V044 ksef_submissions). Each pass first asks after the invoices already sent
 * (SENT: polled by their session and invoice reference, never sent again), then sends the waiting ones together in
 * one interactive session, polls them for a while, stores number and UPO, and closes the session. From
 * {@code batchFrom} waiting invoices on, they go as one batch session instead (a ZIP, one session for those sent
 * online and one for those in offline mode), and KSeF's answer for each is found by the invoice's hash.
 * <p>
 * Rows are claimed for a while in a short transaction ({@code for update skip locked}, then a claim token and an
 * expiry on the row) and every later change names the claim and checks its row count: two passes on one or many
 * nodes never work on the same row, no database transaction is open during a call to KSeF, and a pass that dies
 * leaves its rows to the next one once the claim runs out. Every step is stored before the next call, so a restart
 * picks up where the last pass stopped: a row marked SENT before its invoice reference came back is sent again,
 * and KSeF's duplicate answer (440, with the original KSeF number) counts as accepted.
 * <p>
 * KSeF unreachable (no connection, timeout, 5xx): the rows wait in offline mode and go later with
 * {@code offlineMode: true}; 429: nothing is asked of KSeF until its {@code Retry-After} has passed; a refused
 * token: the rows wait and the problem is kept (a message code) for the settings page.
 */
@Component
public class KsefJob {

    private static final Logger log = LoggerFactory.getLogger(KsefJob.class);

    /** Invoices per interactive session per pass; KSeF takes up to 10,000 in one session. */
    static final int BATCH = 100;
    private static final Duration CLAIM = Duration.ofMinutes(10);
    private static final Duration STILL_PROCESSING = Duration.ofSeconds(20);
    private static final Duration TOKEN_PROBLEM = Duration.ofMinutes(5);
    private static final ZoneId POLAND = ZoneId.of("Europe/Warsaw");
    private static final Pattern SELLER_NIP = Pattern.compile(
            "<(?:\\w+:)?Podmiot1\\b.*?<(?:\\w+:)?NIP>\\s*(\\d{10})\\s*</", Pattern.DOTALL);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final KsefAccount account;
    private final KsefEndpoint endpoint;
    private final KsefClient client;
    private final InvoiceFiles files;
    private final Timeline timeline;
    private final Notifications notifications;

    /** Polls of a fresh session's invoices before leaving them to the next pass. */
    private volatile int pollRounds = 10;
    private volatile Duration pollPause = Duration.ofMillis(300);
    /** The address this pass calls, recorded with a problem so the settings page names what failed. */
    private volatile String base;
    /** From how many waiting invoices on a pass they go as one batch session (a ZIP) instead of one by one. */
    private volatile int batchFrom = 20;

    /** The keys and tokens of the last authentication, for one API address, NIP and KSeF token. */
    private volatile Access access;

    private record Access(String base, String nip, byte[] tokenHash, KsefClient.Keys keys, KsefClient.Tokens tokens) {
    }

    KsefJob(JdbcClient jdbc, TransactionTemplate transaction, KsefAccount account, KsefEndpoint endpoint,
            KsefClient client, InvoiceFiles files, Timeline timeline, Notifications notifications) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.account = account;
        this.endpoint = endpoint;
        this.client = client;
        this.files = files;
        this.timeline = timeline;
        this.notifications = notifications;
    }

    /** A fresh job with nothing in memory, as after a restart of the node (for tests). */
    KsefJob restarted() {
        return new KsefJob(jdbc, transaction, account, endpoint, client, files, timeline, notifications);
    }

    /** How long a pass waits for its own invoices' status before leaving them to the next pass (for tests). */
    void polling(int rounds, Duration pause) {
        this.pollRounds = rounds;
        this.pollPause = pause;
    }

    /** From how many waiting invoices a pass sends a batch session (for tests). */
    void batchFrom(int invoices) {
        this.batchFrom = invoices;
    }

    @Scheduled(fixedDelayString = "${klient.ksef.every:PT30S}", initialDelayString = "PT30S")
    public void tick() {
        try {
            run();
        }
        catch (RuntimeException e) {
            log.warn("KSeF pass failed; the rows wait for the next one", e);
        }
    }

    /** One pass: the sent invoices' status first, then the waiting ones in a new session. */
    public void run() {
        KsefSettings settings = account.settings();
        if (!settings.enabled() || blocked()) {
            return;
        }
        String base = endpoint.apiUrl(settings.environment());
        this.base = base;
        List<Row> sent = claim("SENT", settings.environment());
        if (!sent.isEmpty()) {
            poll(base, sent);
        }
        if (blocked()) {
            return;
        }
        List<Row> waiting = claim("WAITING", settings.environment());
        if (!waiting.isEmpty()) {
            send(base, waiting);
        }
    }

    // --- the rows -------------------------------------------------------------------------------------------

    /** A claimed row with what the job needs of its invoice. */
    private record Row(long id, UUID claim, boolean offline, String session, String invoiceRef, int attempts,
            String number, LocalDate issueDate, Long companyId, Long contactId, Long ownerId, String sellerTaxId,
            boolean batch, byte[] invoiceHash) {

        /** The same row as it is once sent (as stored by the change that marked it). */
        Row sent(String inSession, String reference, boolean inOffline, boolean inBatch, byte[] hash) {
            return new Row(id, claim, inOffline, inSession, reference, attempts, number, issueDate, companyId,
                    contactId, ownerId, sellerTaxId, inBatch, hash);
        }

        boolean offlineOn(LocalDate today) {
            // an invoice sent after the day it was issued is an offline one (offline/automatyczne-okreslanie...)
            return offline || issueDate.isBefore(today);
        }
    }

    /** Only rows queued for the environment now set: an invoice made while testing never goes to production. */
    private List<Row> claim(String state, KsefEnvironment environment) {
        UUID claim = UUID.randomUUID();
        List<Long> ids = transaction.execute(status -> jdbc.sql("""
                with due as (
                    select s.invoice_id from ksef_submissions s join invoices i on i.id = s.invoice_id
                    where s.state = :state and s.environment = :environment and s.next_attempt_at <= now()
                      and (s.claimed_until is null or s.claimed_until < now())
                      -- a correction goes to KSeF only once the invoice it corrects has its KSeF number
                      and not exists (select 1 from ksef_submissions o
                                      where o.invoice_id = i.corrects_id and o.state <> 'ACCEPTED')
                    order by s.queued_at, s.invoice_id limit :batch
                    for update of s skip locked)
                update ksef_submissions s set claim = :claim, claimed_until = :until, version = s.version + 1
                from due where s.invoice_id = due.invoice_id returning s.invoice_id""")
                .param("state", state).param("environment", environment.name()).param("batch", BATCH).param("claim", claim)
                .param("until", Timestamp.from(Instant.now().plus(CLAIM))).query(Long.class).list());
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select s.invoice_id, s.offline, s.session_reference, s.invoice_reference, s.attempts, i.number,
                       i.issue_date, i.company_id, i.contact_id, i.owner_id, i.seller_tax_id, s.batch, s.invoice_hash
                from ksef_submissions s join invoices i on i.id = s.invoice_id
                where s.invoice_id in (:ids) and s.claim = :claim order by s.queued_at, s.invoice_id""")
                .param("ids", ids).param("claim", claim)
                .query((rs, n) -> new Row(rs.getLong(1), claim, rs.getBoolean(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getString(6), rs.getObject(7, LocalDate.class), (Long) rs.getObject(8),
                        (Long) rs.getObject(9), (Long) rs.getObject(10), rs.getString(11), rs.getBoolean(12),
                        rs.getBytes(13)))
                .list();
    }

    /**
     * Changes a claimed row; false (and nothing changed) when the claim ran out and another pass took it. The claim,
     * not the version, guards the job's own writes (it works from no version a person saw); the version still moves,
     * so a person's "send again" made from what the row was before is refused as stale.
     */
    private boolean change(Row row, String set, Map<String, Object> params) {
        var statement = jdbc.sql("update ksef_submissions set " + set
                + ", version = version + 1, updated_at = now() where invoice_id = :id and claim = :claim")
                .param("id", row.id()).param("claim", row.claim());
        for (Map.Entry<String, Object> p : params.entrySet()) {
            statement = statement.param(p.getKey(), p.getValue());
        }
        int changed = statement.update();
        if (changed != 1) {
            log.warn("KSeF submission of invoice {} was taken over by another pass; leaving it", row.id());
        }
        return changed == 1;
    }

    private boolean release(Row row, Duration after, String problem) {
        return change(row, "claim = null, claimed_until = null, next_attempt_at = :next, problem = :problem",
                params("next", Timestamp.from(Instant.now().plus(after)), "problem", problem));
    }

    private static Map<String, Object> params(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    // --- sending --------------------------------------------------------------------------------------------

    private record Ready(Row row, byte[] xml, byte[] hash) {
    }

    private void send(String base, List<Row> rows) {
        List<Ready> ready = new ArrayList<>();
        for (Row row : rows) {
            Optional<InvoiceFiles.InvoiceFile> file = files.find(row.id(), "FA3");
            if (file.isEmpty()) {
                // the FA(3) XML is stored when the invoice is issued; until it exists there is nothing to send
                release(row, Duration.ofMinutes(1), "ksef.problem.noXml");
            }
            else {
                ready.add(new Ready(row, file.get().content(), file.get().sha256()));
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        List<Row> pending = new ArrayList<>(ready.stream().map(Ready::row).toList());
        String session = null;
        Access current = null;
        KsefCrypto.SessionKey key = KsefCrypto.SessionKey.fresh();
        List<Row> inSession = new ArrayList<>();
        try {
            current = access(base, nip(ready.get(0)));
            if (current == null) {
                waitAll(pending, TOKEN_PROBLEM, "ksef.problem.noToken");
                return;
            }
            if (ready.size() >= batchFrom) {
                sendBatches(base, current, ready, pending, inSession);
                return;
            }
            try {
                session = openSession(base, current, key);
            }
            catch (KsefClient.Failure failure) {
                if (failure.kind() != KsefClient.Kind.UNAUTHORIZED) {
                    throw failure;
                }
                // the access token is no longer good (revoked, expired early): authenticate once more
                access = null;
                current = access(base, nip(ready.get(0)));
                session = openSession(base, current, key);
            }
            contacted();
            for (Ready item : ready) {
                Row row = item.row();
                boolean offline = row.offlineOn(LocalDate.now(POLAND));
                // stored before the call: a pass that dies while sending leaves a SENT row without its invoice
                // reference, which the next pass sends again (KSeF answers a duplicate with the number it gave)
                if (!change(row, """
                        state = 'SENT', offline = :offline, invoice_hash = :hash, session_reference = :session,
                        invoice_reference = null, batch = false, attempts = attempts + 1, sent_at = now(),
                        problem = null""",
                        params("offline", offline, "hash", item.hash(), "session", session))) {
                    pending.remove(row);
                    continue;
                }
                pending.remove(row);
                try {
                    String reference = client.send(base, current.tokens().accessToken(), session, key, item.xml(),
                            offline);
                    Row sent = row.sent(session, reference, offline, false, item.hash());
                    if (change(row, "invoice_reference = :ref", params("ref", reference))) {
                        inSession.add(sent);
                    }
                }
                catch (KsefClient.Failure failure) {
                    if (failure.kind() == KsefClient.Kind.REFUSED) {
                        // KSeF refused this invoice's request itself (its size, hash or content): the others go on
                        rejected(row, failure.code(), failure.description(), failure.details());
                        continue;
                    }
                    // not received (or not known to be): back to waiting with the rest
                    change(row, "state = 'WAITING', session_reference = null, invoice_reference = null", Map.of());
                    pending.add(0, row);
                    throw failure;
                }
            }
            pollFresh(base, current, inSession);
        }
        catch (KsefClient.Failure failure) {
            problem(failure, pending, true);
            inSession.forEach(row -> release(row, STILL_PROCESSING, null));
        }
        finally {
            if (session != null && current != null) {
                closeQuietly(base, current, session);
            }
        }
    }

    /** Many invoices: one batch session for those sent online and one for those in offline mode (sesja-wsadowa.md). */
    private void sendBatches(String base, Access current, List<Ready> ready, List<Row> pending, List<Row> inSession) {
        LocalDate today = LocalDate.now(POLAND);
        Map<Boolean, List<Ready>> byMode = ready.stream()
                .collect(Collectors.partitioningBy(item -> item.row().offlineOn(today)));
        for (Map.Entry<Boolean, List<Ready>> group : byMode.entrySet()) {
            if (!group.getValue().isEmpty()) {
                sendBatch(base, current, group.getValue(), group.getKey(), pending, inSession);
            }
        }
    }

    private void sendBatch(String base, Access current, List<Ready> group, boolean offline, List<Row> pending,
            List<Row> inSession) {
        KsefCrypto.SessionKey key = KsefCrypto.SessionKey.fresh();
        byte[] zip = zip(group);
        byte[] part = key.encrypt(zip);
        String token = current.tokens().accessToken();
        KsefClient.Batch batch = client.openBatch(base, token, current.keys(), key, zip, part, offline);
        contacted();
        List<Row> sent = new ArrayList<>();
        for (Ready item : group) {
            Row row = item.row();
            pending.remove(row);
            // stored before the upload: a pass that dies now leaves rows KSeF finds by their hash, or sends again
            if (change(row, """
                    state = 'SENT', offline = :offline, invoice_hash = :hash, session_reference = :session,
                    invoice_reference = null, batch = true, attempts = attempts + 1, sent_at = now(),
                    problem = null""",
                    params("offline", offline, "hash", item.hash(), "session", batch.referenceNumber()))) {
                sent.add(row.sent(batch.referenceNumber(), null, offline, true, item.hash()));
            }
        }
        try {
            for (KsefClient.Upload upload : batch.uploads()) {
                client.upload(upload, part);
            }
            client.closeBatch(base, token, batch.referenceNumber());
        }
        catch (KsefClient.Failure failure) {
            // a batch not uploaded and closed is dropped by KSeF: its invoices go again in a new session
            for (Row row : sent) {
                change(row, "state = 'WAITING', session_reference = null, batch = false", Map.of());
                pending.add(row);
            }
            throw failure;
        }
        inSession.addAll(sent);
        for (int round = 0; round < pollRounds && !inSession.isEmpty(); round++) {
            pause(pollPause);
            pollBatch(base, current, batch.referenceNumber(), inSession);
        }
        inSession.forEach(row -> release(row, STILL_PROCESSING, null));
        inSession.clear();
    }

    /** One ZIP of the invoices' FA(3) files as stored, one file per invoice. */
    private static byte[] zip(List<Ready> group) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (Ready item : group) {
                zip.putNextEntry(new java.util.zip.ZipEntry("invoice-" + item.row().id() + ".xml"));
                zip.write(item.xml());
                zip.closeEntry();
            }
        }
        catch (java.io.IOException e) {
            throw new IllegalStateException("A ZIP in memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Finds a batch's invoices among those KSeF unpacked (by hash) and stores what it says of each; removes from
     * {@code rows} those done with. Rows KSeF does not have once it finished the batch go again in a new session.
     */
    private void pollBatch(String base, Access current, String session, List<Row> rows) {
        String token = current.tokens().accessToken();
        Map<String, KsefClient.InvoiceState> found = client.sessionInvoices(base, token, session);
        List<Row> missing = new ArrayList<>();
        for (Row row : List.copyOf(rows)) {
            KsefClient.InvoiceState state = row.invoiceHash() == null ? null
                    : found.get(KsefCrypto.base64(row.invoiceHash()));
            if (state == null) {
                missing.add(row);
                continue;
            }
            Row known = row;
            if (row.invoiceRef() == null && state.referenceNumber() != null) {
                if (!change(row, "invoice_reference = :ref", params("ref", state.referenceNumber()))) {
                    rows.remove(row);
                    continue;
                }
                known = row.sent(session, state.referenceNumber(), row.offline(), true, row.invoiceHash());
                rows.set(rows.indexOf(row), known);
            }
            if (apply(base, current, known, state)) {
                rows.remove(known);
            }
        }
        if (!missing.isEmpty()) {
            int code = client.sessionStatus(base, token, session).code();
            if (code != 100 && code != 150 && code != 170) {
                // KSeF finished (or dropped) the batch without them: again, after a pause that grows, so that a
                // batch KSeF cannot read is not sent over and over
                missing.forEach(row -> {
                    resend(row, backoff(row.attempts()));
                    rows.remove(row);
                });
            }
        }
    }

    private String openSession(String base, Access current, KsefCrypto.SessionKey key) {
        try {
            return client.openOnline(base, current.tokens().accessToken(), current.keys(), key);
        }
        catch (KsefClient.Failure failure) {
            if (failure.kind() != KsefClient.Kind.UNKNOWN_KEY) {
                throw failure;
            }
            // the Ministry rotated its key: fetch the certificates again and try once more
            Access renewed = new Access(current.base(), current.nip(), current.tokenHash(),
                    client.keys(current.base()), current.tokens());
            access = renewed;
            return client.openOnline(base, renewed.tokens().accessToken(), renewed.keys(), key);
        }
    }

    /** The fresh session's invoices, polled a few times; what is still processing is left to the next pass. */
    private void pollFresh(String base, Access current, List<Row> open) {
        for (int round = 0; round < pollRounds && !open.isEmpty(); round++) {
            pause(pollPause);
            for (Row row : List.copyOf(open)) {
                if (settle(base, current, row)) {
                    open.remove(row);
                }
            }
        }
        open.forEach(row -> release(row, STILL_PROCESSING, null));
        open.clear();
    }

    private void closeQuietly(String base, Access current, String session) {
        try {
            client.close(base, current.tokens().accessToken(), session);
        }
        catch (KsefClient.Failure failure) {
            // a session left open closes by itself after 12 hours; nothing in it is lost
            log.info("KSeF session {} not closed: {}", session, failure.getMessage());
        }
    }

    // --- polling --------------------------------------------------------------------------------------------

    private void poll(String base, List<Row> rows) {
        List<Row> left = new ArrayList<>(rows);
        try {
            Access current = null;
            Map<String, List<Row>> batches = new LinkedHashMap<>();
            for (Row row : rows) {
                if (row.batch() && row.invoiceRef() == null && row.session() != null) {
                    batches.computeIfAbsent(row.session(), s -> new ArrayList<>()).add(row);
                }
            }
            for (Map.Entry<String, List<Row>> batch : batches.entrySet()) {
                if (current == null) {
                    Row first = batch.getValue().get(0);
                    current = access(base, nip(first, files.find(first.id(), "FA3").map(f -> f.content())
                            .orElse(null)));
                    if (current == null) {
                        waitAll(left, TOKEN_PROBLEM, "ksef.problem.noToken");
                        return;
                    }
                }
                List<Row> open = new ArrayList<>(batch.getValue());
                try {
                    pollBatch(base, current, batch.getKey(), open);
                }
                catch (KsefClient.Failure failure) {
                    if (failure.kind() != KsefClient.Kind.SESSION_GONE) {
                        throw failure;
                    }
                    open.forEach(row -> resend(row, Duration.ZERO));
                    open.clear();
                }
                open.forEach(row -> release(row, STILL_PROCESSING, null));
                left.removeAll(batch.getValue());
            }
            for (Row row : rows) {
                if (!left.contains(row)) {
                    continue;
                }
                if (row.invoiceRef() == null) {
                    // the pass that sent it stopped before KSeF's answer was stored: send again
                    resend(row, Duration.ZERO);
                    left.remove(row);
                    continue;
                }
                if (current == null) {
                    current = access(base, nip(row, files.find(row.id(), "FA3").map(f -> f.content()).orElse(null)));
                    if (current == null) {
                        waitAll(left, TOKEN_PROBLEM, "ksef.problem.noToken");
                        return;
                    }
                }
                if (!settle(base, current, row)) {
                    release(row, STILL_PROCESSING, null);
                }
                left.remove(row);
            }
            if (current != null) {
                contacted();
            }
        }
        catch (KsefClient.Failure failure) {
            problem(failure, left, false);
        }
    }

    /**
     * Asks after one sent invoice and stores what KSeF says; true when the row is done with for now (accepted,
     * rejected, back to waiting), false while KSeF is still processing it. Throws what stops the whole pass.
     */
    private boolean settle(String base, Access current, Row row) {
        KsefClient.InvoiceState state;
        try {
            state = client.invoiceState(base, current.tokens().accessToken(), row.session(), row.invoiceRef());
        }
        catch (KsefClient.Failure failure) {
            if (failure.kind() == KsefClient.Kind.SESSION_GONE) {
                // KSeF no longer knows the session: send again in a new one (a duplicate answer gives the number)
                resend(row, Duration.ZERO);
                return true;
            }
            throw failure;
        }
        return apply(base, current, row, state);
    }

    /** Stores what KSeF says of a sent invoice; true when the row is done with for now. */
    private boolean apply(String base, Access current, Row row, KsefClient.InvoiceState state) {
        KsefClient.Status status = state.status();
        switch (status.code()) {
            case 100, 150 -> {
                return false;
            }
            case 200 -> {
                byte[] upo = client.upo(base, current.tokens().accessToken(), row.session(), row.invoiceRef());
                accepted(row, state.ksefNumber(), upo, status, state.invoicingMode());
                return true;
            }
            case 440 -> {
                // KSeF has this invoice already (sent before a restart or by a pass that lost its answer)
                String number = status.extensions().get("originalKsefNumber");
                if (number == null) {
                    rejected(row, status.code(), status.description(), status.details());
                    return true;
                }
                byte[] upo = null;
                String original = status.extensions().get("originalSessionReferenceNumber");
                if (original != null) {
                    try {
                        upo = client.upoByNumber(base, current.tokens().accessToken(), original, number);
                    }
                    catch (KsefClient.Failure failure) {
                        log.info("UPO of {} not fetched: {}", number, failure.getMessage());
                    }
                }
                accepted(row, number, upo, status, state.invoicingMode());
                return true;
            }
            case 405, 500, 550 -> {
                // cancelled by KSeF itself ("try again"): nothing wrong with the invoice
                resend(row, backoff(row.attempts()));
                return true;
            }
            default -> {
                rejected(row, status.code(), status.description(), status.details());
                return true;
            }
        }
    }

    private void resend(Row row, Duration after) {
        change(row, """
                state = 'WAITING', session_reference = null, invoice_reference = null, claim = null,
                claimed_until = null, next_attempt_at = :next""",
                params("next", Timestamp.from(Instant.now().plus(after))));
    }

    private void accepted(Row row, String number, byte[] upo, KsefClient.Status status, String mode) {
        transaction.executeWithoutResult(tx -> {
            if (!change(row, """
                    state = 'ACCEPTED', ksef_number = :number, upo = :upo, status_code = :code,
                    status_description = :description, status_details = :details, accepted_at = now(),
                    invoicing_mode = :mode, problem = null, claim = null, claimed_until = null""",
                    params("number", number, "upo", upo, "code", status.code(), "description",
                            cut(status.description(), 500), "details", details(status.details()), "mode",
                            "Online".equals(mode) || "Offline".equals(mode) ? mode : null))) {
                return;
            }
            record(row, "KSEF_ACCEPTED", Phrase.of("ksef.timeline.accepted", number));
        });
    }

    private void rejected(Row row, Integer code, String description, List<String> details) {
        transaction.executeWithoutResult(tx -> {
            if (!change(row, """
                    state = 'REJECTED', status_code = :code, status_description = :description,
                    status_details = :details, problem = null, claim = null, claimed_until = null""",
                    params("code", code, "description", cut(description, 500), "details", details(details)))) {
                return;
            }
            record(row, "KSEF_REJECTED", Phrase.of("ksef.timeline.rejected", code == null ? "" : code.toString(),
                    description == null ? "" : description));
            if (row.ownerId() != null) {
                // the invoice's owner hears of it once: the invoice must be corrected and issued again
                notifications.notify(row.ownerId(), "KSEF_REJECTED", Phrase.of("ksef.notification.rejected",
                        row.number(), code == null ? "" : code.toString()), "/invoices/" + row.id(), row.id());
            }
        });
    }

    private void record(Row row, String kind, Phrase body) {
        if (row.companyId() == null && row.contactId() == null) {
            return;
        }
        timeline.record(TimelineRecord.coded(row.companyId(), row.companyId() == null ? row.contactId() : null,
                kind, row.number(), body, "billing", row.id(), null));
    }

    // --- problems -------------------------------------------------------------------------------------------

    /** What a failure means for the rows still in hand and for the settings page. */
    private void problem(KsefClient.Failure failure, List<Row> rows, boolean waiting) {
        switch (failure.kind()) {
            case RATE_LIMITED -> {
                Duration wait = failure.retryAfter();
                jdbc.sql("update ksef_settings set blocked_until = :until, last_contact_at = now()")
                        .param("until", Timestamp.from(Instant.now().plus(wait))).update();
                noted("ksef.problem.rateLimited", false, failure);
                rows.forEach(row -> release(row, wait, null));
            }
            case UNAVAILABLE -> {
                noted("ksef.problem.unavailable", true, failure);
                for (Row row : rows) {
                    // issued invoices KSeF could not take now go in offline mode when it is back
                    change(row, """
                            offline = offline or :waiting, attempts = attempts + 1, claim = null,
                            claimed_until = null, next_attempt_at = :next, problem = 'ksef.problem.unavailable'""",
                            params("waiting", waiting, "next",
                                    Timestamp.from(Instant.now().plus(backoff(row.attempts())))));
                }
            }
            case TOKEN_REFUSED, NO_PERMISSION, UNAUTHORIZED -> {
                access = null;
                String code = failure.kind() == KsefClient.Kind.NO_PERMISSION ? "ksef.problem.noPermission"
                        : "ksef.problem.tokenRefused";
                boolean expired = failure.kind() == KsefClient.Kind.UNAUTHORIZED;
                if (!expired) {
                    noted(code, false, failure);
                }
                rows.forEach(row -> release(row, expired ? Duration.ZERO : TOKEN_PROBLEM, expired ? null : code));
            }
            case UNKNOWN_KEY, SESSION_GONE -> {
                access = null;
                rows.forEach(row -> release(row, Duration.ZERO, null));
            }
            case REFUSED -> {
                log.warn("KSeF refused a request: {}", failure.getMessage());
                noted("ksef.problem.refused", false, failure);
                rows.forEach(row -> release(row, backoff(row.attempts()), "ksef.problem.refused"));
            }
        }
    }

    private void waitAll(List<Row> rows, Duration after, String problem) {
        noted(problem, false, null);
        rows.forEach(row -> release(row, after, problem));
    }

    /** KSeF answered: it is available again and nothing stands in the way. */
    private void contacted() {
        String before = jdbc.sql("""
                update ksef_settings s set last_contact_at = now(), unavailable_since = null, last_problem = null,
                    last_problem_at = null, last_problem_cause = null, last_problem_status = null,
                    last_problem_url = null
                from (select last_problem from ksef_settings) old_state
                returning old_state.last_problem""").query(String.class).optional().orElse(null);
        if (before != null) {
            // one line when things change, not one per pass
            log.warn("KSeF at {} answers again (the last problem was {})", base, before);
        }
    }

    /**
     * Records a problem with its cause and the address called; logs one line when the problem is new (not again on
     * every pass while it lasts). Never the token: only the address, the problem's code and the cause.
     */
    private void noted(String problem, boolean unavailable, KsefClient.Failure failure) {
        String cause = cause(failure);
        Integer status = failure == null || failure.httpStatus() == 0 ? null : failure.httpStatus();
        String before = jdbc.sql("""
                update ksef_settings s set last_problem = :problem, last_problem_at = now(),
                    last_problem_cause = :cause, last_problem_status = :status, last_problem_url = :url,
                    unavailable_since = case when :unavailable then coalesce(s.unavailable_since, now()) end,
                    last_contact_at = case when :unavailable then s.last_contact_at else now() end
                from (select last_problem from ksef_settings) old_state
                returning old_state.last_problem""")
                .param("problem", problem).param("unavailable", unavailable).param("cause", cause)
                .param("status", status).param("url", base == null ? null : cut(base, 500)).query(String.class)
                .optional().orElse(null);
        if (!problem.equals(before)) {
            log.warn("KSeF problem at {}: {} ({}{})", base, problem, cause == null ? "no cause known" : cause,
                    status == null ? "" : " " + status);
        }
    }

    /** Why a call failed, as a code the settings page words: no connection, no answer in time, an HTTP status. */
    static String cause(KsefClient.Failure failure) {
        if (failure == null) {
            return null;
        }
        if (failure.httpStatus() > 0) {
            return "HTTP";
        }
        String what = failure.description() == null ? "" : failure.description();
        if (what.contains("Timeout")) {
            return "TIMEOUT";
        }
        if (what.equals("ConnectException") || what.contains("Refused")) {
            return "CONNECTION_REFUSED";
        }
        return "NETWORK";
    }

    private boolean blocked() {
        return jdbc.sql("select coalesce(blocked_until > now(), false) from ksef_settings").query(Boolean.class).optional()
                .map(Boolean.TRUE::equals).orElse(false);
    }

    // --- authentication -------------------------------------------------------------------------------------

    /** A usable access token for this address, NIP and KSeF token: the last one, refreshed, or a new one. */
    private Access access(String base, String nip) {
        Optional<String> token = account.token().filter(t -> !t.isBlank());
        if (token.isEmpty()) {
            return null;
        }
        byte[] tokenHash = KsefCrypto.sha256(token.get().getBytes(StandardCharsets.UTF_8));
        Access known = access;
        Instant soon = Instant.now().plusSeconds(60);
        if (known != null && known.base().equals(base) && known.nip().equals(nip)
                && MessageDigest.isEqual(known.tokenHash(), tokenHash)) {
            if (known.tokens().accessValidUntil() == null || known.tokens().accessValidUntil().isAfter(soon)) {
                return known;
            }
            if (known.tokens().refreshValidUntil() != null && known.tokens().refreshValidUntil().isAfter(soon)) {
                try {
                    Access refreshed = new Access(base, nip, tokenHash, known.keys(),
                            client.refresh(base, known.tokens()));
                    access = refreshed;
                    return refreshed;
                }
                catch (KsefClient.Failure failure) {
                    if (failure.kind() == KsefClient.Kind.UNAVAILABLE
                            || failure.kind() == KsefClient.Kind.RATE_LIMITED) {
                        throw failure;
                    }
                    // a refresh token no longer good: authenticate again with the KSeF token
                }
            }
        }
        KsefClient.Keys keys = known != null && known.base().equals(base) ? known.keys() : client.keys(base);
        KsefClient.Tokens tokens;
        try {
            tokens = client.authenticate(base, keys, nip, token.get());
        }
        catch (KsefClient.Failure failure) {
            if (failure.kind() != KsefClient.Kind.UNKNOWN_KEY) {
                throw failure;
            }
            keys = client.keys(base);
            tokens = client.authenticate(base, keys, nip, token.get());
        }
        Access fresh = new Access(base, nip, tokenHash, keys, tokens);
        access = fresh;
        return fresh;
    }

    private static String nip(Ready ready) {
        return nip(ready.row(), ready.xml());
    }

    /** The seller's NIP as the FA(3) XML (or else the printed invoice) has it: the context KSeF authenticates for. */
    private static String nip(Row row, byte[] xml) {
        Matcher matcher = SELLER_NIP.matcher(xml == null ? "" : new String(xml, StandardCharsets.UTF_8));
        if (matcher.find()) {
            return matcher.group(1);
        }
        String digits = row.sellerTaxId() == null ? "" : row.sellerTaxId().replaceAll("\\D", "");
        return digits.length() > 10 ? digits.substring(digits.length() - 10) : digits;
    }

    // --- small things ---------------------------------------------------------------------------------------

    static Duration backoff(int attempts) {
        long seconds = 30L << Math.min(Math.max(attempts, 0), 7);
        return Duration.ofSeconds(Math.min(seconds, 3600));
    }

    private static String details(List<String> details) {
        return details == null || details.isEmpty() ? null : String.join("\n", details);
    }

    private static String cut(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<String> lines(String details) {
        return details == null ? List.of() : Arrays.asList(details.split("\n"));
    }
}
