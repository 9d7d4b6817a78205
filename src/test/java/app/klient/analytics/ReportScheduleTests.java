package app.klient.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import app.klient.analytics.report.ReportSchedule;
import app.klient.analytics.report.ReportSchedules;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.Race;
import app.klient.support.WebTest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Reports by e-mail and pinned reports: when a schedule is next due (summer time, month ends), a run that reaches a
 * real SMTP server (GreenMail) with a PDF and an XLSX holding what each recipient may see, in their language; a run
 * stopped before its end sends nothing and is done again once; two nodes claiming together send once; a report
 * pinned to a dashboard, and gone with the report.
 */
class ReportScheduleTests extends WebTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Autowired
    ReportSchedules schedules;

    @Autowired
    PlatformTransactionManager transactions;

    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

    private String suffix;
    private Http admin;

    @BeforeEach
    void setUp() {
        jdbc.sql("""
                update mail_settings set smtp_host = 'localhost', smtp_port = :port, smtp_security = 'NONE',
                    smtp_username = null, smtp_password = null, from_address = 'reports@klient.test',
                    from_name = 'Klient' where id = 1""").param("port", mail.getSmtp().getPort()).update();
        suffix = UUID.randomUUID().toString().substring(0, 8);
        admin = apiAs(Role.ADMIN);
    }

    private static Instant at(String text) {
        return java.time.OffsetDateTime.parse(text).toInstant();
    }

    @Test
    void the_next_run_keeps_the_owners_hour_across_summer_time_and_month_ends() {
        // daily at 8:00 in Warsaw: 7:00 UTC in winter, 6:00 UTC after the clocks go forward on 29 March 2026
        assertThat(ReportSchedule.next("DAILY", null, null, 8, WARSAW, at("2026-03-28T07:00:00Z")))
                .isEqualTo(at("2026-03-29T06:00:00Z"));
        // and back on 25 October 2026
        assertThat(ReportSchedule.next("DAILY", null, null, 8, WARSAW, at("2026-10-24T06:00:00Z")))
                .isEqualTo(at("2026-10-25T07:00:00Z"));
        // 2:00 does not exist on 29 March 2026: the run is at the first hour after the gap, 3:00 summer time
        assertThat(ReportSchedule.next("DAILY", null, null, 2, WARSAW, at("2026-03-28T12:00:00Z")))
                .isEqualTo(at("2026-03-29T01:00:00Z"));
        // 2:00 happens twice on 25 October 2026: once, at the first of them (summer time)
        assertThat(ReportSchedule.next("DAILY", null, null, 2, WARSAW, at("2026-10-24T12:00:00Z")))
                .isEqualTo(at("2026-10-25T00:00:00Z"));
        assertThat(ReportSchedule.next("DAILY", null, null, 2, WARSAW, at("2026-10-25T00:00:00Z")))
                .isEqualTo(at("2026-10-26T01:00:00Z"));
        // weekly on Monday (1) at 9:00, from a Wednesday
        assertThat(ReportSchedule.next("WEEKLY", 1, null, 9, WARSAW, at("2026-12-02T10:00:00Z")))
                .isEqualTo(at("2026-12-07T08:00:00Z"));
        // monthly on the 31st: 31 January, then the last day of February, then back on 31 March; 30 April
        Instant january = ReportSchedule.next("MONTHLY", null, 31, 8, WARSAW, at("2027-01-15T00:00:00Z"));
        assertThat(january).isEqualTo(at("2027-01-31T07:00:00Z"));
        Instant february = ReportSchedule.next("MONTHLY", null, 31, 8, WARSAW, january);
        assertThat(february).isEqualTo(at("2027-02-28T07:00:00Z"));
        Instant march = ReportSchedule.next("MONTHLY", null, 31, 8, WARSAW, february);
        assertThat(march).isEqualTo(at("2027-03-31T06:00:00Z"));
        assertThat(ReportSchedule.next("MONTHLY", null, 31, 8, WARSAW, march)).isEqualTo(at("2027-04-30T06:00:00Z"));
        // a leap year's February has a 29th
        assertThat(ReportSchedule.next("MONTHLY", null, 30, 8, WARSAW, at("2028-02-01T00:00:00Z")))
                .isEqualTo(at("2028-02-29T07:00:00Z"));
        // on the day itself, before and after the hour
        assertThat(ReportSchedule.next("MONTHLY", null, 6, 8, WARSAW, at("2026-12-06T06:59:00Z")))
                .isEqualTo(at("2026-12-06T07:00:00Z"));
        assertThat(ReportSchedule.next("MONTHLY", null, 6, 8, WARSAW, at("2026-12-06T07:00:00Z")))
                .isEqualTo(at("2027-01-06T07:00:00Z"));
    }

    /** A deal of {@code owner} named with this test's suffix. */
    private void deal(String name, UserSummary owner, String amount) {
        jdbc.sql("""
                insert into deals (name, pipeline_id, stage_id, owner_id, amount, currency, status)
                select :name, p.id, (select s.id from stages s where s.pipeline_id = p.id order by s.position limit 1),
                       :owner, cast(:amount as numeric), 'PLN', 'OPEN'
                from pipelines p where p.is_default""")
                .param("name", name + " " + suffix).param("owner", owner.id()).param("amount", amount).update();
    }

    private long team() {
        return admin.postJson("/api/v1/teams", "{\"name\": \"Mailed " + suffix + "\"}").json().get("id").asLong();
    }

    /** A manager's listed report of this test's deals, shared with {@code team}. */
    private long report(UserSummary manager, long team) {
        return api(manager).postJson("/api/v1/analytics/reports", """
                {"name": "Deals %s", "teamId": %d, "definition": {"subject": "deals",
                 "filters": [{"field": "name", "op": "CONTAINS", "value": "%s"}], "columns": ["name", "amount"]}}"""
                .formatted(suffix, team, suffix)).json().get("id").asLong();
    }

    private void due(long report) {
        jdbc.sql("update analytics_report_schedules set next_run_at = now() - interval '1 minute' where id = :id")
                .param("id", report).update();
    }

    private long queued(long report) {
        return jdbc.sql("select count(*) from outgoing_mail where subject like :name").param("name",
                "Deals " + suffix + " – %").query(Long.class).single();
    }

    @Test
    void each_recipient_gets_the_pdf_and_xlsx_of_what_they_may_see_in_their_language() throws Exception {
        long team = team();
        UserSummary manager = testUsers.create(Role.MANAGER, "Manager " + suffix, Set.of());
        UserSummary anna = testUsers.create(Role.SALES, "Anna " + suffix, Set.of(team));
        UserSummary piotr = testUsers.create(Role.SALES, "Piotr " + suffix, Set.of(team));
        jdbc.sql("update users set locale = 'pl' where id = :id").param("id", anna.id()).update();
        deal("Pompy Anny", anna, "1000");
        deal("Zawory Anny", anna, "250.5");
        deal("Kotły Piotra", piotr, "4000");
        long report = report(manager, team);

        Http.Response set = api(manager).putJson("/api/v1/analytics/reports/" + report + "/schedule", """
                {"frequency": "WEEKLY", "weekday": 1, "hour": 7, "recipients": [%d]}""".formatted(anna.id()));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("recipients").toString()).as("the owner always gets it")
                .isEqualTo("[" + manager.id() + "," + anna.id() + "]");
        Instant next = Instant.parse(set.json().get("nextRunAt").asString());
        assertThat(next.atZone(WARSAW).getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
        assertThat(next.atZone(WARSAW).getHour()).isEqualTo(7);

        due(report);
        schedules.runDue();
        assertThat(mail.waitForIncomingEmail(15_000, 2)).isTrue();

        MimeMessage toAnna = to(anna.email());
        assertThat(toAnna.getSubject()).startsWith("Deals " + suffix + " – ");
        assertThat(text(toAnna)).as("in Anna's language").contains("Dzień dobry Anna " + suffix)
                .contains("/analytics/reports/" + report);
        List<Part> files = attachments(toAnna);
        assertThat(files).extracting(Part::getFileName).hasSize(2).anyMatch(n -> n.endsWith(".pdf"))
                .anyMatch(n -> n.endsWith(".xlsx"));
        // a salesperson gets only her own rows, in the XLSX and in the PDF
        List<String> annasRows = xlsxNames(files);
        assertThat(annasRows).containsExactlyInAnyOrder("Pompy Anny " + suffix, "Zawory Anny " + suffix);
        String pdf = pdfText(files);
        assertThat(pdf).contains("Pompy Anny").contains("Zawory Anny").doesNotContain("Kotły Piotra")
                .as("amounts written the Polish way").contains("250,50");
        // the manager who owns it reads every row
        assertThat(xlsxNames(attachments(to(manager.email())))).hasSize(3).contains("Kotły Piotra " + suffix);

        JsonNode after = api(manager).get("/api/v1/analytics/reports/" + report + "/schedule").json();
        assertThat(after.get("lastOutcome").asString()).isEqualTo("SENT");
        assertThat(after.get("lastSentTo").asInt()).isEqualTo(2);
        assertThat(Instant.parse(after.get("nextRunAt").asString())).isAfter(Instant.now());
    }

    @Test
    void a_run_stopped_before_its_end_sends_nothing_and_is_sent_once_on_the_next_try() {
        UserSummary manager = testUsers.create(Role.MANAGER);
        long report = report(manager, team());
        api(manager).putJson("/api/v1/analytics/reports/" + report + "/schedule", """
                {"frequency": "DAILY", "hour": 6, "recipients": [%d]}""".formatted(admin().id()));
        due(report);
        // every recipient's message is in the outbox when the node stops: its transaction never commits
        TransactionTemplate node = new TransactionTemplate(transactions);
        node.executeWithoutResult(status -> {
            schedules.runDue();
            assertThat(queued(report)).isEqualTo(2);
            status.setRollbackOnly();
        });
        assertThat(queued(report)).as("nothing went out").isZero();
        assertThat(jdbc.sql("select next_run_at <= now() from analytics_report_schedules where id = :id")
                .param("id", report).query(Boolean.class).single()).as("the run is still due").isTrue();

        schedules.runDue();
        assertThat(queued(report)).as("sent once").isEqualTo(2);
        schedules.runDue();
        assertThat(queued(report)).as("and not again").isEqualTo(2);
    }

    @Test
    void a_mail_server_that_refuses_leaves_the_report_in_the_outbox_until_it_takes_it() throws Exception {
        UserSummary manager = testUsers.create(Role.MANAGER);
        long report = report(manager, team());
        api(manager).putJson("/api/v1/analytics/reports/" + report + "/schedule", "{\"frequency\": \"DAILY\", "
                + "\"hour\": 5}");
        // nothing listens on the port of a server that was stopped
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        jdbc.sql("update mail_settings set smtp_port = :port where id = 1").param("port", closed).update();
        due(report);
        schedules.runDue();
        assertThat(jdbc.sql("select status || ' ' || attempts from outgoing_mail where subject like :name")
                .param("name", "Deals " + suffix + " – %").query(String.class).single()).isEqualTo("PENDING 1");
        assertThat(api(manager).get("/api/v1/analytics/reports/" + report + "/schedule").json().get("lastOutcome")
                .asString()).as("the run is done: the outbox has it").isEqualTo("SENT");

        jdbc.sql("update mail_settings set smtp_port = :port where id = 1").param("port", mail.getSmtp().getPort())
                .update();
        // the administrator's "try again" (the outbox's own job does the same later); a shared database may hold
        // other tests' messages before this one, taken 200 at a time
        java.util.function.Supplier<String> status = () -> jdbc.sql("select status from outgoing_mail where subject"
                + " like :name").param("name", "Deals " + suffix + " – %").query(String.class).single();
        for (int i = 0; i < 20 && !status.get().equals("SENT"); i++) {
            assertThat(admin.postJson("/api/v1/mail/outbox/retry", "{}").status()).isEqualTo(200);
        }
        assertThat(status.get()).isEqualTo("SENT");
        assertThat(attachments(to(manager.email()))).hasSize(2);
    }

    @Test
    void a_report_that_no_longer_runs_is_kept_as_failed_with_the_reason_and_its_schedule_moves_on() {
        UserSummary manager = testUsers.create(Role.MANAGER);
        long report = report(manager, team());
        api(manager).putJson("/api/v1/analytics/reports/" + report + "/schedule", "{\"frequency\": \"DAILY\", "
                + "\"hour\": 4}");
        // a field its subject no longer has, as after an upgrade that renamed it
        jdbc.sql("update analytics_reports set definition = jsonb_set(definition, '{columns}', '[\"gone\"]')"
                + " where id = :id").param("id", report).update();
        due(report);
        schedules.runDue();
        JsonNode after = api(manager).get("/api/v1/analytics/reports/" + report + "/schedule").json();
        assertThat(after.get("lastOutcome").asString()).isEqualTo("FAILED");
        assertThat(after.get("lastProblem").asString()).isEqualTo("report.field.unknown");
        assertThat(Instant.parse(after.get("nextRunAt").asString())).isAfter(Instant.now());
        assertThat(queued(report)).isZero();
        assertThat(signedIn(manager).get("/analytics/reports/" + report).body())
                .contains("failed: This subject has no such field.");
    }

    private UserSummary admin() {
        return testUsers.create(Role.ADMIN);
    }

    @Test
    void two_nodes_claiming_the_same_run_send_it_once() {
        UserSummary manager = testUsers.create(Role.MANAGER);
        long report = report(manager, team());
        api(manager).putJson("/api/v1/analytics/reports/" + report + "/schedule", """
                {"frequency": "MONTHLY", "dayOfMonth": 31, "hour": 23}""");
        for (int round = 0; round < 3; round++) {
            due(report);
            Race.run(schedules::runDue, schedules::runDue, schedules::runDue);
            assertThat(queued(report)).as("round %d", round).isEqualTo(round + 1);
        }
    }

    @Test
    void a_schedule_is_set_by_whoever_may_change_the_report_and_only_to_people_who_may_read_it() {
        long team = team();
        UserSummary author = testUsers.create(Role.SALES, "Author " + suffix, Set.of(team));
        UserSummary colleague = testUsers.create(Role.SALES, "Colleague " + suffix, Set.of(team));
        UserSummary stranger = testUsers.create(Role.SALES);
        long report = report(author, team);
        String path = "/api/v1/analytics/reports/" + report + "/schedule";
        assertThat(api(author).get(path).status()).as("none yet").isEqualTo(404);
        Http.Response bad = api(author).putJson(path, """
                {"frequency": "WEEKLY", "hour": 24, "recipients": [%d]}""".formatted(stranger.id()));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("weekday", "hour", "recipients[0]");
        assertThat(api(colleague).putJson(path, "{\"frequency\": \"DAILY\", \"hour\": 8}").status())
                .as("a colleague reads it but does not change it").isEqualTo(403);
        JsonNode set = api(author).putJson(path, """
                {"frequency": "DAILY", "hour": 8, "recipients": [%d]}""".formatted(colleague.id())).json();
        assertThat(api(author).putJson(path, "{\"frequency\": \"DAILY\", \"hour\": 9, \"version\": "
                + set.get("version").asInt() + "}").json().get("hour").asInt()).isEqualTo(9);
        assertThat(api(author).putJson(path, "{\"frequency\": \"DAILY\", \"hour\": 10, \"version\": "
                + set.get("version").asInt() + "}").status()).as("from a version read before").isEqualTo(409);
        assertThat(signedIn(author).get("/analytics/reports").body()).as("the list says it is mailed")
                .contains("By e-mail").contains("Every day");
        // sent now to the schedule's people, run as each
        assertThat(api(author).postJson("/api/v1/analytics/reports/" + report + "/send", "{}").json()
                .get("sentTo").asInt()).isEqualTo(1);
        assertThat(api(author).delete(path).status()).isEqualTo(204);
        assertThat(api(author).get(path).status()).isEqualTo(404);
        assertThat(api(author).postJson("/api/v1/analytics/reports/" + report + "/send", "{}").json()
                .get("sentTo").asInt()).as("without a schedule, to the caller").isEqualTo(1);

        // the page's section
        Http page = signedIn(author);
        assertThat(page.get("/analytics/reports/" + report).body()).contains("id=\"schedule\"")
                .contains("Colleague " + suffix).doesNotContain(stranger.name());
        assertThat(signedIn(colleague).get("/analytics/reports/" + report).body())
                .doesNotContain("id=\"schedule\"");
    }

    @Test
    void a_pinned_report_is_a_dashboard_tile_until_the_report_is_gone() {
        UserSummary author = testUsers.create(Role.SALES);
        UserSummary other = testUsers.create(Role.SALES);
        deal("Pinned", author, "10");
        long report = api(author).postJson("/api/v1/analytics/reports", """
                {"name": "Pinned %s", "definition": {"subject": "deals", "groupBy": [{"field": "status"}],
                 "measures": [{"fn": "COUNT"}]}}""".formatted(suffix)).json().get("id").asLong();
        Http page = signedIn(author);
        page.get("/analytics/reports/" + report);
        assertThat(page.postForm("/analytics/reports/" + report + "/pin", java.util.Map.of("version", "0"))
                .status()).isEqualTo(302);
        assertThat(api(author).get("/api/v1/analytics/dashboard").json().get("tiles").toString())
                .contains("\"report:" + report + "\"");
        String dashboard = page.get("/analytics").body();
        assertThat(dashboard).contains("Pinned " + suffix).contains("report-tile")
                .contains("/analytics/reports/" + report);
        JsonNode mine = api(author).get("/api/v1/analytics/dashboard").json();
        assertThat(api(author).putJson("/api/v1/analytics/dashboard", "{\"tiles\": [\"report:" + report
                + "\", \"revenue\"], \"version\": " + mine.get("version").asInt() + "}").status()).isEqualTo(200);
        assertThat(page.get("/").body()).as("the start page's first tiles").contains("Pinned " + suffix);

        JsonNode others = api(other).get("/api/v1/analytics/dashboard").json();
        assertThat(api(other).putJson("/api/v1/analytics/dashboard", "{\"tiles\": [\"report:" + report
                + "\"], \"version\": " + others.get("version").asInt() + "}").status())
                .as("a report another may not read").isEqualTo(400);

        assertThat(api(author).delete("/api/v1/analytics/reports/" + report).status()).isEqualTo(204);
        assertThat(api(author).get("/api/v1/analytics/dashboard").json().get("tiles").toString())
                .doesNotContain("report:");
        assertThat(page.get("/analytics").body()).doesNotContain("Pinned " + suffix);
    }

    @Test
    void a_salesperson_reads_only_her_own_rows_in_any_report() {
        UserSummary anna = testUsers.create(Role.SALES);
        UserSummary piotr = testUsers.create(Role.SALES);
        deal("Hers", anna, "100");
        deal("His", piotr, "200");
        String definition = """
                {"subject": "deals", "filters": [{"field": "name", "op": "CONTAINS", "value": "%s"}],
                 "columns": ["name"]}""".formatted(suffix);
        assertThat(api(anna).postJson("/api/v1/analytics/reports/run", definition).json().at("/rows").toString())
                .contains("Hers").doesNotContain("His");
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/analytics/reports/run", definition).json().at("/rows")
                .size()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ reading the mail

    private MimeMessage to(String address) throws Exception {
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equalsIgnoreCase(address)) {
                return m;
            }
        }
        throw new AssertionError("No mail to " + address);
    }

    private static String text(MimeMessage message) throws Exception {
        Multipart parts = (Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("text/plain") && part.getFileName() == null) {
                return part.getContent().toString();
            }
            if (part.getContent() instanceof Multipart inner) {
                return inner.getBodyPart(0).getContent().toString();
            }
        }
        return "";
    }

    private static List<Part> attachments(MimeMessage message) throws Exception {
        List<Part> files = new ArrayList<>();
        Multipart parts = (Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                files.add(part);
            }
        }
        return files;
    }

    private static byte[] bytes(List<Part> files, String ending) throws Exception {
        for (Part part : files) {
            if (part.getFileName().endsWith(ending)) {
                return part.getInputStream().readAllBytes();
            }
        }
        throw new AssertionError("No " + ending);
    }

    /** The first column of the XLSX sheet's rows below its head. */
    private static List<String> xlsxNames(List<Part> files) throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(bytes(files, ".xlsx")))) {
            Sheet sheet = book.getSheetAt(0);
            List<String> names = new ArrayList<>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                names.add(sheet.getRow(r).getCell(0).getStringCellValue());
            }
            return names;
        }
    }

    private static String pdfText(List<Part> files) throws Exception {
        try (PDDocument document = Loader.loadPDF(bytes(files, ".pdf"))) {
            // its first page as a picture, for a person to look at
            java.nio.file.Path pictures = java.nio.file.Path.of("target", "screenshots");
            java.nio.file.Files.createDirectories(pictures);
            javax.imageio.ImageIO.write(new org.apache.pdfbox.rendering.PDFRenderer(document).renderImageWithDPI(0,
                    90), "png", pictures.resolve("schedule-mail-pdf.png").toFile());
            return new PDFTextStripper().getText(document);
        }
    }
}
