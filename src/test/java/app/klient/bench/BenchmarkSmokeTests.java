package app.klient.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import app.klient.generator.Generator;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.TestUsers;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Each benchmark of bench/ at a few hundred records, through the same code paths and the same HTTP driver, so that
 * none of them rots although the full runs never take part in CI. Figures are not asserted here: they mean something
 * only at a million rows (docs/benchmarks.md).
 */
class BenchmarkSmokeTests extends WebTest {

    @TempDir
    Path dir;

    @Test
    void every_benchmark_runs_at_small_scale_without_an_error() throws Exception {
        // 1: the generated import file through Klient's own import
        Path csv = dir.resolve("contacts.csv");
        Generator.writeCsv(300, System.nanoTime(), csv);
        UserSummary manager = testUsers.create(Role.MANAGER);
        String token = tokens.issue(manager);
        JsonNode imported = api(manager).postRaw("/api/v1/contacts/import", "text/csv", Files.readString(csv)).json();
        assertThat(imported.get("rows").asLong()).isEqualTo(300);
        assertThat(imported.get("imported").asLong() + imported.get("alreadyInKlient").asLong()
                + imported.get("duplicatesInFile").asLong()).isEqualTo(300);

        String base = "http://localhost:" + port;
        // 2 and 3: lists with a cursor and quick search, API and page
        JsonNode first = api(manager).get("/api/v1/contacts?sort=name&size=5").json();
        assertThat(first.get("next").asString()).isNotBlank();
        for (String path : new String[] { "/api/v1/contacts?country=PL&sort=name",
            "/api/v1/contacts?sort=name&after=" + first.get("next").asString(), "/api/v1/contacts?sort=name&page=3",
            "/api/v1/contacts?q=" + csvValue(csv, 1), "/api/v1/companies?q=a" }) {
            HttpBench.Stats stats = HttpBench.latency(base, token, path, 20);
            assertThat(stats.errors()).as(path).isZero();
            assertThat(stats.count()).isEqualTo(20);
            assertThat(stats.p50()).isPositive().isLessThanOrEqualTo(stats.p99());
        }
        String login = "login:" + manager.email() + ":" + TestUsers.PASSWORD;
        assertThat(HttpBench.latency(base, login, "/contacts?country=PL&sort=name", 10).errors()).isZero();

        // 4: the open-model load, each kind briefly at a low rate
        long id = first.get("items").get(0).get("id").asLong();
        System.setProperty("bench.minId", Long.toString(id));
        System.setProperty("bench.maxId", Long.toString(id));
        for (String kind : new String[] { "get", "list", "create" }) {
            HttpBench.Stats load = HttpBench.load(base, token, 50, 2, kind);
            assertThat(load.errors()).as(kind).isZero();
            assertThat(load.count()).as(kind).isEqualTo(100);
        }

        // 5: a customer card with its timeline, as the page a person opens
        long company = company(api(manager), "Bench smoke " + System.nanoTime(), "PL", null);
        assertThat(HttpBench.latency(base, login, "/companies/" + company, 5).errors()).isZero();
        assertThat(HttpBench.latency(base, token, "/api/v1/companies/" + company + "/timeline", 5).errors()).isZero();

        // 6: the streaming export holds every contact
        Http.Response export = api(manager).get("/api/v1/contacts/export");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.body().lines().count() - 1).isEqualTo(count("contacts"));
    }

    /** The last name of the file's first person, as a search a user would type. */
    private static String csvValue(Path csv, int column) throws Exception {
        return java.net.URLEncoder.encode(Files.readAllLines(csv).get(1).split(",")[column].toLowerCase(),
                java.nio.charset.StandardCharsets.UTF_8);
    }
}
