package app.klient.billing.ksef;

import app.klient.identity.RecordKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.billing.InvoiceView;
import app.klient.billing.Invoices;
import app.klient.billing.einvoice.InvoiceFiles;
import app.klient.platform.KlientException;
import app.klient.platform.RefusedTransition;
import app.klient.platform.db.Versions;
import app.klient.platform.web.CountedPage;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What people see of an invoice's way to KSeF: its state in plain words, its receipt (UPO), the KSeF number and QR
 * code on its PDF, the list of invoices still waiting or refused, and sending a refused one again. The KSeF client
 * and its job move the invoices along; this only reads their rows and puts a rejected one back in the queue.
 */
@Service
public class KsefProgress {

    /** The states a person filters the list by; ACCEPTED is the end of the way and not listed by default. */
    public static final List<String> STATES = List.of("WAITING", "SENT", "REJECTED", "ACCEPTED");

    /** Invoice status codes KSeF documents (open-api.json, SessionInvoiceStatusResponse) with words of their own. */
    static final Set<Integer> EXPLAINED = Set.of(405, 410, 415, 430, 435, 440, 450, 500, 550);

    /** KSeF is mandatory for invoices issued from this day (the large companies'; everyone else from 1 April). */
    public static final LocalDate MANDATORY_FROM = LocalDate.of(2026, 2, 1);

    private final JdbcClient jdbc;
    private final Invoices invoices;
    private final InvoiceFiles files;
    private final KsefAccount account;
    private final Versions versions;
    private final AuditLog audit;
    private final MessageSource messages;

    KsefProgress(JdbcClient jdbc, Invoices invoices, InvoiceFiles files, KsefAccount account, Versions versions,
            AuditLog audit, MessageSource messages) {
        this.jdbc = jdbc;
        this.invoices = invoices;
        this.files = files;
        this.account = account;
        this.versions = versions;
        this.audit = audit;
        this.messages = messages;
    }

    private record Row(String state, boolean offline, String ksefNumber, Integer statusCode, String description,
            String details, boolean upo, int attempts, Instant queuedAt, Instant sentAt, Instant acceptedAt,
            byte[] hash, int version, KsefEnvironment environment) {
    }

    @Transactional(readOnly = true)
    public KsefState of(long invoiceId) {
        return of(invoices.get(invoiceId));
    }

    @Transactional(readOnly = true)
    public KsefState of(InvoiceView invoice) {
        KsefSettings settings = account.settings();
        boolean enabled = settings.enabled();
        boolean polish = polish(invoice);
        Optional<Row> row = row(invoice.id());
        if (row.isEmpty()) {
            return new KsefState(invoice.id(), polish, enabled, null, false, null, null, null, null, null, null,
                    false, 0, null, null, null, null, null, null, settings.environment());
        }
        Row r = row.get();
        boolean rejected = "REJECTED".equals(r.state());
        return new KsefState(invoice.id(), polish, enabled, r.state(), r.offline(), r.ksefNumber(), r.statusCode(),
                r.description(), r.details(), rejected ? reason(r.statusCode(), r.description()) : null,
                rejected ? todo(r.statusCode()) : null, r.upo(), r.attempts(), r.queuedAt(), r.sentAt(),
                r.acceptedAt(), verificationUrl(invoice, r.hash(), r.environment()).orElse(null), r.version(),
                r.environment(), settings.environment());
    }

    /** The official receipt of an accepted invoice, as KSeF gave it (XML signed by the Ministry). */
    @Transactional(readOnly = true)
    public byte[] upo(long invoiceId) {
        invoices.get(invoiceId);
        return jdbc.sql("select upo from ksef_submissions where invoice_id = :id and upo is not null")
                .param("id", invoiceId).query((rs, n) -> rs.getBytes(1)).optional()
                .orElseThrow(() -> KlientException.notFound("ksef.noUpo"));
    }

