package app.klient.billing.ksef;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An invoice's way to KSeF as people see it: the panel on its page in each state, rejections in plain words with what
 * to do, the receipt (UPO), sending a rejected invoice again, and the list of invoices waiting or rejected. The KSeF
 * job is not part of this: its rows are written here as it would write them.
 */
class KsefInvoiceStateTests extends WebTest {

    private Map<String, String> sellerBefore;
    private UserSummary owner;
    private Http ownerApi;
    private long buyer;

    @BeforeEach
    void a_polish_seller_with_its_nip() {
        jdbc.sql("update ksef_settings set enabled = false").update();
        sellerBefore = seller(Map.of("country", "PL", "taxId", "5261040828"));
        owner = testUsers.create(Role.SALES);
        ownerApi = api(owner);
        buyer = company(ownerApi, "Odbiorca KSeF " + System.nanoTime(), "PL", null);
    }

    @AfterEach
    void put_back() {
        jdbc.sql("update ksef_settings set enabled = false").update();
        seller(sellerBefore);
    }

    @Test
    void the_panel_says_ksef_is_off_for_an_invoice_never_queued() {
        JsonNode invoice = issue();
        String page = signedIn(owner).language("en").get("/invoices/" + invoice.get("id").asLong()).body();
        assertThat(page).contains("KSeF is switched off").contains("was not sent to KSeF");
        JsonNode state = ownerApi.get("/api/v1/invoices/" + invoice.get("id").asLong() + "/ksef").json();
        assertThat(state.get("state").isNull()).isTrue();
        assertThat(state.get("ksefEnabled").asBoolean()).isFalse();
        assertThat(state.get("polish").asBoolean()).isTrue();
    }

