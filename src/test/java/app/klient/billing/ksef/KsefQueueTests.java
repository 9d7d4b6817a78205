package app.klient.billing.ksef;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.klient.billing.einvoice.InvoiceFiles;
import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.Race;
import app.klient.support.WebTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Issued Polish invoices go to KSeF through the real queue job and the real client, pointed at a local stand-in of
 * KSeF API 2.0 ({@link KsefStandIn}) at run time through {@link KsefEndpoint#pointAt}. KSeF is switched on for each
 * test in {@code ksef_settings} and the row is put back as it was afterwards: other tests share the database.
 */
class KsefQueueTests extends WebTest {

    private static final String SELLER_NIP = "5265877635";
    private static KsefStandIn ksef;

    /** The token is a credential: stored sealed, as the settings page stores it. */
    @Autowired
    private app.klient.platform.Secrets secrets;

    @Autowired
    private KsefJob job;

    @Autowired
    private KsefEndpoint endpoint;

    @Autowired
    private InvoiceFiles files;

    private Map<String, Object> settingsBefore;
    private String sellerTaxIdBefore;
    private final List<Long> mine = new ArrayList<>();
    private Http api;
    private long buyer;

    @BeforeAll
    static void startKsef() {
        ksef = new KsefStandIn();
    }

    @AfterAll
    static void stopKsef() {
        ksef.close();
    }

    @BeforeEach
    void switchKsefOn() {
        ksef.reset();
        endpoint.pointAt(ksef.baseUrl());
        job.polling(20, Duration.ofMillis(100));
        job.batchFrom(20);
        settingsBefore = jdbc.sql("""
                select enabled, environment, token, enabled_at, last_contact_at, last_problem, last_problem_at,
                       unavailable_since, blocked_until from ksef_settings""").query().singleRow();
        jdbc.sql("""
                update ksef_settings set enabled = true, environment = 'TEST', token = :token, enabled_at = now(),
                    last_contact_at = null, last_problem = null, last_problem_at = null, unavailable_since = null,
                    blocked_until = null""").param("token", secrets.seal(ksef.token())).update();
        // KSeF authenticates for the seller's NIP: the invoices' frozen seller carries it as their FA(3) files do
        sellerTaxIdBefore = jdbc.sql("select tax_id from seller_profile").query(String.class).optional().orElse(null);
        jdbc.sql("update seller_profile set tax_id = :nip").param("nip", SELLER_NIP).update();
        api = apiAs(Role.MANAGER);
        buyer = company(api, "KSeF buyer " + UUID.randomUUID(), "PL", null);
    }

    @AfterEach
    void putSettingsBack() {
        try {
            // what a test left unfinished must not be sent by a later test's pass
            if (!mine.isEmpty()) {
                jdbc.sql("""
                        update ksef_submissions set next_attempt_at = now() + interval '100 years', claim = null,
                            claimed_until = null where invoice_id in (:ids) and state in ('WAITING', 'SENT')""")
                        .param("ids", mine).update();
            }
            jdbc.sql("""
                    update ksef_settings set enabled = :enabled, environment = :environment, token = :token,
                        enabled_at = :enabledAt, last_contact_at = :lastContact, last_problem = :problem,
                        last_problem_at = :problemAt, unavailable_since = :unavailable, blocked_until = :blocked""")
                    .param("enabled", settingsBefore.get("enabled"))
                    .param("environment", settingsBefore.get("environment"))
                    .param("token", settingsBefore.get("token"))
                    .param("enabledAt", settingsBefore.get("enabled_at"))
                    .param("lastContact", settingsBefore.get("last_contact_at"))
                    .param("problem", settingsBefore.get("last_problem"))
                    .param("problemAt", settingsBefore.get("last_problem_at"))
                    .param("unavailable", settingsBefore.get("unavailable_since"))
                    .param("blocked", settingsBefore.get("blocked_until")).update();
            jdbc.sql("update seller_profile set tax_id = :taxId").param("taxId", sellerTaxIdBefore).update();
        }
        finally {
            endpoint.reset();
            ksef.up();
        }
    }

    @Test
    void issued_polish_invoice_gets_its_ksef_number_and_upo() {
        long id = issue();
        assertThat(submission(id).get("state")).isEqualTo("WAITING");
        byte[] xml = xml(id);

        job.run();

        Map<String, Object> row = submission(id);
        assertThat(row.get("state")).isEqualTo("ACCEPTED");
        String number = (String) row.get("ksef_number");
        assertThat(number).matches(SELLER_NIP + "-\\d{8}-[0-9A-F]{12}-[0-9A-F]{2}").hasSize(35);
        assertThat(KsefStandIn.crc8(number.substring(0, 32).getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(Integer.parseInt(number.substring(33), 16));
        assertThat((byte[]) row.get("invoice_hash")).isEqualTo(InvoiceFiles.sha256(xml));
        assertThat(new String((byte[]) row.get("upo"), StandardCharsets.UTF_8)).contains(number);
        assertThat(row.get("status_code")).isEqualTo(200);
        assertThat(row.get("offline")).isEqualTo(false);
        assertThat(ksef.receipts(InvoiceFiles.sha256(xml))).isOne();
        assertThat(ksef.offlineMode(InvoiceFiles.sha256(xml))).isFalse();
        assertThat(ksef.requests()).contains("POST /v2/sessions/online/" + row.get("session_reference") + "/close");
        assertThat(settings().get("last_contact_at")).isNotNull();
        assertThat(settings().get("last_problem")).isNull();
        assertThat(jdbc.sql("select count(*) from timeline_entries where source_module = 'billing' "
                + "and source_id = :id and kind = 'KSEF_ACCEPTED'").param("id", id).query(Long.class).single())
                .isOne();
    }

    @Test
    void many_invoices_go_in_one_session() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(issue());
        }
        ids.forEach(this::xml);

        job.run();

        assertThat(ids).allSatisfy(id -> assertThat(submission(id).get("state")).isEqualTo("ACCEPTED"));
        assertThat(ids.stream().map(id -> submission(id).get("session_reference")).distinct()).hasSize(1);
        assertThat(ids.stream().map(id -> submission(id).get("ksef_number")).distinct()).hasSize(5);
        assertThat(ksef.sessionsOpened()).isOne();
    }

    @Test
    void many_invoices_at_once_go_in_one_batch_session() {
        job.batchFrom(3);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(issue());
        }
        List<byte[]> hashes = ids.stream().map(id -> InvoiceFiles.sha256(xml(id))).toList();

        job.run();

        assertThat(ids).allSatisfy(id -> {
            Map<String, Object> row = submission(id);
            assertThat(row.get("state")).isEqualTo("ACCEPTED");
            assertThat(row.get("batch")).isEqualTo(true);
            assertThat(row.get("upo")).isNotNull();
        });
        assertThat(ids.stream().map(id -> submission(id).get("session_reference")).distinct()).hasSize(1);
        assertThat(ksef.batchesOpened()).isOne();
        assertThat(ksef.sessionsOpened()).isZero();
        assertThat(hashes).allSatisfy(hash -> assertThat(ksef.receipts(hash)).isOne());
    }

    @Test
    void a_batch_still_processing_when_the_node_restarts_is_finished_without_sending_again() {
        job.batchFrom(2);
        long first = issue();
        long second = issue();
        byte[] hash = InvoiceFiles.sha256(xml(first));
        xml(second);
        ksef.holdProcessing(true);
        job.polling(1, Duration.ofMillis(10));

        job.run();
        assertThat(submission(first).get("state")).isEqualTo("SENT");

        ksef.holdProcessing(false);
        due(first, second);
        job.restarted().run();

        assertThat(submission(first).get("state")).isEqualTo("ACCEPTED");
        assertThat(submission(second).get("state")).isEqualTo("ACCEPTED");
        assertThat(ksef.receipts(hash)).isOne();
        assertThat(ksef.batchesOpened()).isOne();
    }

    @Test
    void rejected_invoice_keeps_ksefs_code_and_reason() {
        long id = issue();
        xml(id);
        ksef.rejectNext(450, "Błąd weryfikacji semantyki dokumentu faktury",
                "Nieprawidłowa wartość elementu P_13_1.", "Brak elementu P_6.");

        job.run();

        Map<String, Object> row = submission(id);
        assertThat(row.get("state")).isEqualTo("REJECTED");
        assertThat(row.get("status_code")).isEqualTo(450);
        assertThat(row.get("status_description")).isEqualTo("Błąd weryfikacji semantyki dokumentu faktury");
        assertThat(KsefJob.lines((String) row.get("status_details")))
                .containsExactly("Nieprawidłowa wartość elementu P_13_1.", "Brak elementu P_6.");
        assertThat(row.get("ksef_number")).isNull();
        assertThat(jdbc.sql("select count(*) from timeline_entries where source_module = 'billing' "
                + "and source_id = :id and kind = 'KSEF_REJECTED'").param("id", id).query(Long.class).single())
                .isOne();
        // the invoice's owner hears of it in the bell
        assertThat(jdbc.sql("""
                select count(*) from notifications n join invoices i on i.owner_id = n.user_id
                where i.id = :id and n.kind = 'KSEF_REJECTED' and n.source_id = :id and n.link = :link""")
                .param("id", id).param("link", "/invoices/" + id).query(Long.class).single()).isOne();
    }

    @Test
    void too_many_requests_waits_for_retry_after_and_then_sends_once() throws InterruptedException {
        long id = issue();
        byte[] hash = InvoiceFiles.sha256(xml(id));
        ksef.tooManyRequests("POST /v2/sessions/online/", 2);

        Instant before = Instant.now();
        job.run();

        Map<String, Object> row = submission(id);
        assertThat(row.get("state")).isEqualTo("WAITING");
        assertThat(((Timestamp) row.get("next_attempt_at")).toInstant())
                .isAfterOrEqualTo(before.plusSeconds(2));
        assertThat(ksef.receipts(hash)).isZero();

        int asked = ksef.requests().size();
        job.run();
        assertThat(ksef.requests()).hasSize(asked);
        assertThat(submission(id).get("state")).isEqualTo("WAITING");

        Thread.sleep(2100);
        job.run();
        assertThat(submission(id).get("state")).isEqualTo("ACCEPTED");
        assertThat(ksef.receipts(hash)).isOne();
    }

    @Test
    void ksef_down_leaves_invoices_offline_and_sends_them_with_offline_mode_when_it_is_back() {
        long first = issue();
        byte[] firstHash = InvoiceFiles.sha256(xml(first));
        ksef.down();

        job.run();

        Map<String, Object> row = submission(first);
        assertThat(row.get("state")).isEqualTo("WAITING");
        assertThat(row.get("offline")).isEqualTo(true);
        assertThat(row.get("problem")).isEqualTo("ksef.problem.unavailable");
        assertThat(settings().get("last_problem")).isEqualTo("ksef.problem.unavailable");
        assertThat(settings().get("unavailable_since")).isNotNull();

        // issued while KSeF is known to be unavailable: queued in offline mode from the start
        long second = issue();
        byte[] secondHash = InvoiceFiles.sha256(xml(second));
        assertThat(submission(second).get("offline")).isEqualTo(true);

        ksef.up();
        ksef.unavailable(true);
        due(first, second);
        job.run();
        assertThat(submission(first).get("state")).isEqualTo("WAITING");
        assertThat(ksef.receipts(firstHash)).isZero();

        ksef.unavailable(false);
        due(first, second);
        job.run();

        assertThat(submission(first).get("state")).isEqualTo("ACCEPTED");
        assertThat(submission(second).get("state")).isEqualTo("ACCEPTED");
        assertThat(ksef.offlineMode(firstHash)).isTrue();
        assertThat(ksef.offlineMode(secondHash)).isTrue();
        assertThat(submission(first).get("invoicing_mode")).isEqualTo("Offline");
        assertThat(settings().get("unavailable_since")).isNull();
        assertThat(settings().get("last_problem")).isNull();
    }

    @Test
    void a_pass_stopped_after_sending_is_finished_by_the_next_without_sending_again() {
        long id = issue();
        byte[] hash = InvoiceFiles.sha256(xml(id));
        ksef.holdProcessing(true);
        job.polling(1, Duration.ofMillis(10));

        job.run();

        Map<String, Object> sent = submission(id);
        assertThat(sent.get("state")).isEqualTo("SENT");
        assertThat(sent.get("invoice_reference")).isNotNull();
        assertThat(sent.get("claim")).isNull();

        // the node restarts: a new job with nothing in memory, KSeF has finished processing meanwhile
        ksef.holdProcessing(false);
        due(id);
        KsefJob restarted = job.restarted();
        restarted.run();

        Map<String, Object> row = submission(id);
        assertThat(row.get("state")).isEqualTo("ACCEPTED");
        assertThat(row.get("ksef_number")).isNotNull();
        assertThat(row.get("upo")).isNotNull();
        assertThat(ksef.receipts(hash)).isOne();
    }

    @Test
    void a_session_ksef_forgot_is_sent_again_and_the_duplicate_answer_gives_the_number_already_given() {
        long id = issue();
        byte[] hash = InvoiceFiles.sha256(xml(id));
        job.run();
        String number = (String) submission(id).get("ksef_number");
        assertThat(number).isNotNull();
        // the stored answer is lost (a crash before the status came back) and KSeF forgot the session
        jdbc.sql("""
                update ksef_submissions set state = 'SENT', ksef_number = null, upo = null, accepted_at = null,
                    next_attempt_at = now() where invoice_id = :id""").param("id", id).update();
        ksef.forgetSessions();

        // one pass finds the session gone, puts the invoice back among the waiting and sends it in a new session
        job.restarted().run();

        Map<String, Object> row = submission(id);
        assertThat(row.get("state")).isEqualTo("ACCEPTED");
        assertThat(row.get("ksef_number")).isEqualTo(number);
        assertThat(row.get("status_code")).isEqualTo(440);
        assertThat(ksef.receipts(hash)).isEqualTo(2);
    }

    @Test
    void two_passes_at_once_send_each_invoice_once() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(issue());
        }
        List<byte[]> hashes = ids.stream().map(id -> InvoiceFiles.sha256(xml(id))).toList();
        KsefJob other = job.restarted();
        other.polling(20, Duration.ofMillis(100));
        // the second pass starts while the first is still sending the invoices it claimed
        ksef.slowReceipts(Duration.ofMillis(150));

        Race.run(() -> {
            job.run();
            return true;
        }, () -> {
            pause(Duration.ofMillis(300));
            other.run();
            return true;
        });
        // whatever one pass left claimed or processing, the next passes finish
        for (int i = 0; i < 3 && ids.stream().anyMatch(id -> !"ACCEPTED".equals(submission(id).get("state"))); i++) {
            due(ids.toArray(Long[]::new));
            job.run();
        }

        assertThat(ids).allSatisfy(id -> assertThat(submission(id).get("state")).isEqualTo("ACCEPTED"));
        assertThat(hashes).allSatisfy(hash -> assertThat(ksef.receipts(hash)).isOne());
    }

    @Test
    void a_revoked_token_leaves_the_invoice_waiting_with_the_problem_recorded() {
        long id = issue();
        byte[] hash = InvoiceFiles.sha256(xml(id));
        ksef.revokeToken();

        job.run();

        Map<String, Object> row = submission(id);
        assertThat(row.get("state")).isEqualTo("WAITING");
        assertThat(row.get("problem")).isEqualTo("ksef.problem.tokenRefused");
        assertThat(row.get("status_code")).isNull();
        assertThat(settings().get("last_problem")).isEqualTo("ksef.problem.tokenRefused");
        assertThat(settings().get("unavailable_since")).isNull();
        assertThat(ksef.receipts(hash)).isZero();
        assertThat(ksef.requests()).noneMatch(r -> r.matches("POST /v2/sessions/online/.*/invoices"));
    }

    @Test
    void invoices_are_queued_only_while_ksef_is_switched_on() {
        jdbc.sql("update ksef_settings set enabled = false").update();
        long off = issue();
        assertThat(jdbc.sql("select count(*) from ksef_submissions where invoice_id = :id").param("id", off)
                .query(Long.class).single()).isZero();

        jdbc.sql("update ksef_settings set enabled = true").update();
        long on = issue();
        assertThat(submission(on).get("state")).isEqualTo("WAITING");
    }

    @Test
    void switching_the_environment_leaves_invoices_queued_for_the_old_one_where_they_were() {
        long testing = issue();
        assertThat(submission(testing).get("environment")).isEqualTo("TEST");
        byte[] hash = InvoiceFiles.sha256(xml(testing));
        String testUrl = api.get("/api/v1/invoices/" + testing + "/ksef").json().get("verificationUrl").asString();
        assertThat(testUrl).startsWith(KsefEnvironment.TEST.qrUrl() + "/invoice/");
        jdbc.sql("update ksef_settings set environment = 'PRODUCTION'").update();

        long real = issue();
        job.run();

        // made while testing: not sent to production, its QR code still points at TEST
        assertThat(submission(testing).get("state")).isEqualTo("WAITING");
        assertThat(ksef.receipts(hash)).isZero();
        JsonNode held = api.get("/api/v1/invoices/" + testing + "/ksef").json();
        assertThat(held.get("verificationUrl").asString()).isEqualTo(testUrl);
        assertThat(held.get("environment").asString()).isEqualTo("TEST");
        assertThat(held.get("environmentNow").asString()).isEqualTo("PRODUCTION");
        assertThat(signedInAs(Role.ADMIN).language("en").get("/invoices/" + testing).body())
                .contains("this invoice was queued for KSeF Test, but KSeF is now set to Production");
        // issued once production was set: goes there, and its QR code says so
        assertThat(submission(real).get("environment")).isEqualTo("PRODUCTION");
        assertThat(submission(real).get("state")).isEqualTo("ACCEPTED");
        assertThat(api.get("/api/v1/invoices/" + real + "/ksef").json().get("verificationUrl").asString())
                .startsWith(KsefEnvironment.PRODUCTION.qrUrl() + "/invoice/");

        // back to TEST: the held invoice goes where it was queued for, and keeps its TEST QR code after
        jdbc.sql("update ksef_settings set environment = 'TEST'").update();
        job.run();
        assertThat(submission(testing).get("state")).isEqualTo("ACCEPTED");
        jdbc.sql("update ksef_settings set environment = 'DEMO'").update();
        assertThat(api.get("/api/v1/invoices/" + testing + "/ksef").json().get("verificationUrl").asString())
                .isEqualTo(testUrl);
    }

    @Test
    void invoices_issued_while_ksef_was_off_are_sent_from_the_list_or_one_by_one_once_it_is_on() {
        jdbc.sql("update ksef_settings set enabled = false").update();
        long first = issue();
        long second = issue();
        long single = issue();
        Http admin = signedInAs(Role.ADMIN).language("en");
        assertThat(admin.get("/invoices/ksef").body()).contains("were not sent to KSeF, because it is switched off")
                .contains("you can send them from here").doesNotContain("action=\"/invoices/ksef/send\"");
        assertThat(admin.postForm("/invoices/ksef/send", Map.of()).status()).isEqualTo(302);
        assertThat(count(first, second)).as("nothing is queued while KSeF is off").isZero();

        jdbc.sql("update ksef_settings set enabled = true, environment = 'DEMO'").update();
        Http manager = signedInAs(Role.MANAGER).language("en");
        String panel = manager.get("/invoices/" + single).body();
        assertThat(panel).contains("issued before KSeF was switched on")
                .contains("action=\"/invoices/" + single + "/ksef/send\"");
        Http reader = signedInAs(Role.READ_ONLY);
        reader.get("/invoices/" + single);
        assertThat(reader.postForm("/invoices/" + single + "/ksef/send", Map.of()).status()).isEqualTo(403);
        assertThat(manager.postForm("/invoices/ksef/send", Map.of()).status())
                .as("the whole list is the administrator's").isEqualTo(403);
        manager.get("/invoices/" + single);
        assertThat(manager.postForm("/invoices/" + single + "/ksef/send", Map.of()).status()).isEqualTo(302);
        assertThat(submission(single).get("state")).isEqualTo("WAITING");

        String list = admin.get("/invoices/ksef").body();
        assertThat(list).contains(jdbc.sql("select number from invoices where id = :id").param("id", first)
                .query(String.class).single()).contains("action=\"/invoices/ksef/send\"")
                .contains("were never sent, so KSeF does not have them");
        assertThat(admin.postForm("/invoices/ksef/send", Map.of()).status()).isEqualTo(302);
        assertThat(admin.get("/invoices/ksef").body()).contains("Queued for KSeF:");
        assertThat(admin.postForm("/invoices/ksef/send", Map.of()).status()).as("a second time").isEqualTo(302);
        assertThat(count(first, second)).isEqualTo(2);
        assertThat(submission(first).get("environment")).isEqualTo("DEMO");
        // what other tests left unsent was queued too: it is not this test's to send
        jdbc.sql("""
                update ksef_submissions set next_attempt_at = now() + interval '100 years'
                where state = 'WAITING' and invoice_id not in (:ids)""").param("ids", mine).update();

        job.run();

        assertThat(List.of(first, second, single))
                .allSatisfy(id -> assertThat(submission(id).get("state")).isEqualTo("ACCEPTED"));
        assertThat(ksef.receipts(InvoiceFiles.sha256(xml(first)))).isOne();
    }

    private long count(Long... ids) {
        return jdbc.sql("select count(*) from ksef_submissions where invoice_id in (:ids)")
                .param("ids", List.of(ids)).query(Long.class).single();
    }

    @Test
    void a_ksef_failure_names_the_address_called_and_its_cause_and_logs_one_line_per_change() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(KsefJob.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            long id = issue();
            ksef.down();
            job.run();
            due(id);
            job.run();

            assertThat(submission(id).get("state")).isEqualTo("WAITING");
            JsonNode read = apiAs(Role.ADMIN).get("/api/v1/ksef/settings").json();
            assertThat(read.get("apiUrl").asString()).isEqualTo(ksef.baseUrl());
            assertThat(read.get("apiUrlFrom").asString()).isEqualTo("KLIENT_KSEF_API_URL");
            assertThat(read.get("lastProblemCause").asString()).isEqualTo("CONNECTION_REFUSED");
            assertThat(read.get("lastProblemUrl").asString()).isEqualTo(ksef.baseUrl());
            String page = signedInAs(Role.ADMIN).language("en").get("/admin/ksef").body();
            assertThat(page).contains(ksef.baseUrl()).contains("comes from KLIENT_KSEF_API_URL")
                    .contains("Cause: " + ksef.baseUrl() + " refused the connection.");
            assertThat(lines(logged)).as("one line for the outage, not one per pass").hasSize(1)
                    .allSatisfy(line -> assertThat(line).contains(ksef.baseUrl()).contains("CONNECTION_REFUSED"));

            ksef.up();
            due(id);
            job.run();
            assertThat(submission(id).get("state")).isEqualTo("ACCEPTED");
            job.run();
            assertThat(lines(logged)).hasSize(2);
            assertThat(lines(logged).get(1)).contains("answers again");
            assertThat(String.join(" ", lines(logged))).doesNotContain(ksef.token());
        }
        finally {
            logger.detachAppender(logged);
        }
    }

    private static List<String> lines(
            ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged) {
        return logged.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
    }

    // --- helpers --------------------------------------------------------------------------------------------

    @Test
    void an_invoice_and_its_correction_go_through_ksef_and_the_correction_names_the_invoices_ksef_number() {
        // the whole way: FA(3) made at issue, checked by the stand-in against the official schema, numbered; then
        // a correction, which KSeF only takes when it names the corrected invoice by that number
        long id = issue();
        job.run();
        Map<String, Object> invoice = submission(id);
        assertThat(invoice.get("state")).as("%s", invoice).isEqualTo("ACCEPTED");
        String number = (String) invoice.get("ksef_number");
        JsonNode state = api.get("/api/v1/invoices/" + id + "/ksef").json();
        assertThat(state.toString()).contains(number);
        assertThat(state.get("verificationUrl").asString()).startsWith(KsefEnvironment.TEST.qrUrl() + "/invoice/"
                + SELLER_NIP + "/");

        Http.Response corrected = api.postJson("/api/v1/invoices/" + id + "/corrections", """
                {"reason": "Zwrot jednej sztuki", "lines": [{"description": "Pump", "quantity": -1}]}""");
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);
        long correction = corrected.json().get("id").asLong();
        mine.add(correction);
        String xml = new String(xml(correction), StandardCharsets.UTF_8);
        assertThat(xml).contains("<RodzajFaktury>KOR</RodzajFaktury>")
                .contains("<NrKSeFFaKorygowanej>" + number + "</NrKSeFFaKorygowanej>");
        job.run();
        Map<String, Object> sent = submission(correction);
        assertThat(sent.get("state")).as("%s", sent).isEqualTo("ACCEPTED");
        assertThat(sent.get("ksef_number")).isNotEqualTo(number);
        assertThat(ksef.receipts(InvoiceFiles.sha256(xml(correction)))).isOne();
    }

    private long issue() {
        long id = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "lines": [{"description": "Pump", "quantity": 2, "unitPrice": 500, "taxRate": 23}]}"""
                .formatted(buyer)).json().get("id").asLong();
        mine.add(id);
        return id;
    }

    /** The FA(3) file stored when the invoice was issued: what KSeF must receive byte for byte. */
    private byte[] xml(long id) {
        return files.find(id, "FA3").orElseThrow().content();
    }

    private Map<String, Object> submission(long id) {
        return jdbc.sql("select * from ksef_submissions where invoice_id = :id").param("id", id).query().singleRow();
    }

    private Map<String, Object> settings() {
        return jdbc.sql("select * from ksef_settings").query().singleRow();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the next pass take these rows now, as time passing would. */
    private void due(Long... ids) {
        jdbc.sql("update ksef_submissions set next_attempt_at = now() where invoice_id in (:ids)")
                .param("ids", List.of(ids)).update();
        jdbc.sql("update ksef_settings set blocked_until = null").update();
    }
}