    /**
     * Puts a rejected invoice back in the queue, from the version its sender saw: the job sends the same stored FA(3)
     * file again. For whoever may act on the invoice.
     */
    @Transactional
    public KsefState resend(long invoiceId, Integer version) {
        InvoiceView invoice = invoices.get(invoiceId);
        Invoices.checkActOn(RecordKind.INVOICE, invoice.id(), invoice.ownerId());
        Versions.required(version);
        String before = row(invoiceId).map(Row::state).orElseThrow(() -> KlientException.notFound("ksef.notQueued"));
        versions.change("ksef_submissions", invoiceId, version).set("""
                state = 'WAITING', attempts = 0, next_attempt_at = now(), updated_at = now()""")
                .notFound("ksef.notQueued")
                .onlyIf("state = 'REJECTED'", () -> new RefusedTransition("ksef.resendNotRejected",
                        "ksef.state." + before))
                .apply();
        audit.record(AuditAction.UPDATE, "ksefSubmission", invoiceId, invoice.number(),
                List.of(new FieldChange("state", "REJECTED", "WAITING")));
        return of(invoice);
    }

    /**
     * The KSeF mark printed on the invoice's PDF: present once the invoice is on its way to KSeF and its FA(3) file
     * (or the hash sent) is known; none for an invoice KSeF never got (KSeF switched off, a Czech invoice).
     */
    @Transactional(readOnly = true)
    public Optional<KsefQrCode.Printed> printed(InvoiceView invoice) {
        return row(invoice.id()).flatMap(r -> verificationUrl(invoice, r.hash(), r.environment())
                .map(url -> KsefQrCode.printed(url, r.ksefNumber())));
    }

