package app.klient.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import app.klient.automation.OutboundWebhooks;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.EventStream;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The example scripts of docs/telephony.md run for real against this Klient: the AGI script as Asterisk would start
 * it (the agi_* variables on its standard input), and the click-to-call receiver in front of a stand-in for
 * Asterisk's manager interface that writes down what it is asked. No Asterisk runs here.
 */
class TelephonyScriptTests extends WebTest {

    @Autowired
    OutboundWebhooks webhooks;

    String agi(String token, String... args) throws Exception {
        StringBuilder header = new StringBuilder("agi_request: klient-agi.py\nagi_channel: PJSIP/trunk-00000001\n"
                + "agi_uniqueid: 1733567890.42\nagi_callerid: 601000000\nagi_extension: 201\n");
        for (int i = 0; i < args.length; i++) {
            header.append("agi_arg_").append(i + 1).append(": ").append(args[i]).append('\n');
        }
        // the end of the variables, then Asterisk's answer to each VERBOSE the script sends
        header.append("\n200 result=1\n200 result=1\n");
        ProcessBuilder builder = new ProcessBuilder("python3", "docs/telephony/klient-agi.py");
        builder.environment().put("KLIENT_URL", "http://127.0.0.1:" + port);
        builder.environment().put("KLIENT_TOKEN", token);
        builder.environment().put("KLIENT_AGI_CONF", "/nonexistent");
        builder.redirectErrorStream(false);
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(header.toString().getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        return out + err;
    }

    @Test
    void the_agi_script_pops_the_card_while_it_rings_and_stores_the_call_at_hangup() throws Exception {
        UserSummary agent = testUsers.create(Role.SUPPORT);
        UserSummary phoneSystem = testUsers.create(Role.ADMIN);
        String token = tokens.issue(phoneSystem);
        Http admin = api(phoneSystem);
        String number = CallIntakeTests.newNumber();
        long contact = admin.postJson("/api/v1/contacts", "{\"firstName\": \"Jan\", \"lastName\": \"Agi " + number
                + "\", \"phones\": [\"+48" + number + "\"]}").json().get("id").asLong();
        try (EventStream page = signedIn(agent).events("/live", null)) {
            CallIntakeTests.awaitOpen(page);
            String ringing = agi(token, "ringing", number, agent.email());
            assertThat(ringing).contains("VERBOSE \"klient-agi: screen pop", "(202)");
            EventStream.Event pop = page.next("notice", 5);
            assertThat(pop).isNotNull();
            assertThat(pop.json().get("url").asString()).isEqualTo("/contacts/" + contact);
        }
        String uniqueId = "1733567890." + UUID.randomUUID();
        String hangup = agi(token, "hangup", uniqueId, number, "201", "NOANSWER", "0", agent.email());
        assertThat(hangup).contains("stored as");
        JsonNode call = admin.get("/api/v1/calls?contactId=" + contact).json().get("items").get(0);
        assertThat(call.get("callId").asString()).isEqualTo(uniqueId);
        assertThat(call.get("outcome").asString()).isEqualTo("MISSED");
        assertThat(call.get("taskId").isNull()).isFalse();
        // Asterisk runs the h extension once, but a retry by hand must not double anything
        agi(token, "hangup", uniqueId, number, "201", "NOANSWER", "0", agent.email());
        assertThat(admin.get("/api/v1/calls?contactId=" + contact).json().get("total").asLong()).isEqualTo(1);

        // a wrong token or a Klient that is down never fails the call: the script says so and exits 0
        assertThat(agi("wrong", "ringing", number, agent.email())).contains("Klient answered 401");
    }

    @Test
    void the_click_to_call_receiver_verifies_klients_signature_and_asks_the_manager_interface_to_originate()
            throws Exception {
        List<String> ami = new CopyOnWriteArrayList<>();
        try (ServerSocket manager = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            Thread stand = new Thread(() -> serveAmi(manager, ami), "fake-ami");
            stand.setDaemon(true);
            stand.start();
            int listen;
            try (ServerSocket free = new ServerSocket(0)) {
                listen = free.getLocalPort();
            }
            Http admin = apiAs(Role.ADMIN);
            Http.Response set = admin.putJson("/api/v1/channels/click-to-call",
                    "{\"url\": \"http://127.0.0.1:" + listen + "/dial\"}");
            assertThat(set.status()).as(set.body()).isEqualTo(200);
            UserSummary seller = testUsers.create(Role.SALES);
            Path agents = Files.createTempFile("agents", ".json");
            Files.writeString(agents, "{\"" + seller.email() + "\": \"201\"}");
            ProcessBuilder builder = new ProcessBuilder("python3", "docs/telephony/klient-dial-receiver.py");
            builder.environment().putAll(Map.of("KLIENT_SECRET", set.json().get("secret").asString(),
                    "AGENTS_FILE", agents.toString(), "AMI_HOST", "127.0.0.1",
                    "AMI_PORT", String.valueOf(manager.getLocalPort()), "AMI_USER", "klient", "AMI_SECRET", "s3cret",
                    "LISTEN_PORT", String.valueOf(listen)));
            builder.redirectErrorStream(true);
            Process receiver = builder.start();
            try {
                awaitListening(listen);
                jdbc.sql("update webhook_deliveries set state = 'FAILED' where state = 'PENDING'").update();
                assertThat(api(seller).postJson("/api/v1/calls/dial", "{\"number\": \"+48 601 234 567\"}").status())
                        .isEqualTo(202);
                webhooks.sendDue(20);
                assertThat(String.join("\n", ami)).contains("Action: Login", "Username: klient",
                        "Action: Originate", "Channel: PJSIP/201", "Exten: 0048601234567", "Context: from-internal")
                        .doesNotContain("malformed");
                assertThat(jdbc.sql("""
                        select state from webhook_deliveries where event_type = 'call.requested'
                        order by id desc limit 1""").query(String.class).single()).isEqualTo("DELIVERED");

                // a request not signed with the secret is refused, and nobody is rung
                int before = ami.size();
                java.net.http.HttpResponse<String> forged = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + listen + "/dial"))
                                .header("webhook-id", "msg_x").header("webhook-timestamp",
                                        String.valueOf(System.currentTimeMillis() / 1000))
                                .header("webhook-signature", "v1,AAAA")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\": \"call.requested\"}"))
                                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(forged.statusCode()).isEqualTo(401);
                assertThat(ami).hasSize(before);
            }
            finally {
                receiver.destroy();
                receiver.waitFor(5, TimeUnit.SECONDS);
                Files.deleteIfExists(agents);
            }
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        long until = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < until) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            }
            catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the receiver did not start");
    }

    /** Answers like Asterisk's manager interface: a banner, then Success to every action; keeps every line. */
    /**
     * One line as Asterisk reads it: ended by CR LF. A stray CR (a client that wrote CR CR LF) is recorded as
     * malformed, which the assertions on what was asked then miss.
     */
    private static String amiLine(java.io.InputStream in) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        if (!text.endsWith("\r") || text.indexOf('\r') != text.length() - 1) {
            return "malformed: " + text.replace("\r", "\\r");
        }
        return text.substring(0, text.length() - 1);
    }

    private static void serveAmi(ServerSocket manager, List<String> lines) {
        while (!manager.isClosed()) {
            try (Socket client = manager.accept();
                    java.io.InputStream in = client.getInputStream();
                    OutputStream out = client.getOutputStream()) {
                out.write("Asterisk Call Manager/7.0.3\r\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                String line;
                while ((line = amiLine(in)) != null) {
                    if (line.isEmpty()) {
                        out.write("Response: Success\r\nMessage: OK\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        continue;
                    }
                    lines.add(line);
                }
            }
            catch (IOException e) {
                // a client that left mid-answer: the next one is served
            }
        }
    }
}
