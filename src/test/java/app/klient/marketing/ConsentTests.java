package app.klient.marketing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.identity.Role;
import app.klient.marketing.consent.FormConsents;
import app.klient.marketing.internal.Audience;
import app.klient.marketing.internal.TrackingTokens;
import app.klient.sales.ConsentQuestions;
import app.klient.sales.LeadCaptured;
import app.klient.support.Http;
import app.klient.support.WebTest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Consent per purpose and channel: its history, the suppression list, double opt-in from a web form, imports. */
class ConsentTests extends WebTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final Pattern CONFIRM = Pattern.compile("/t/confirm/([A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+)");

    @Autowired
    Consents consents;

    @Autowired
    Audience audience;

    @Autowired
    TrackingTokens tokens;

    @Autowired
    FormConsents formConsents;

    @BeforeEach
    void smtp() {
        jdbc.sql("""
                update mail_settings set smtp_host = 'localhost', smtp_port = :port, smtp_security = 'NONE',
                    smtp_username = null, smtp_password = null, from_address = 'news@klient.test',
                    from_name = 'Klient' where id = 1""").param("port", mail.getSmtp().getPort()).update();
    }

    private long contact(Http api, String email) {
        return api.postJson("/api/v1/contacts", """
                {"firstName": "Ola", "lastName": "Zgoda", "emails": ["%s"]}""".formatted(email)).json().get("id")
                .asLong();
    }

    private long purpose(String key) {
        return consents.purposeId(key).orElseThrow();
    }

    private long rows(long contactId) {
        return jdbc.sql("select count(*) from consents where contact_id = :c").param("c", contactId)
                .query(Long.class).single();
    }

    @Test
    void consent_history_is_never_overwritten() {
        Http api = apiAs(Role.SALES);
        String s = UUID.randomUUID().toString().substring(0, 8);
        long ola = contact(api, "ola." + s + "@example.test");
        long newsletter = purpose("newsletter");
        String give = """
                {"contactId": %d, "purposeId": %d, "channel": "EMAIL", "state": "GIVEN", "detail": "asked on the phone"}"""
                .formatted(ola, newsletter);

        Http.Response given = api.postJson("/api/v1/marketing/consents", give);
        assertThat(given.status()).as(given.body()).isEqualTo(201);
        assertThat(given.json().get("source").asString()).isEqualTo("API");
        assertThat(given.json().get("wording").asString()).startsWith("I agree to receive the newsletter");
        assertThat(audience.refusal(ola, newsletter)).isEmpty();
        assertThat(api.postJson("/api/v1/marketing/consents", give).status()).as("the same state again").isEqualTo(200);
        assertThat(rows(ola)).isEqualTo(1);

        assertThat(api.postJson("/api/v1/marketing/consents", give.replace("GIVEN", "WITHDRAWN")).status())
                .isEqualTo(201);
        assertThat(audience.refusal(ola, newsletter)).contains(Audience.Refusal.NO_CONSENT);

        JsonNode history = api.get("/api/v1/marketing/consents?contactId=" + ola).json();
        assertThat(history.get("total").asLong()).isEqualTo(2);
        assertThat(history.get("items").get(0).get("state").asString()).isEqualTo("WITHDRAWN");
        JsonNode first = history.get("items").get(1);
        assertThat(first.get("state").asString()).isEqualTo("GIVEN");
        assertThat(first.get("sourceDetail").asString()).isEqualTo("asked on the phone");
        assertThat(first.get("address").asString()).isEqualTo("ola." + s + "@example.test");
        assertThat(first.get("byUser").isNull()).isFalse();
        assertThat(api.get("/api/v1/marketing/consents?address=OLA." + s + "@example.test").json().get("total")
                .asLong()).as("found by address, whatever its case").isEqualTo(2);
        assertThat(api.get("/api/v1/marketing/consents").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/marketing/consents/current?contactId=" + ola).json().get(0).get("state")
                .asString()).isEqualTo("WITHDRAWN");

        // not even the database lets the history be rewritten or erased
        assertThatThrownBy(() -> jdbc.sql("update consents set state = 'GIVEN' where contact_id = :c")
                .param("c", ola).update()).hasMessageContaining("never changed");
        assertThatThrownBy(() -> jdbc.sql("delete from consents where contact_id = :c").param("c", ola).update())
                .hasMessageContaining("never deleted");
        assertThat(rows(ola)).isEqualTo(2);
        assertThat(api.get("/api/v1/contacts/" + ola + "/timeline").body()).contains("CONSENT");

        for (String bad : List.of(give.replace("EMAIL", "FAX"), give.replace("GIVEN", "PENDING"),
                give.replace("\"purposeId\": " + newsletter, "\"purposeId\": 987654321"),
                give.replace("asked on the phone", "x".repeat(501)), "{}")) {
            assertThat(api.postJson("/api/v1/marketing/consents", bad).status()).as(bad).isEqualTo(400);
        }
        assertThat(api.postJson("/api/v1/marketing/consents", give.replace("\"contactId\": " + ola,
                "\"contactId\": 987654321")).status()).isEqualTo(404);
        assertThat(apiAs(Role.READ_ONLY).postJson("/api/v1/marketing/consents", give).status()).isEqualTo(403);
        assertThat(rows(ola)).as("refused changes record nothing").isEqualTo(2);
    }

    @Test
    void consent_given_by_hand_shows_on_the_card_with_its_wording() {
        Http api = apiAs(Role.SALES);
        long ola = contact(api, "card." + UUID.randomUUID().toString().substring(0, 8) + "@example.test");
        Http seller = signedInAs(Role.SUPPORT);
        seller.get("/contacts/" + ola);
        Http.Response recorded = seller.postForm("/contacts/" + ola + "/consents", Map.of("purposeId",
                String.valueOf(purpose("offers")), "channel", "PHONE", "state", "GIVEN", "detail", "signed paper"));
        assertThat(recorded.location()).isEqualTo("/contacts/" + ola + "#consents");
        String card = seller.get("/contacts/" + ola).body();
        assertThat(card).contains("Consents").contains("signed paper").contains("recorded by hand")
                .contains("I agree to receive commercial offers");
        Http reader = signedInAs(Role.READ_ONLY);
        reader.get("/contacts/" + ola);
        assertThat(reader.postForm("/contacts/" + ola + "/consents", Map.of("purposeId",
                String.valueOf(purpose("offers")), "channel", "PHONE", "state", "WITHDRAWN")).status()).isEqualTo(403);
        assertThat(consents.state(ola, purpose("offers"), Consents.Channel.PHONE)).contains(Consents.State.GIVEN);
    }

    @Test
    void withdraw_is_safe_to_repeat_and_suppression_keeps_a_complaint() {
        Http api = apiAs(Role.SALES);
        String address = "bounce." + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        long ola = contact(api, address);
        long surveys = purpose("surveys");
        consents.change(Consents.Change.of(ola, surveys, Consents.Channel.EMAIL, Consents.State.GIVEN,
                Consents.Source.MANUAL));
        assertThat(consents.withdraw(ola, surveys, Consents.Channel.EMAIL, Consents.Source.UNSUBSCRIBE, "campaign 1"))
                .isTrue();
        assertThat(consents.withdraw(ola, surveys, Consents.Channel.EMAIL, Consents.Source.UNSUBSCRIBE, "campaign 1"))
                .as("a replayed unsubscribe").isFalse();
        assertThat(rows(ola)).isEqualTo(2);
        assertThat(consents.withdrawAll(ola, Consents.Channel.EMAIL, Consents.Source.COMPLAINT, null))
                .as("the purposes not yet withdrawn").isEqualTo((int) (long) jdbc.sql(
                        "select count(*) - 1 from consent_purposes").query(Long.class).single());

        consents.change(Consents.Change.of(ola, surveys, Consents.Channel.EMAIL, Consents.State.GIVEN,
                Consents.Source.MANUAL));
        assertThat(consents.suppress(address.toUpperCase(), Consents.SuppressionReason.HARD_BOUNCE, "550 5.1.1"))
                .isTrue();
        assertThat(consents.suppress(address, Consents.SuppressionReason.SOFT_BOUNCES, "again")).isFalse();
        assertThat(audience.refusal(ola, surveys)).contains(Audience.Refusal.SUPPRESSED);
        assertThat(consents.suppress(address, Consents.SuppressionReason.COMPLAINT, "ARF")).isTrue();
        Http marketer = apiAs(Role.MARKETING);
        JsonNode kept = marketer.get("/api/v1/marketing/suppressions/" + address).json();
        assertThat(kept.get("reason").asString()).isEqualTo("COMPLAINT");
        assertThat(consents.suppress("not an address", Consents.SuppressionReason.MANUAL, null)).isFalse();

        assertThat(apiAs(Role.SALES).delete("/api/v1/marketing/suppressions/" + address).status()).isEqualTo(403);
        assertThat(marketer.delete("/api/v1/marketing/suppressions/" + address).status()).isEqualTo(204);
        assertThat(audience.refusal(ola, surveys)).isEmpty();
        assertThat(marketer.postJson("/api/v1/marketing/suppressions", "{\"address\": \"nope\"}").status())
                .isEqualTo(400);
        assertThat(marketer.postJson("/api/v1/marketing/suppressions", "{\"address\": \"" + address + "\"}").status())
                .isEqualTo(201);
        assertThat(marketer.get("/api/v1/marketing/suppressions?q=" + address).json().get("total").asLong())
                .isEqualTo(1);
    }

    @Test
    void a_web_form_consent_is_confirmed_by_email_in_the_visitors_language_and_follows_the_lead() throws Exception {
        String s = UUID.randomUUID().toString().substring(0, 8);
        Http admin = apiAs(Role.ADMIN);
        String key = "optin-" + s;
        assertThat(admin.postJson("/api/v1/web-forms", "{\"key\": \"" + key + "\", \"name\": \"Newsletter " + s
                + "\"}").status()).isIn(200, 201);
        Http visitor = browser().language("pl");
        String form = visitor.get("/forms/" + key).body();
        assertThat(form).contains("name=\"consent\"").contains("value=\"newsletter\"")
                .contains("Zgadzam się na otrzymywanie newslettera");

        String address = "anna." + s + "@example.test";
        Http.Response posted = visitor.postRaw("/forms/" + key, "application/x-www-form-urlencoded",
                "firstName=Anna&lastName=Nowa&email=" + address + "&consent=newsletter&consent=made-up");
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        long lead = jdbc.sql("select id from leads where email = :e").param("e", address).query(Long.class).single();

        MimeMessage message = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Arrays
                .stream(mail.getReceivedMessages()).filter(m -> to(m, address)).findFirst().orElse(null),
                m -> m != null);
        assertThat(message.getSubject()).isEqualTo("Prosimy o potwierdzenie zgody");
        String body = GreenMailUtil.getBody(message).replace("=\r\n", "").replace("=3D", "=");
        Matcher link = CONFIRM.matcher(body);
        assertThat(link.find()).as(body).isTrue();
        String token = link.group(1);
        List<Map<String, Object>> pending = jdbc.sql("""
                select state, source, wording, language, contact_id from consents where lead_id = :l""")
                .param("l", lead).query().listOfRows();
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0)).containsEntry("state", "PENDING").containsEntry("source", "FORM")
                .containsEntry("language", "pl");
        assertThat((String) pending.get(0).get("wording")).startsWith("Zgadzam się");

        Http person = browser();
        Http.Response page = person.get("/t/confirm/" + token);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Potwierdź").contains("Newsletter");
        assertThat(jdbc.sql("select count(*) from consents where lead_id = :l and state = 'GIVEN'").param("l", lead)
                .query(Long.class).single()).as("opening the page confirms nothing").isZero();
        assertThat(person.postFormRaw("/t/confirm/" + token, Map.of()).body()).contains("zgoda została potwierdzona");
        assertThat(person.postFormRaw("/t/confirm/" + token, Map.of()).status()).as("a second click").isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from consents where lead_id = :l and state = 'GIVEN' and "
                + "source = 'CONFIRMATION'").param("l", lead).query(Long.class).single()).isEqualTo(1);

        // the lead becomes a contact: its consents follow, and the audience rule lets a newsletter reach it
        Http api = admin;
        int version = api.get("/api/v1/leads/" + lead).json().get("version").asInt();
        api.postJson("/api/v1/leads/" + lead + "/status", "{\"status\": \"QUALIFIED\", \"version\": " + version + "}");
        Http.Response converted = api.postJson("/api/v1/leads/" + lead + "/convert", "{\"createDeal\": false, "
                + "\"version\": " + api.get("/api/v1/leads/" + lead).json().get("version").asInt() + "}");
        assertThat(converted.status()).as(converted.body()).isEqualTo(200);
        long contact = converted.json().get("contactId").asLong();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> consents.state(contact, purpose("newsletter"),
                Consents.Channel.EMAIL).isPresent());
        assertThat(consents.state(contact, purpose("newsletter"), Consents.Channel.EMAIL))
                .contains(Consents.State.GIVEN);
        assertThat(audience.refusal(contact, purpose("newsletter"))).isEmpty();
        assertThat(rows(contact)).as("both rows, pending and given, kept").isEqualTo(2);
    }

    /**
     * A visitor who confirmed once (the consent waits on their lead: no contact yet) sends a form again, the address
     * written otherwise: nothing is asked again, no second e-mail goes, and no PENDING row undoes the GIVEN one.
     */
    @Test
    void a_visitor_who_confirmed_is_not_asked_again_when_the_earlier_consent_is_a_leads() throws Exception {
        String s = UUID.randomUUID().toString().substring(0, 8);
        Http admin = apiAs(Role.ADMIN);
        String key = "again-" + s;
        long form = admin.postJson("/api/v1/web-forms", "{\"key\": \"" + key + "\", \"name\": \"Again " + s
                + "\"}").json().get("id").asLong();
        String address = "ewa." + s + "@example.test";
        Http visitor = browser().language("pl");
        visitor.get("/forms/" + key);
        assertThat(visitor.postRaw("/forms/" + key, "application/x-www-form-urlencoded",
                "firstName=Ewa&lastName=Raz&email=" + address + "&consent=newsletter").status()).isEqualTo(200);
        long lead = jdbc.sql("select id from leads where email = :e").param("e", address).query(Long.class).single();
        long confirmation = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "select id from consent_confirmations where lead_id = :l").param("l", lead).query(Long.class)
                .optional().orElse(0L), id -> id > 0);
        assertThat(formConsents.confirm(tokens.token(new TrackingTokens.Ref(TrackingTokens.Source.CONFIRMATION,
                confirmation, 0)), "127.0.0.1")).isTrue();
        long rowsBefore = jdbc.sql("select count(*) from consents where lower(address) = :a").param("a", address)
                .query(Long.class).single();

        List<ConsentQuestions.Question> newsletter = formConsents.ask(java.util.Locale.forLanguageTag("pl")).stream()
                .filter(q -> q.key().equals("newsletter")).toList();
        Optional<Long> again = formConsents.ask(new LeadCaptured(lead, form, address.toUpperCase(), "pl",
                "127.0.0.1", newsletter));

        assertThat(again).as("no second confirmation").isEmpty();
        assertThat(jdbc.sql("select count(*) from consents where lower(address) = :a").param("a", address)
                .query(Long.class).single()).isEqualTo(rowsBefore);
        assertThat(jdbc.sql("select count(*) from consent_confirmations where lower(address) = :a")
                .param("a", address).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_forged_confirmation_is_refused() {
        long before = count("consents");
        Http stranger = browser();
        String real = tokens.token(new TrackingTokens.Ref(TrackingTokens.Source.CONFIRMATION, 1, 0));
        String forged = real.substring(0, real.length() - 2) + (real.endsWith("AA") ? "BB" : "AA");
        String otherKind = tokens.token(new TrackingTokens.Ref(TrackingTokens.Source.CAMPAIGN, 1, 0));
        String unknown = tokens.token(new TrackingTokens.Ref(TrackingTokens.Source.CONFIRMATION, 987654321, 0));
        for (String token : List.of(forged, otherKind, unknown, "garbage", "a.b", "x".repeat(150))) {
            Http.Response page = stranger.get("/t/confirm/" + token);
            assertThat(page.status()).as(token).isEqualTo(404);
            assertThat(page.body()).contains("not valid");
            assertThat(stranger.postFormRaw("/t/confirm/" + token, Map.of()).status()).as(token).isEqualTo(404);
        }
        assertThat(count("consents")).isEqualTo(before);
    }

    /** A marketer imports (marketers own consent); the history says "contact import" in the reader's language. */
    @Test
    void an_imported_consent_column_becomes_history() {
        Http manager = apiAs(Role.MARKETING);
        String s = UUID.randomUUID().toString().substring(0, 8);
        String csv = """
                lastName,email,consent
                Zgodna,yes.%1$s@example.test,yes
                Niezgodna,no.%1$s@example.test,no
                """.formatted(s);
        JsonNode result = manager.postRaw("/api/v1/contacts/import", "text/csv", csv).json();
        assertThat(result.get("imported").asLong()).as(result.toString()).isEqualTo(2);
        long yes = jdbc.sql("select id from contacts where emails @> array[cast(:e as text)]").param("e", "yes." + s + "@example.test")
                .query(Long.class).single();
        long no = jdbc.sql("select id from contacts where emails @> array[cast(:e as text)]").param("e", "no." + s + "@example.test")
                .query(Long.class).single();
        assertThat(jdbc.sql("select count(*) from consents where contact_id = :c and source = 'IMPORT' and "
                + "state = 'GIVEN'").param("c", yes).query(Long.class).single()).isEqualTo(2);
        assertThat(audience.refusal(yes, purpose("newsletter"))).isEmpty();
        assertThat(audience.refusal(yes, purpose("surveys"))).contains(Audience.Refusal.NO_CONSENT);
        assertThat(rows(no)).isZero();
        String card = signedInAs(Role.MARKETING).get("/contacts/" + yes + "?lang=cs").body();
        assertThat(card).contains("import kontaktů").doesNotContain("contact import").doesNotContain("contact-import");
    }

    @Test
    void purposes_and_the_suppression_list_on_the_consent_page() {
        Http marketer = signedInAs(Role.MARKETING);
        String page = marketer.get("/marketing/consent").body();
        assertThat(page).contains("Purposes").contains("Newsletter").contains("Suppression list");
        String s = UUID.randomUUID().toString().substring(0, 8);
        String key = "events-" + s;
        marketer.postForm("/marketing/consent/purposes", Map.of("key", key, "labelEn", "Events", "labelPl",
                "Wydarzenia", "labelCs", "Akce", "wordingEn", "I agree to invitations to events.", "wordingPl",
                "Zgadzam się na zaproszenia na wydarzenia.", "wordingCs", "Souhlasím s pozvánkami na akce."));
        JsonNode added = apiAs(Role.READ_ONLY).get("/api/v1/marketing/purposes").json();
        JsonNode events = null;
        for (JsonNode p : added) {
            if (p.get("key").asString().equals(key)) {
                events = p;
            }
        }
        assertThat(events).isNotNull();
        assertThat(events.get("labelCs").asString()).isEqualTo("Akce");
        Http api = apiAs(Role.MARKETING);
        String change = """
                {"labelEn": "Events", "labelPl": "Wydarzenia", "labelCs": "Akce", "wordingEn": "x", "wordingPl": "y",
                 "wordingCs": "z", "active": false, "version": %d}""";
        long id = events.get("id").asLong();
        assertThat(api.putJson("/api/v1/marketing/purposes/" + id, change.formatted(events.get("version").asInt()))
                .status()).isEqualTo(200);
        assertThat(api.putJson("/api/v1/marketing/purposes/" + id, change.formatted(events.get("version").asInt()))
                .status()).as("a stale version").isEqualTo(409);
        assertThat(apiAs(Role.SALES).putJson("/api/v1/marketing/purposes/" + id, change.formatted(1)).status())
                .isEqualTo(403);

        marketer.postForm("/marketing/consent/suppressions", Map.of("address", "page." + s + "@example.test",
                "detail", "asked us by phone"));
        assertThat(marketer.get("/marketing/consent?q=page." + s).body()).contains("page." + s + "@example.test")
                .contains("added by hand");
        Http seller = signedInAs(Role.SALES);
        seller.get("/marketing/consent");
        assertThat(seller.postForm("/marketing/consent/suppressions", Map.of("address", "x." + s + "@example.test"))
                .status()).isEqualTo(403);
        assertThat(signedInAs(Role.MARKETING).get("/marketing/consent?lang=cs").body())
                .contains("Seznam blokovaných adres");
    }

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @Test
    void the_old_marketing_flag_becomes_history_from_its_time_and_method() throws Exception {
        String migration = new String(getClass().getResourceAsStream(
                "/db/migration/V051__marketing_consent_history.sql").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String flags = migration.substring(migration.indexOf("-- The old yes/no marketing consent"));
        var once = new org.springframework.transaction.support.TransactionTemplate(transactions);
        once.executeWithoutResult(status -> {
            long old = jdbc.sql("""
                    insert into contacts (last_name, emails, marketing_consent, consent_at, consent_method, consent_note,
                                          search_text)
                    values ('Dawny', '{Dawny@Example.test}', true, '2024-01-02T10:00:00Z', 'PHONE', 'said yes', '')
                    returning id""").query(Long.class).single();
            for (String statement : flags.split(";")) {
                if (!statement.replaceAll("(?m)^--.*$", "").isBlank()) {
                    jdbc.sql(statement).update();
                }
            }
            List<Map<String, Object>> rows = jdbc.sql("""
                    select p.key, c.state, c.source, c.source_detail, c.address, c.at = '2024-01-02T10:00:00Z' as at_then
                    from consents c join consent_purposes p on p.id = c.purpose_id where c.contact_id = :c order by p.key""")
                    .param("c", old).query().listOfRows();
            assertThat(rows).extracting(r -> r.get("key")).containsExactly("newsletter", "offers");
            assertThat(rows.get(0)).containsEntry("state", "GIVEN").containsEntry("source", "MIGRATION")
                    .containsEntry("source_detail", "PHONE · said yes").containsEntry("address", "dawny@example.test")
                    .containsEntry("at_then", true);
            assertThat(audience.refusal(old, purpose("offers"))).isEmpty();
            assertThat(audience.refusal(old, purpose("surveys"))).contains(Audience.Refusal.NO_CONSENT);
            status.setRollbackOnly();
        });
    }

    private static boolean to(MimeMessage m, String address) {
        try {
            return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equalsIgnoreCase(address));
        }
        catch (jakarta.mail.MessagingException e) {
            return false;
        }
    }
}