    @Test
    void each_state_reads_in_plain_words_on_the_page_and_in_the_api() {
        long id = issue().get("id").asLong();
        submission(id, "WAITING", true, null, null, null, null);
        jdbc.sql("update ksef_settings set enabled = true").update();
        assertThat(signedIn(owner).get("/invoices/" + id).body())
                .contains("waiting for KSeF").contains("Issued in offline mode");
        jdbc.sql("update ksef_settings set enabled = false").update();

        jdbc.sql("update ksef_submissions set state = 'REJECTED', offline = false where invoice_id = :id")
                .param("id", id).update();
        jdbc.sql("""
                update ksef_submissions set status_code = 450,
                       status_description = 'Błąd weryfikacji semantyki dokumentu faktury',
                       status_details = 'Nieprawidłowy NIP nabywcy' where invoice_id = :id""").param("id", id).update();
        String rejected = signedIn(owner).get("/invoices/" + id).body();
        assertThat(rejected).contains("rejected by KSeF")
                .contains("KSeF found an error in the content of the invoice: Błąd weryfikacji semantyki")
                .contains("Correct the data KSeF names").contains("Nieprawidłowy NIP nabywcy")
                .contains("Send to KSeF again");
        JsonNode polish = ownerApi.language("pl").get("/api/v1/invoices/" + id + "/ksef").json();
        assertThat(polish.get("reason").asString()).startsWith("KSeF znalazł błąd w treści faktury");
        JsonNode czech = ownerApi.language("cs").get("/api/v1/invoices/" + id + "/ksef").json();
        assertThat(czech.get("reason").asString()).startsWith("KSeF našel chybu v obsahu faktury");
        assertThat(czech.get("todo").asString()).contains("Opravte údaje");

        // a code KSeF did not document: its own description, and what to do in general
        jdbc.sql("update ksef_submissions set status_code = 999, status_description = 'Coś zupełnie nowego' "
                + "where invoice_id = :id").param("id", id).update();
        JsonNode other = ownerApi.language("en").get("/api/v1/invoices/" + id + "/ksef").json();
        assertThat(other.get("reason").asString()).isEqualTo("KSeF refused the invoice: Coś zupełnie nowego");
        assertThat(other.get("todo").asString()).contains("Read the description from KSeF");

        jdbc.sql("update ksef_submissions set status_code = 440, status_description = 'Duplikat faktury' "
                + "where invoice_id = :id").param("id", id).update();
        assertThat(ownerApi.language("en").get("/api/v1/invoices/" + id + "/ksef").json().get("todo").asString())
                .contains("already in KSeF");

        String number = "5261040828-20260105-0100001AF629-AF";
        byte[] upo = "<Potwierdzenie>UPO</Potwierdzenie>".getBytes(StandardCharsets.UTF_8);
        jdbc.sql("""
                update ksef_submissions set state = 'ACCEPTED', ksef_number = :number, upo = :upo,
                       accepted_at = now(), status_code = 200, status_description = 'Sukces' where invoice_id = :id""")
                .param("number", number + id % 10).param("upo", upo).param("id", id).update();
        String accepted = signedIn(owner).language("en").get("/invoices/" + id).body();
        assertThat(accepted).contains("accepted by KSeF").contains(number + id % 10)
                .contains("/invoices/" + id + "/upo.xml").doesNotContain("Send to KSeF again");
        Http reader = signedInAs(Role.READ_ONLY);
        Http.Response download = reader.get("/invoices/" + id + "/upo.xml");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.contentType()).startsWith("application/xml");
        assertThat(download.body()).isEqualTo("<Potwierdzenie>UPO</Potwierdzenie>");
        assertThat(apiAs(Role.READ_ONLY).get("/api/v1/invoices/" + id + "/ksef/upo").body())
                .isEqualTo("<Potwierdzenie>UPO</Potwierdzenie>");
    }

    @Test
    void a_rejected_invoice_goes_back_to_the_queue_for_whoever_may_act_on_it() {
        long id = issue().get("id").asLong();
        submission(id, "REJECTED", false, 500, "Nieznany błąd (500)", null, null);
        int version = jdbc.sql("select version from ksef_submissions where invoice_id = :id").param("id", id)
                .query(Integer.class).single();

        Http other = apiAs(Role.SALES).language("en");
        Http.Response foreign = other.postJson("/api/v1/invoices/" + id + "/ksef/resend",
                "{\"version\": " + version + "}");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.body()).contains("Only its owner, managers and administrators");
        assertThat(apiAs(Role.READ_ONLY).postJson("/api/v1/invoices/" + id + "/ksef/resend",
                "{\"version\": " + version + "}").status()).isEqualTo(403);
        assertThat(signedInAs(Role.SUPPORT).postForm("/invoices/" + id + "/ksef/resend",
                Map.of("version", String.valueOf(version))).status()).isEqualTo(403);

        Http page = signedIn(owner).language("en");
        page.get("/invoices/" + id);
        Http.Response sent = page.postForm("/invoices/" + id + "/ksef/resend", Map.of("version",
                String.valueOf(version)));
        assertThat(sent.status()).isEqualTo(302);
        assertThat(jdbc.sql("select state || ' ' || attempts from ksef_submissions where invoice_id = :id")
                .param("id", id).query(String.class).single()).isEqualTo("WAITING 0");
        assertThat(page.get("/invoices/" + id).body()).contains("The invoice is back in the queue");

        Http.Response twice = ownerApi.language("pl").postJson("/api/v1/invoices/" + id + "/ksef/resend",
                "{\"version\": " + version + "}");
        assertThat(twice.status()).as("a second send from the same version").isEqualTo(409);
        Http.Response notRejected = ownerApi.language("pl").postJson("/api/v1/invoices/" + id + "/ksef/resend",
                "{\"version\": " + (version + 1) + "}");
        assertThat(notRejected.status()).isEqualTo(409);
        assertThat(notRejected.body()).contains("ta ma stan: czeka na wysłanie do KSeF");
        assertThat(audited(id)).contains("REJECTED").contains("WAITING");

        assertThat(ownerApi.postJson("/api/v1/invoices/99999999/ksef/resend", "{\"version\": 0}").status())
                .isEqualTo(404);
        long never = issue().get("id").asLong();
        Http.Response notQueued = ownerApi.language("en").postJson("/api/v1/invoices/" + never + "/ksef/resend",
                "{\"version\": 0}");
        assertThat(notQueued.status()).isEqualTo(404);
        assertThat(notQueued.body()).contains("never sent to KSeF");
        assertThat(ownerApi.language("en").get("/api/v1/invoices/" + never + "/ksef/upo").body())
                .contains("no KSeF receipt");
        assertThat(ownerApi.get("/api/v1/invoices/99999999/ksef").status()).isEqualTo(404);
        assertThat(signedIn(owner).get("/invoices/99999999/upo.xml").status()).isEqualTo(404);
    }

    @Test
    void the_list_shows_invoices_waiting_or_rejected_and_with_ksef_off_those_that_would_be_sent() {
        JsonNode waiting = issue();
        JsonNode rejected = issue();
        JsonNode never = issue();
        submission(waiting.get("id").asLong(), "WAITING", true, null, null, null, null);
        submission(rejected.get("id").asLong(), "REJECTED", false, 410, "Nieprawidłowy zakres uprawnień", null,
                null);

        Http reader = signedInAs(Role.READ_ONLY).language("en");
        String all = reader.get("/invoices/ksef").body();
        assertThat(all).contains(waiting.get("number").asString()).contains(rejected.get("number").asString())
                .contains("the KSeF token has no right to issue invoices").contains("KSeF is switched off")
                .contains("Not sent to KSeF").contains(never.get("number").asString());
        String onlyRejected = reader.get("/invoices/ksef?state=REJECTED", Map.of("HX-Request", "true")).body();
        assertThat(onlyRejected).contains(rejected.get("number").asString())
                .doesNotContain(">" + waiting.get("number").asString() + "<");
        assertThat(reader.get("/invoices/ksef?state=NONSENSE&page=abc").status()).isIn(200, 400);
        assertThat(reader.get("/invoices").body()).contains("href=\"/invoices/ksef\"");
        Http readerApi = apiAs(Role.READ_ONLY).language("en");
        JsonNode listed = readerApi.get("/api/v1/ksef/invoices?state=REJECTED&size=200").json();
        assertThat(listed.get("items").toString()).contains(rejected.get("number").asString())
                .contains("the KSeF token has no right").doesNotContain(waiting.get("number").asString() + "\"");
        Http.Response unknownState = readerApi.get("/api/v1/ksef/invoices?state=LOST");
        assertThat(unknownState.status()).isEqualTo(400);
        assertThat(unknownState.body()).contains("Unknown KSeF state");

        jdbc.sql("update ksef_settings set enabled = true").update();
        String on = reader.get("/invoices/ksef").body();
        assertThat(on).doesNotContain("because it is switched off").contains(waiting.get("number").asString());
    }

    @Test
    void an_invoice_left_waiting_when_ksef_was_switched_off_says_it_waits_for_ksef_to_be_switched_on() {
        long id = issue().get("id").asLong();
        submission(id, "WAITING", true, null, null, null, null);
        String page = signedIn(owner).language("en").get("/invoices/" + id).body();
        assertThat(page).contains("goes to KSeF once an administrator switches KSeF on again")
                .doesNotContain("Issued in offline mode").doesNotContain("as soon as KSeF answers");
    }

    @Test
    void the_panel_links_the_settings_by_name_and_offers_the_ksef_check_only_once_ksef_has_the_invoice() {
        long id = issue().get("id").asLong();
        submission(id, "WAITING", false, null, null, null, null);
        jdbc.sql("update ksef_submissions set invoice_hash = :hash where invoice_id = :id")
                .param("hash", new byte[32]).param("id", id).update();
        jdbc.sql("update ksef_settings set enabled = true").update();
        Http admin = signedInAs(Role.ADMIN).language("en");
        String waiting = admin.get("/invoices/" + id).body();
        assertThat(waiting).doesNotContain("Check the invoice in KSeF");
        jdbc.sql("update ksef_submissions set state = 'ACCEPTED', ksef_number = :number where invoice_id = :id")
                .param("number", "5261040828-20261206-" + String.format("%012X", id) + "-00").param("id", id)
                .update();
        assertThat(admin.get("/invoices/" + id).body()).contains("Check the invoice in KSeF");

        jdbc.sql("update ksef_settings set enabled = false").update();
        long never = issue().get("id").asLong();
        assertThat(admin.get("/invoices/" + never).body()).contains(">KSeF settings</a>");
    }

    @Test
    void the_list_fits_a_phone_and_with_ksef_off_explains_the_unsent_ones_above_them() {
        issue();
        String en = signedInAs(Role.READ_ONLY).language("en").get("/invoices/ksef").body();
        // the state filter grows to its text (Czech was cut off); on a phone each row stacks with its labels
        assertThat(en).contains("<div class=\"grow\">").contains("class=\"ksef-list\"")
                .contains("data-label=\"Number\"");
        assertThat(en.indexOf("because it is switched off")).isGreaterThan(en.indexOf("Not sent to KSeF</h2>"))
                .isGreaterThan(en.indexOf("class=\"ksef-list\""));
        assertThat(signedInAs(Role.ADMIN).language("en").get("/admin/ksef").body())
                .contains("The seller&#39;s Polish NIP");
    }

    private String audited(long id) {
        return jdbc.sql("select string_agg(changes::text, ' ') from audit_events where entity_type = 'ksefSubmission' "
                + "and entity_id = :id").param("id", String.valueOf(id)).query(String.class).single();
    }

    private JsonNode issue() {
        Http.Response issued = ownerApi.postJson("/api/v1/invoices", """
                {"companyId": %d, "language": "pl", "lines": [
                  {"description": "Łożysko", "quantity": 1, "unitPrice": 100, "taxRate": 23}]}""".formatted(buyer));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json();
    }

    private void submission(long invoiceId, String state, boolean offline, Integer code, String description,
            String ksefNumber, byte[] upo) {
        jdbc.sql("""
                insert into ksef_submissions (invoice_id, state, offline, status_code, status_description, ksef_number,
                                              upo)
                values (:id, :state, :offline, :code, :description, :number, :upo)""").param("id", invoiceId)
                .param("state", state).param("offline", offline).param("code", code)
                .param("description", description).param("number", ksefNumber).param("upo", upo).update();
    }
}
