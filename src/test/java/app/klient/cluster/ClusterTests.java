package app.klient.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import app.klient.support.Http;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one database behind HAProxy, with a streaming replica (.ci/cluster): a person signs in through one
 * node and works on through the other, invoices issued through both are numbered without a gap or a twin, reads
 * that may lag come from the replica and from the primary while it is down, and a node killed mid-work loses
 * nothing it acknowledged.
 */
@Tag("cluster")
class ClusterTests {

    @Test
    void a_person_signs_in_on_one_node_and_works_on_through_the_other_and_the_balancer() throws Exception {
        Cluster cluster = Cluster.get();
        Cluster.Node a = cluster.nodes.get(0);
        Cluster.Node b = cluster.nodes.get(1);
        Http onA = Http.on(a.port);
        assertThat(onA.login(Cluster.ADMIN_EMAIL, Cluster.ADMIN_PASSWORD).location()).isEqualTo("/");

        Http onB = onA.via(b.port);
        Http.Response form = onB.get("/companies/new");
        assertThat(form.status()).as("signed in on the other node").isEqualTo(200);
        String name = "Shared Session " + UUID.randomUUID().toString().substring(0, 8);
        Http.Response made = onB.postForm("/companies", Map.of("name", name, "country", "PL"));
        assertThat(made.status()).as(made.body()).isEqualTo(302);
        Http.Response card = onA.via(a.port).get(made.location());
        assertThat(card.status()).isEqualTo(200);
        assertThat(card.body()).contains(name);

        Http through = onA.via(cluster.balancer);
        for (int i = 0; i < 10; i++) {
            assertThat(through.get(made.location()).status()).as("request %d through the balancer", i).isEqualTo(200);
        }
        // signed out on one node, signed out on both
        onB.get("/");
        assertThat(onB.postForm("/logout", Map.of()).status()).isEqualTo(302);
        assertThat(onA.via(a.port).get("/companies/new").status()).isEqualTo(302);
    }

    @Test
    void invoices_issued_at_once_through_both_nodes_are_numbered_without_a_gap_or_a_twin() throws Exception {
        Cluster cluster = Cluster.get();
        Http api = cluster.administratorApi();
        long buyer = buyer(api, "Numbering");
        List<Http> callers = List.of(api.via(cluster.nodes.get(0).port), api.via(cluster.nodes.get(1).port), api);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Http.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Http caller = callers.get(i % callers.size());
            calls.add(pool.submit(() -> caller.postJson("/api/v1/invoices", invoice(buyer))));
        }
        List<Integer> numbers = new ArrayList<>();
        for (Future<Http.Response> call : calls) {
            Http.Response response = call.get();
            assertThat(response.status()).as(response.body()).isEqualTo(201);
            numbers.add(sequence(response.json().get("number").asString()));
        }
        pool.shutdown();
        consecutive(numbers);
    }

    @Test
    void reads_that_may_lag_come_from_the_replica_and_from_the_primary_while_it_is_down() throws Exception {
        Cluster cluster = Cluster.get();
        Http api = cluster.administratorApi();
        String name = "Replicated " + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postJson("/api/v1/companies", "{\"name\": \"" + name + "\"}").status()).isEqualTo(201);
        Cluster.waitFor(() -> cluster.replica.sql("select count(*) from companies where name = :n").param("n", name)
                .query(Long.class).single() == 1, 30_000);
        for (int i = 0; i < 4; i++) {
            Http.Response found = api.get("/api/v1/search?q=" + name.replace(' ', '+'));
            assertThat(found.status()).isEqualTo(200);
            assertThat(found.body()).contains(name);
        }
        // both nodes searched on the replica: their replica pools hold connections there
        assertThat(cluster.replica.sql("""
                select count(distinct application_name) from pg_stat_activity where application_name like 'klient-%-replica'""")
                .query(Long.class).single()).isEqualTo(2);

        cluster.run("KLIENT_CLUSTER_REPLICA_STOP");
        try {
            long started = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                Http.Response found = api.get("/api/v1/search?q=" + name.replace(' ', '+'));
                assertThat(found.status()).as(found.body()).isEqualTo(200);
                assertThat(found.body()).contains(name);
            }
            // each node waits for the stopped replica once (its connection timeout), then rests it
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(15_000);
        }
        finally {
            cluster.run("KLIENT_CLUSTER_REPLICA_START");
        }
    }

    @Test
    void a_node_killed_mid_work_loses_nothing_it_acknowledged_and_numbers_stay_whole() throws Exception {
        Cluster cluster = Cluster.get();
        Http api = cluster.administratorApi();
        long buyer = buyer(api, "Crash");
        Cluster.Node victim = cluster.nodes.get(0);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        AtomicInteger acknowledgedSoFar = new AtomicInteger();
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        List<Integer> refused = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            calls.add(pool.submit(() -> {
                try {
                    Http.Response response = api.postJson("/api/v1/invoices", invoice(buyer));
                    if (response.status() == 201) {
                        acknowledged.add(response.json().get("number").asString());
                        acknowledgedSoFar.incrementAndGet();
                    }
                    else {
                        refused.add(response.status());
                    }
                }
                catch (IllegalStateException e) {
                    refused.add(-1);
                }
            }));
        }
        Cluster.waitFor(() -> acknowledgedSoFar.get() >= 60, 60_000);
        cluster.kill(victim);
        for (Future<?> call : calls) {
            call.get();
        }
        pool.shutdown();
        try {
            // every acknowledged invoice is stored; whatever the dead node had not finished was not acknowledged
            List<String> stored = cluster.primary.sql("select number from invoices where company_id = :c")
                    .param("c", buyer).query(String.class).list();
            assertThat(stored).containsAll(acknowledged);
            assertThat(acknowledged.size()).as("refused: " + refused).isGreaterThanOrEqualTo(200);
            assertThat(refused).as("only the requests the dead node held fail, as the balancer's 502/503")
                    .allMatch(status -> status == 502 || status == 503 || status == -1);
            // and the numbers stored are whole: a transaction the kill cut off took no number with it
            consecutive(stored.stream().map(ClusterTests::sequence).toList());
        }
        finally {
            cluster.restart(victim);
        }
    }

    private static long buyer(Http api, String name) {
        Http.Response company = api.postJson("/api/v1/companies", """
                {"name": "%s %s Sp. z o.o.", "country": "PL", "billingAddress": {"street": "ul. Piotrkowska 1",
                 "city": "Łódź", "postalCode": "90-001", "country": "PL"}}"""
                .formatted(name, UUID.randomUUID().toString().substring(0, 8)));
        assertThat(company.status()).as(company.body()).isEqualTo(201);
        return company.json().get("id").asLong();
    }

    private static String invoice(long buyer) {
        return """
                {"companyId": %d, "lines": [{"description": "Part", "quantity": 1, "unitPrice": 10, "taxRate": 23}]}"""
                .formatted(buyer);
    }

    /** The running number of an invoice number (FV/2026/12/0042 → 42). */
    private static int sequence(String number) {
        return Integer.parseInt(number.substring(number.lastIndexOf('/') + 1));
    }

    private static void consecutive(List<Integer> numbers) {
        List<Integer> sorted = numbers.stream().sorted().toList();
        int first = sorted.get(0);
        assertThat(sorted).as("no twin, no gap").containsExactlyElementsOf(
                IntStream.range(first, first + sorted.size()).boxed().toList());
    }
}
