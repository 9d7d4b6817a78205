package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import app.klient.KlientApplication;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two Klient nodes on one database, each with its own connection pool, issue 200 invoices at once: the numbers are
 * consecutive, without a gap and without a twin.
 */
class InvoiceNumberingTests extends WebTest {

    @Autowired
    HikariDataSource dataSource;

    @Test
    void two_hundred_invoices_issued_at_once_on_two_nodes_get_consecutive_numbers() throws Exception {
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(KlientApplication.class)
                .properties(Map.of("spring.datasource.url", dataSource.getJdbcUrl(),
                        "spring.datasource.username", dataSource.getUsername(),
                        "spring.datasource.password", dataSource.getPassword() == null ? "" : dataSource.getPassword(),
                        "spring.datasource.hikari.maximum-pool-size", "4", "server.port", "0",
                        "klient.demo-data", "false", "spring.main.banner-mode", "off"))
                // an argument: application.properties names the setting and would win over a default property
                .run("--klient.secret-key-file="
                        + java.nio.file.Path.of(app.klient.support.KlientTest.SECRET_KEY_FILE).toAbsolutePath())) {
            int otherPort = ((WebServerApplicationContext) second).getWebServer().getPort();
            UserSummary seller = testUsers.create(Role.SALES);
            Http nodeA = api(seller);
            Http nodeB = Http.on(otherPort).bearer(tokens.issue(seller));
            long buyer = company(nodeA, "Concurrent Sp. z o.o.", "PL", null);
            String body = """
                    {"companyId": %d, "lines": [{"description": "Part", "quantity": 1, "unitPrice": 10, "taxRate": 23}]}"""
                    .formatted(buyer);

            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Http.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Http node = i % 2 == 0 ? nodeA : nodeB;
                calls.add(pool.submit(() -> node.postJson("/api/v1/invoices", body)));
            }
            List<Integer> numbers = Collections.synchronizedList(new ArrayList<>());
            for (Future<Http.Response> call : calls) {
                Http.Response response = call.get();
                assertThat(response.status()).as(response.body()).isEqualTo(201);
                String number = response.json().get("number").asString();
                numbers.add(Integer.parseInt(number.substring(number.lastIndexOf('/') + 1)));
            }
            pool.shutdown();
            List<Integer> sorted = numbers.stream().sorted().toList();
            int first = sorted.get(0);
            assertThat(sorted).as("no twin, no gap").containsExactlyElementsOf(
                    IntStream.range(first, first + 200).boxed().toList());
            assertThat(jdbc.sql("select count(*) from invoices where company_id = " + buyer).query(Long.class)
                    .single()).isEqualTo(200);
        }
    }
}
