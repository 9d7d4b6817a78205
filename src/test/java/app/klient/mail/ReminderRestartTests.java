package app.klient.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import app.klient.KlientApplication;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A reminder due in a few seconds, and the node that would send it stops before it is due: another node (a restart)
 * sends it — one notification and one e-mail, never two.
 */
class ReminderRestartTests extends WebTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Autowired
    HikariDataSource dataSource;

    private ConfigurableApplicationContext node() {
        return new SpringApplicationBuilder(KlientApplication.class).properties(Map.of(
                "spring.datasource.url", dataSource.getJdbcUrl(),
                "spring.datasource.username", dataSource.getUsername(),
                "spring.datasource.password", dataSource.getPassword() == null ? "" : dataSource.getPassword(),
                "spring.datasource.hikari.maximum-pool-size", "4", "server.port", "0", "klient.demo-data", "false",
                "klient.jobs.enabled", "true", "klient.reminders.every", "PT0.5S", "klient.mail.poll-every", "PT1H",
                "spring.main.banner-mode", "off"))
                // an argument: application.properties names the setting and would win over a default property
                .run("--klient.secret-key-file="
                        + java.nio.file.Path.of(app.klient.support.KlientTest.SECRET_KEY_FILE).toAbsolutePath());
    }

    @Test
    void a_task_due_in_a_minute_rings_once_and_mails_once_across_a_restart() throws Exception {
        jdbc.sql("""
                update mail_settings set smtp_host = 'localhost', smtp_port = :port, smtp_security = 'NONE',
                    smtp_username = null, smtp_password = null, from_address = 'reminders@klient.test' where id = 1""")
                .param("port", mail.getSmtp().getPort()).update();
        UserSummary seller = testUsers.create(Role.SALES);
        long task;
        try (ConfigurableApplicationContext first = node()) {
            int port = ((WebServerApplicationContext) first).getWebServer().getPort();
            Http api = Http.on(port).bearer(tokens.issue(seller));
            // due in a minute, reminded a minute before that minus a few seconds: after this node has stopped
            OffsetDateTime due = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1).plusSeconds(4);
            task = api.postJson("/api/v1/tasks", """
                    {"title": "Prepare the Brno offer", "dueAt": "%s", "reminderMinutesBefore": 1}""".formatted(due))
                    .json().get("id").asLong();
        }
        assertThat(jdbc.sql("select reminded_at is null from tasks where id = " + task).query(Boolean.class).single())
                .as("not yet reminded when the first node stopped").isTrue();
        try (ConfigurableApplicationContext second = node()) {
            long deadline = System.currentTimeMillis() + 30_000;
            while (mail.getReceivedMessagesForDomain("klient.test").length == 0
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(2000);
            MimeMessage[] received = mail.getReceivedMessagesForDomain("klient.test");
            assertThat(received).as("one e-mail").hasSize(1);
            assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo(seller.email());
            assertThat(received[0].getSubject()).isEqualTo("Reminder: Prepare the Brno offer");
        }
        assertThat(jdbc.sql("select count(*) from notifications where kind = 'TASK_REMINDER' and source_id = " + task)
                .query(Long.class).single()).as("one notification").isEqualTo(1);
    }
}
