package app.klient.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import app.klient.platform.db.EmbeddedDatabaseServer;
import app.klient.support.Http;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Run by CI against Debian's PostgreSQL with SPRING_DATASOURCE_URL set: the production path. Not part of the default
 * suite (tag "smoke"; {@code ./mvnw test -Psmoke}).
 */
@Tag("smoke")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "klient.admin.email=operator@klient.test", "klient.admin.password=operator-password-1" })
class ExternalPostgresSmokeTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Test
    void klient_runs_on_the_configured_server_from_an_empty_database() throws Exception {
        assertThat(System.getenv("SPRING_DATASOURCE_URL")).as("CI sets SPRING_DATASOURCE_URL").isNotBlank();
        assertThat(context.getBeanNamesForType(EmbeddedDatabaseServer.class)).as("no embedded server").isEmpty();
        assertThat(jdbc.sql("select current_database()").query(String.class).single()).isEqualTo("klient_ci");
        assertThat(jdbc.sql("select current_setting('server_version_num')::int").query(Integer.class).single())
                .isGreaterThanOrEqualTo(150000);

        long migrations;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            migrations = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
        Instant jvmStart = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        assertThat(jdbc.sql("select count(*) from flyway_schema_history where success and installed_on >= :start")
                .param("start", Timestamp.from(jvmStart.minusSeconds(5))).query(Long.class).single())
                .as("every migration applied by this start, so the database was empty").isEqualTo(migrations);
        assertThat(jdbc.sql("select count(*) from users where role = 'ADMIN'").query(Long.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from teams").query(Long.class).single())
                .as("no demo company on an external database unless asked for").isZero();
    }

    @Test
    void an_operator_signs_in_and_creates_and_reads_a_record_over_the_api() {
        Http browser = Http.on(port);
        assertThat(browser.login("operator@klient.test", "operator-password-1").location()).isEqualTo("/");
        assertThat(browser.get("/admin/users").status()).isEqualTo(200);

        Http api = Http.on(port);
        String token = api.postJson("/api/v1/auth/token",
                "{\"email\":\"operator@klient.test\",\"password\":\"operator-password-1\"}").json().get("token")
                .asString();
        api.bearer(token);
        String email = "smoke-" + UUID.randomUUID() + "@klient.test";
        Http.Response created = api.postJson("/api/v1/users", """
                {"email": "%s", "name": "Smoke Test", "role": "SUPPORT", "password": "smoke-password-1"}"""
                .formatted(email));
        assertThat(created.status()).isEqualTo(201);
        JsonNode read = api.get(created.location()).json();
        assertThat(read.get("email").asString()).isEqualTo(email);
        assertThat(read.get("role").asString()).isEqualTo("SUPPORT");
        assertThat(Http.on(port).get("/actuator/health").body()).contains("UP");
    }
}