    /** Invoices on their way to KSeF in {@code state} (null: all but the accepted ones), the newest first. */
    @Transactional(readOnly = true)
    public CountedPage<KsefRow> list(String state, Pageable page) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where;
        if (state != null && STATES.contains(state)) {
            where = " where s.state = :state";
            params.put("state", state);
        }
        else {
            where = " where s.state in ('WAITING', 'SENT', 'REJECTED')";
        }
        String from = " from ksef_submissions s join invoices i on i.id = s.invoice_id" + where;
        Map<String, Object> paged = new LinkedHashMap<>(params);
        paged.put("limit", page.getPageSize());
        paged.put("offset", page.getOffset());
        List<KsefRow> rows = jdbc.sql("""
                select i.id, i.number, i.buyer_name, i.issue_date, i.gross_total, i.currency, s.state, s.offline,
                       s.status_code, s.status_description, s.queued_at""" + from
                + " order by s.queued_at desc, i.id desc limit :limit offset :offset").params(paged)
                .query(this::listed).list();
        return CountedPage.of(rows, page, jdbc, from, params);
    }

    /**
     * The Polish invoices issued since KSeF became mandatory and never queued: with KSeF switched off those that would
     * be sent, with it on those issued while it was off (sent from the list by {@link #sendUnsent()}).
     */
    @Transactional(readOnly = true)
    public CountedPage<KsefRow> wouldBeSent(Pageable page) {
        Map<String, Object> params = Map.of("from", MANDATORY_FROM);
        String from = " " + UNSENT;
        Map<String, Object> paged = new LinkedHashMap<>(params);
        paged.put("limit", page.getPageSize());
        paged.put("offset", page.getOffset());
        List<KsefRow> rows = jdbc.sql("""
                select i.id, i.number, i.buyer_name, i.issue_date, i.gross_total, i.currency, null as state,
                       false as offline, null as status_code, null as status_description, null as queued_at"""
                + from + " order by i.issue_date desc, i.id desc limit :limit offset :offset").params(paged)
                .query(this::listed).list();
        return CountedPage.of(rows, page, jdbc, from, params);
    }

    /** The Polish invoices issued since KSeF became mandatory that KSeF never got (issued while it was off). */
    private static final String UNSENT = """
            from invoices i where i.seller_country = 'PL' and i.issue_date >= :from
              and not exists (select 1 from ksef_submissions s where s.invoice_id = i.id)""";

    /**
     * Queues, in one statement, every Polish invoice issued since KSeF became mandatory that was never queued (issued
     * while KSeF was switched off): for the administrator, who switched KSeF on, since it sends other people's
     * invoices too. Sending twice queues nothing more. Returns how many were queued.
     */
    @Transactional
    public int sendUnsent() {
        KsefAccount.checkAdministrator();
        KsefSettings settings = account.settings();
        if (!settings.enabled()) {
            throw KlientException.conflict("ksef.sendNeedsKsefOn");
        }
        List<Long> queued = jdbc.sql("insert into ksef_submissions (invoice_id, state, environment) "
                + "select i.id, 'WAITING', :environment " + UNSENT
                + " on conflict (invoice_id) do nothing returning invoice_id")
                .param("environment", settings.environment().name()).param("from", MANDATORY_FROM)
                .query(Long.class).list();
        audit.recordForEach(AuditAction.CREATE, "ksefSubmission", queued, null,
                List.of(new FieldChange("state", null, "WAITING")));
        return queued.size();
    }

    /**
     * Queues one Polish invoice KSeF never got (issued while KSeF was switched off): for whoever may act on it.
     * Already queued: nothing changes.
     */
    @Transactional
    public KsefState send(long invoiceId) {
        InvoiceView invoice = invoices.get(invoiceId);
        Invoices.checkActOn(RecordKind.INVOICE, invoice.id(), invoice.ownerId());
        KsefSettings settings = account.settings();
        if (!settings.enabled()) {
            throw KlientException.conflict("ksef.sendNeedsKsefOn");
        }
        if (!sendable(invoice)) {
            throw KlientException.conflict("ksef.sendNotPolish", MANDATORY_FROM);
        }
        int queued = jdbc.sql("""
                insert into ksef_submissions (invoice_id, state, environment) values (:id, 'WAITING', :environment)
                on conflict (invoice_id) do nothing""").param("id", invoiceId)
                .param("environment", settings.environment().name()).update();
        if (queued > 0) {
            audit.record(AuditAction.CREATE, "ksefSubmission", invoiceId, invoice.number(),
                    List.of(new FieldChange("state", null, "WAITING")));
        }
        return of(invoice);
    }

    /** An invoice KSeF may be sent by hand: Polish, issued since KSeF became mandatory. */
    public static boolean sendable(InvoiceView invoice) {
        return polish(invoice) && !invoice.issueDate().isBefore(MANDATORY_FROM);
    }

    /** How many invoices {@link #sendUnsent()} would queue now. */
    @Transactional(readOnly = true)
    public long unsentCount() {
        return jdbc.sql("select count(*) " + UNSENT).param("from", MANDATORY_FROM).query(Long.class).single();
    }

    /** A rejection in plain words, in the reader's language; KSeF's own description for codes it did not document. */
    public String reason(Integer code, String description) {
        String text = description == null || description.isBlank() ? "-" : description;
        if (code != null && EXPLAINED.contains(code)) {
            return message("ksef.status." + code, text);
        }
        return message("ksef.status.other", text);
    }

    public String todo(Integer code) {
        return message(code != null && EXPLAINED.contains(code) ? "ksef.todo." + code : "ksef.todo.other");
    }

    public static boolean polish(InvoiceView invoice) {
        return invoice.seller() != null && "PL".equals(invoice.seller().country());
    }

    /** The QR link in the environment the invoice was queued for, whatever the settings say now. */
    private Optional<String> verificationUrl(InvoiceView invoice, byte[] sentHash, KsefEnvironment environment) {
        String nip = KsefAccount.nip(invoice.seller().taxId());
        if (nip == null) {
            return Optional.empty();
        }
        byte[] hash = files.find(invoice.id(), "FA3").map(InvoiceFiles.InvoiceFile::sha256).orElse(sentHash);
        if (hash == null) {
            return Optional.empty();
        }
        return Optional.of(KsefQrCode.verificationUrl(environment, nip, invoice.issueDate(),
                hash));
    }

    private Optional<Row> row(long invoiceId) {
        return jdbc.sql("""
                select state, offline, ksef_number, status_code, status_description, status_details,
                       upo is not null, attempts, queued_at, sent_at, accepted_at, invoice_hash, version,
                       environment
                from ksef_submissions where invoice_id = :id""").param("id", invoiceId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getBoolean(2), rs.getString(3),
                        (Integer) rs.getObject(4), rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getInt(8),
                        instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11)),
                        rs.getBytes(12), rs.getInt(13), KsefEnvironment.valueOf(rs.getString(14))))
                .optional();
    }

    private KsefRow listed(ResultSet rs, int n) throws SQLException {
        String state = rs.getString("state");
        Integer code = (Integer) rs.getObject("status_code");
        return new KsefRow(rs.getLong("id"), rs.getString("number"), rs.getString("buyer_name"),
                rs.getObject("issue_date", LocalDate.class), rs.getBigDecimal("gross_total"), rs.getString("currency"),
                state, rs.getBoolean("offline"), code,
                "REJECTED".equals(state) ? reason(code, rs.getString("status_description")) : null,
                instant(rs.getTimestamp("queued_at")));
    }

    private String message(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
