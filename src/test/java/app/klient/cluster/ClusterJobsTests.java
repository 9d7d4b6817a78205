package app.klient.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import app.klient.support.Http;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every background job runs on both nodes (issue 27), and each piece of work is done once: a reminder rings and
 * mails once, a polled message is stored and becomes a ticket once, an overdue ticket is escalated once, a campaign
 * reaches each reader once, a rule acts once per record, a webhook event arrives once, and a retention rule runs once
 * a day. Mail goes to and comes from GreenMail in this JVM; webhooks come to a receiver in this JVM.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterJobsTests {

    /** Records per job: enough for both nodes to want some of them at the same moment. */
    private static final int RECORDS = 8;
    /** Long enough for every job tried here to come round again on both nodes (the fastest every 2 s). */
    private static final long BOTH_NODES_AGAIN = 5_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static GreenMail mail;
    private static Cluster cluster;
    private static Http api;
    private static long operator;

    @BeforeAll
    static void mailServerAndCluster() throws Exception {
        mail = new GreenMail(new ServerSetup[] { ServerSetupTest.SMTP.dynamicPort(),
                ServerSetupTest.IMAP.dynamicPort() });
        mail.start();
        cluster = Cluster.get();
        api = cluster.administratorApi();
        operator = cluster.primary.sql("select id from users where email = :e").param("e", Cluster.ADMIN_EMAIL)
                .query(Long.class).single();
        int version = api.get("/api/v1/mail/settings").json().get("version").asInt();
        Http.Response saved = api.putJson("/api/v1/mail/settings", """
                {"smtpHost": "127.0.0.1", "smtpPort": %d, "smtpSecurity": "NONE", "fromAddress": "news@cluster.test",
                 "fromName": "Klient", "version": %d}""".formatted(mail.getSmtp().getPort(), version));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    }

    @AfterAll
    static void stopMail() {
        if (mail != null) {
            mail.stop();
        }
    }

    @Test
    @Order(1)
    void each_reminder_due_rings_the_bell_once_and_is_mailed_once() throws Exception {
        String run = marker();
        // due in half a minute, reminded a minute before: due now
        OffsetDateTime due = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(30);
        List<Long> tasks = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            tasks.add(created(api.postJson("/api/v1/tasks", """
                    {"title": "Call back %s #%d", "dueAt": "%s", "reminderMinutesBefore": 1}"""
                    .formatted(run, i, due))).get("id").asLong());
        }

        Cluster.waitFor(() -> count("select count(*) from tasks where id in (:ids) and reminded_at is not null",
                tasks) == RECORDS && received(run).size() >= RECORDS, 30_000);
        Thread.sleep(BOTH_NODES_AGAIN);

        for (long task : tasks) {
            assertThat(count("select count(*) from notifications where kind = 'TASK_REMINDER' and source_id in (:ids)",
                    List.of(task))).as("bell of task %d", task).isEqualTo(1);
        }
        Map<String, Long> mails = received(run).stream().collect(Collectors.groupingBy(
                m -> subject(m).substring(subject(m).indexOf("#")), Collectors.counting()));
        assertThat(mails).as("one e-mail per task").hasSize(RECORDS)
                .allSatisfy((task, n) -> assertThat(n).isEqualTo(1));
        assertThat(received(run)).allSatisfy(m -> assertThat(recipient(m)).isEqualTo(Cluster.ADMIN_EMAIL));
    }

    @Test
    @Order(2)
    void each_message_in_a_polled_mailbox_is_stored_once_and_becomes_one_ticket() throws Exception {
        String run = marker();
        String address = "desk-" + run + "@cluster.test";
        GreenMailUser desk = mail.setUser(address, address, "desk-secret");
        List<String> customers = IntStream.range(0, RECORDS).mapToObj(i -> "customer" + i + "@" + run + ".test")
                .toList();
        for (String customer : customers) {
            desk.deliver(new MimeMessage(Session.getInstance(new java.util.Properties()), new ByteArrayInputStream("""
                    From: %s
                    To: %s
                    Subject: The printer jams (%s)
                    Message-ID: <%s>
                    Date: Mon, 7 Dec 2026 10:00:00 +0000
                    Content-Type: text/plain; charset=UTF-8

                    It jams on every second page.
                    """.formatted(customer, address, customer, customer).replace("\n", "\r\n")
                    .getBytes(StandardCharsets.UTF_8))));
        }
        // the messages wait in the mailbox before it exists in Klient: its first poll, by either node, finds them all
        long mailbox = created(api.postJson("/api/v1/mailboxes", """
                {"name": "Desk %s", "host": "127.0.0.1", "port": %d, "username": "%s", "password": "desk-secret",
                 "security": "NONE", "purpose": "SUPPORT"}""".formatted(run, mail.getImap().getPort(), address)))
                .get("id").asLong();
        try {
            Cluster.waitFor(() -> count("select count(*) from tickets where requester_email in (:ids)", customers)
                    >= RECORDS, 40_000);
            Thread.sleep(BOTH_NODES_AGAIN);

            assertThat(perValue("select message_id from emails where mailbox_id = " + mailbox, List.of()))
                    .as("each message stored once").hasSize(RECORDS).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
            assertThat(perValue("select requester_email from tickets where requester_email in (:ids)", customers))
                    .as("one ticket per message").hasSize(RECORDS).allSatisfy((c, n) -> assertThat(n).isEqualTo(1));
        }
        finally {
            api.delete("/api/v1/mailboxes/" + mailbox);
        }
    }

    @Test
    @Order(3)
    void each_ticket_past_its_target_is_escalated_once() throws Exception {
        String run = marker();
        List<Long> tickets = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            tickets.add(created(api.postJson("/api/v1/tickets", """
                    {"subject": "Overdue %s #%d", "description": "Still waiting.", "assigneeId": %d}"""
                    .formatted(run, i, operator))).get("id").asLong());
        }
        // their targets passed a moment ago
        cluster.primary.sql("""
                update tickets set first_response_due_at = now() - interval '1 hour',
                    resolution_due_at = now() - interval '1 minute' where id in (:ids)""").param("ids", tickets)
                .update();

        Cluster.waitFor(() -> count("select count(*) from tickets where id in (:ids) and breached", tickets) == RECORDS,
                30_000);
        Thread.sleep(BOTH_NODES_AGAIN);

        List<String> links = tickets.stream().map(id -> "/tickets/" + id).toList();
        assertThat(perValue("""
                select link from notifications where kind = 'SLA_BREACH' and user_id = %d and link in (:ids)"""
                .formatted(operator), links)).as("the assignee told once per ticket").hasSize(RECORDS)
                .allSatisfy((link, n) -> assertThat(n).isEqualTo(1));
        assertThat(perValue("""
                select user_id || ' ' || link from notifications where kind = 'SLA_BREACH' and link in (:ids)""",
                links))
                .as("nobody (the managers neither) told twice").allSatisfy((who, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    @Order(4)
    void a_campaign_sent_by_both_nodes_reaches_each_reader_once() throws Exception {
        String run = marker();
        String domain = run + ".readers.test";
        long purpose = cluster.primary.sql("select id from consent_purposes where key = 'newsletter'")
                .query(Long.class).single();
        long list = created(api.postJson("/api/v1/marketing/segments", """
                {"name": "Cluster readers %s", "kind": "STATIC"}""".formatted(run))).get("id").asLong();
        List<Long> readers = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            long reader = created(api.postJson("/api/v1/contacts?force=true", """
                    {"firstName": "Reader", "lastName": "%s %d", "emails": ["reader%d@%s"]}"""
                    .formatted(run, i, i, domain))).get("id").asLong();
            Http.Response consent = api.postJson("/api/v1/marketing/consents", """
                    {"contactId": %d, "purposeId": %d, "channel": "EMAIL", "state": "GIVEN", "detail": "cluster"}"""
                    .formatted(reader, purpose));
            assertThat(consent.status()).as(consent.body()).isEqualTo(201);
            readers.add(reader);
        }
        Http.Response members = api.postJson("/api/v1/marketing/segments/" + list + "/members",
                "{\"contactIds\": " + readers + "}");
        assertThat(members.status()).as(members.body()).isBetween(200, 204);
        JsonNode campaign = created(api.postJson("/api/v1/marketing/campaigns", """
                {"name": "Cluster news %s", "purposeId": %d, "segmentId": %d, "fromAddress": "news@cluster.test",
                 "defaultLanguage": "en", "ratePerMinute": 60000,
                 "contents": [{"language": "en", "subject": "News %s", "body": "<p>Hello</p>"}]}"""
                .formatted(run, purpose, list, run)));
        long id = campaign.get("id").asLong();
        Http.Response scheduled = api.postJson("/api/v1/marketing/campaigns/" + id + "/schedule",
                "{\"version\": " + campaign.get("version").asInt() + "}");
        assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);

        Cluster.waitFor(() -> "SENT".equals(api.get("/api/v1/marketing/campaigns/" + id).json().get("state")
                .asString()), 40_000);
        Thread.sleep(BOTH_NODES_AGAIN);

        Map<String, Long> perReader = Arrays.stream(mail.getReceivedMessagesForDomain(domain))
                .collect(Collectors.groupingBy(m -> recipient(m), Collectors.counting()));
        assertThat(perReader).as("one message per reader").hasSize(RECORDS)
                .allSatisfy((reader, n) -> assertThat(n).isEqualTo(1));
        assertThat(perValue("select contact_id || ' ' || state from campaign_recipients where campaign_id = " + id,
                List.of())).hasSize(RECORDS).allSatisfy((row, n) -> assertThat(row).endsWith(" SENT"))
                .allSatisfy((row, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    @Order(5)
    void a_rule_acts_once_on_each_record_that_triggers_it() throws Exception {
        String run = marker();
        JsonNode rule = created(api.postJson("/api/v1/automation/rules", """
                {"name": "Welcome %s", "recordType": "company", "trigger": {"kind": "CREATED"},
                 "conditions": {"match": "ALL", "items": [{"field": "name", "op": "CONTAINS", "value": "%s"}]},
                 "actions": [{"type": "CREATE_TASK", "who": "OWNER", "text": "Welcome {record}", "amount": 2}]}"""
                .formatted(run, run)));
        long id = rule.get("id").asLong();
        Http.Response on = api.postJson("/api/v1/automation/rules/" + id + "/switch",
                "{\"enabled\": true, \"version\": " + rule.get("version").asInt() + "}");
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        try {
            watching("company");
            List<Long> companies = companies("Welcomed " + run);

            Cluster.waitFor(() -> count("select count(*) from tasks where company_id in (:ids)", companies)
                    >= RECORDS, 30_000);
            Thread.sleep(BOTH_NODES_AGAIN);

            assertThat(perValue("select company_id from tasks where company_id in (:ids)", companies))
                    .as("one task per company").hasSize(RECORDS).allSatisfy((c, n) -> assertThat(n).isEqualTo(1));
            assertThat(perValue("select record_id from automation_runs where rule_id = " + id, List.of()))
                    .as("one run per company").hasSize(RECORDS).allSatisfy((c, n) -> assertThat(n).isEqualTo(1));
        }
        finally {
            api.delete("/api/v1/automation/rules/" + id);
        }
    }

    @Test
    @Order(6)
    void each_webhook_event_reaches_the_receiver_once() throws Exception {
        String run = marker();
        List<String> ids = new CopyOnWriteArrayList<>();
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            ids.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            events.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        receiver.start();
        long subscription = created(api.postJson("/api/v1/automation/webhooks", """
                {"url": "http://127.0.0.1:%d/hook", "eventTypes": ["company.created"]}"""
                .formatted(receiver.getAddress().getPort()))).get("id").asLong();
        try {
            watching("company");
            List<Long> companies = companies("Hooked " + run);
            Function<JsonNode, Long> company = event -> event.path("data").path("id").asLong();

            Cluster.waitFor(() -> events.stream().map(company).filter(companies::contains).distinct().count()
                    == RECORDS, 30_000);
            Thread.sleep(BOTH_NODES_AGAIN);

            assertThat(events.stream().map(company).filter(companies::contains)
                    .collect(Collectors.groupingBy(c -> c, Collectors.counting())))
                    .as("one message per company").hasSize(RECORDS).allSatisfy((c, n) -> assertThat(n).isEqualTo(1));
            assertThat(ids).as("each webhook-id once").doesNotHaveDuplicates();
            assertThat(perValue("""
                    select d.message_id from webhook_deliveries d join webhook_attempts a on a.delivery_id = d.id
                    where d.subscription_id = %d""".formatted(subscription), List.of()))
                    .as("one attempt per delivery").hasSize(RECORDS).allSatisfy((d, n) -> assertThat(n).isEqualTo(1));
        }
        finally {
            api.delete("/api/v1/automation/webhooks/" + subscription);
            receiver.stop(0);
        }
    }

    /** Last: a node's retention job first runs five seconds after the node started here, then every two seconds. */
    @Test
    @Order(7)
    void a_retention_rule_runs_once_a_day_on_one_node() throws Exception {
        Instant bothTrying = cluster.nodes.stream().map(node -> node.started).max(Comparator.naturalOrder())
                .orElseThrow().plus(Duration.ofSeconds(10));
        String run = marker();
        JsonNode rule = retentionRule("LEADS_NOT_CONVERTED");
        long id = rule.get("id").asLong();
        // a rule runs once a day: a second run of this suite on the same database starts it afresh
        cluster.primary.sql("update retention_rules set last_run_at = null, leased_until = null where id = :id")
                .param("id", id).update();
        List<Long> leads = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            leads.add(created(api.postJson("/api/v1/leads", """
                    {"firstName": "Old", "lastName": "%s %d", "email": "old%d@%s.test"}""".formatted(run, i, i, run)))
                    .get("id").asLong());
        }
        cluster.primary.sql("update leads set created_at = '1901-01-01' where id in (:ids)").param("ids", leads)
                .update();
        // the rule falls due only once both nodes' jobs are trying every two seconds
        Cluster.waitFor(() -> Instant.now().isAfter(bothTrying), 240_000);
        long due = api.get("/api/v1/privacy/retention-rules/" + id + "/preview?months=1200").json().get("count")
                .asLong();
        assertThat(due).isGreaterThanOrEqualTo(RECORDS);
        List<Long> earlierRuns = retentionRuns(id).stream().map(line -> line.get("id").asLong()).toList();
        Http.Response on = api.putJson("/api/v1/privacy/retention-rules/" + id, """
                {"months": 1200, "action": "ANONYMIZE", "enabled": true, "version": %d}"""
                .formatted(rule.get("version").asInt()));
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        try {
            Cluster.waitFor(() -> !retentionRule("LEADS_NOT_CONVERTED").path("lastRunAt").isNull(), 30_000);
            String ranAt = retentionRule("LEADS_NOT_CONVERTED").get("lastRunAt").asString();
            Thread.sleep(BOTH_NODES_AGAIN);

            JsonNode after = retentionRule("LEADS_NOT_CONVERTED");
            assertThat(after.get("lastRunAt").asString()).as("not run again that day").isEqualTo(ranAt);
            assertThat(after.get("lastCount").asLong()).as("the last run is the one that did the work").isEqualTo(due);
            assertThat(count("select count(*) from leads where id in (:ids) and email is null", leads))
                    .isEqualTo(RECORDS);
            assertThat(retentionRuns(id)).filteredOn(line -> !earlierRuns.contains(line.get("id").asLong()))
                    .as("one run in the register").singleElement()
                    .satisfies(line -> assertThat(line.get("result").get("records").asLong()).isEqualTo(due));
        }
        finally {
            JsonNode now = retentionRule("LEADS_NOT_CONVERTED");
            api.putJson("/api/v1/privacy/retention-rules/" + id, """
                    {"months": %d, "action": "%s", "enabled": false, "version": %d}""".formatted(
                    rule.get("months").asInt(), rule.get("action").asString(), now.get("version").asInt()));
        }
    }

    private static String marker() {
        return "c" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode created(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private static List<Long> companies(String name) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            // alike by design: force past the look-alike warning
            ids.add(created(api.postJson("/api/v1/companies?force=true", "{\"name\": \"" + name + " #" + i
                    + "\"}")).get("id").asLong());
        }
        return ids;
    }

    /** Waits until the change queue records changes of this kind of record (the nodes update it as they go). */
    private static void watching(String recordType) throws InterruptedException {
        Cluster.waitFor(() -> count("select count(*) from automation_watched where record_type in (:ids)",
                List.of(recordType)) == 1, 10_000);
    }

    private static JsonNode retentionRule(String kind) {
        for (JsonNode rule : api.get("/api/v1/privacy/retention-rules").json().get("items")) {
            if (rule.get("kind").asString().equals(kind)) {
                return rule;
            }
        }
        throw new AssertionError("no retention rule " + kind);
    }

    /** The rule's runs in the privacy register (a run that changed nothing is not there). */
    private static List<JsonNode> retentionRuns(long rule) {
        List<JsonNode> lines = new ArrayList<>();
        api.get("/api/v1/privacy/requests?kind=RETENTION&size=100").json().get("items").forEach(line -> {
            if (line.path("ruleId").asLong() == rule) {
                lines.add(line);
            }
        });
        return lines;
    }

    private static long count(String sql, List<?> ids) {
        return cluster.primary.sql(sql).param("ids", ids).query(Long.class).single();
    }

    /** How many rows the query answers for each value of its one column. */
    private static Map<String, Long> perValue(String sql, List<?> ids) {
        var query = cluster.primary.sql(sql);
        if (sql.contains(":ids")) {
            query = query.param("ids", ids);
        }
        return query.query(String.class).list().stream()
                .collect(Collectors.groupingBy(value -> value, Collectors.counting()));
    }

    private static List<MimeMessage> received(String run) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> subject(m).contains(run)).toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject() == null ? "" : message.getSubject();
        }
        catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        }
        catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
