package app.klient.marketing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Journeys over the real HTTP stack, the real database and a real SMTP server (GreenMail): who gets a message, in
 * which language, with which coupon, and that nobody gets one occasion twice; coupons as discount lines on orders and
 * invoices; a product notice with its proof list.
 */
class JourneyTests extends WebTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Autowired
    Coupons coupons;

    private final String domain = "j-" + UUID.randomUUID().toString().substring(0, 8) + ".test";

    @BeforeEach
    void smtp() {
        jdbc.sql("""
                update mail_settings set smtp_host = 'localhost', smtp_port = :port, smtp_security = 'NONE',
                    smtp_username = null, smtp_password = null, from_address = 'hello@klient.test',
                    from_name = 'Klient' where id = 1""").param("port", mail.getSmtp().getPort()).update();
    }

    @Test
    void a_birthday_greeting_with_a_coupon_goes_once_to_those_who_agreed_in_their_language() throws Exception {
        Http seller = apiAs(Role.SALES);
        Http marketer = apiAs(Role.MARKETING);
        LocalDate born = LocalDate.now().withYear(1990);
        if (born.getMonthValue() == 2 && born.getDayOfMonth() == 29) {
            born = born.minusDays(1);
        }
        long jan = contact(seller, "Jan", "jan", "pl", born);
        long ewa = contact(seller, "Ewa", "ewa", "cs", born);
        long olga = contact(seller, "Olga", "olga", null, born);
        long noBirthday = contact(seller, "Piotr", "piotr", "pl", null);
        consent(jan, "offers");
        consent(olga, "offers");
        consent(noBirthday, "offers");
        jdbc.sql("insert into suppressions (address, reason) values (:a, 'MANUAL')").param("a", "olga@" + domain)
                .update();
        JsonNode birthday = journey("BIRTHDAY");

        Http.Response refused = seller.patchJson("/api/v1/marketing/journeys/" + birthday.get("id").asLong(),
                "{\"enabled\": true, \"version\": " + birthday.get("version").asInt() + "}");
        assertThat(refused.status()).as("a salesperson does no marketing").isEqualTo(403);
        Http.Response on = marketer.patchJson("/api/v1/marketing/journeys/" + birthday.get("id").asLong(),
                "{\"enabled\": true, \"couponPercent\": 12.5, \"couponValidDays\": 20, \"version\": "
                        + birthday.get("version").asInt() + "}");
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        try {
            Http.Response ran = marketer.postJson("/api/v1/marketing/journeys/" + birthday.get("id").asLong()
                    + "/run", "{}");
            assertThat(ran.status()).as(ran.body()).isEqualTo(200);
            assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
            MimeMessage[] received = mail.getReceivedMessagesForDomain(domain);
            assertThat(received).as("only Jan agreed and is not suppressed").hasSize(1);
            MimeMessage greeting = received[0];
            assertThat(greeting.getAllRecipients()[0].toString()).isEqualTo("jan@" + domain);
            assertThat(greeting.getSubject()).isEqualTo("Wszystkiego najlepszego, Jan!");
            assertThat(greeting.getHeader("List-Unsubscribe")[0]).matches("<https?://.*/t/u/[^>]+>");
            assertThat(greeting.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
            String body = text(greeting);
            String code = jdbc.sql("select k.code from journey_sends s join coupons k on k.id = s.coupon_id "
                    + "where s.contact_id = :c").param("c", jan).query(String.class).single();
            assertThat(body).contains(code).contains("12.5 %").contains("/t/u/");
            assertThat(jdbc.sql("select valid_until from coupons where code = :c").param("c", code)
                    .query(LocalDate.class).single()).isEqualTo(LocalDate.now().plusDays(20));
            assertThat(state(ewa)).isEqualTo("NO_CONSENT");
            assertThat(state(olga)).isEqualTo("SUPPRESSED");
            assertThat(state(noBirthday)).as("no birthday, no message").isNull();

            // the next run (another node, a restart) finds the occasion met
            marketer.postJson("/api/v1/marketing/journeys/" + birthday.get("id").asLong() + "/run", "{}");
            Thread.sleep(500);
            assertThat(mail.getReceivedMessagesForDomain(domain)).hasSize(1);
            assertThat(jdbc.sql("select count(*) from journey_sends where contact_id = :c").param("c", jan)
                    .query(Long.class).single()).isEqualTo(1);

            assertThat(seller.get("/api/v1/contacts/" + jan + "/timeline").body()).contains("JOURNEY_SENT");
            JsonNode log = seller.get("/api/v1/marketing/journeys/" + birthday.get("id").asLong() + "/sends?size=200")
                    .json();
            assertThat(log.get("items").findValuesAsString("couponCode")).contains(code);
            Http page = signedInAs(Role.READ_ONLY);
            String html = page.get("/marketing/journeys/" + birthday.get("id").asLong()).body();
            assertThat(html).contains(code).contains("Jan");
        }
        finally {
            JsonNode now = journey("BIRTHDAY");
            marketer.patchJson("/api/v1/marketing/journeys/" + now.get("id").asLong(), "{\"enabled\": false, "
                    + "\"version\": " + now.get("version").asInt() + "}");
        }
    }

    @Test
    void a_coupon_is_a_discount_line_on_the_order_goes_on_to_its_invoice_and_is_used_once() {
        Http seller = apiAs(Role.SALES);
        long jan = contact(seller, "Jan", "jan", "pl", null);
        long ewa = contact(seller, "Ewa", "ewa", "pl", null);
        String code = coupons.issue(null, jan, new BigDecimal("10"), LocalDate.now().plusDays(5)).code();
        String lines = "[{\"description\": \"Pompa\", \"quantity\": 2, \"unitPrice\": 100, \"taxRate\": 23}]";

        Http.Response notHers = seller.postJson("/api/v1/orders", "{\"contactId\": " + ewa + ", \"lines\": " + lines
                + ", \"couponCode\": \"" + code + "\"}");
        assertThat(notHers.status()).isEqualTo(400);
        assertThat(notHers.json().get("errors").findValuesAsString("field")).containsExactly("couponCode");

        Http.Response ordered = seller.postJson("/api/v1/orders", "{\"contactId\": " + jan + ", \"lines\": " + lines
                + ", \"couponCode\": \"" + code.toLowerCase() + "\"}");
        assertThat(ordered.status()).as(ordered.body()).isEqualTo(201);
        JsonNode order = ordered.json();
        assertThat(order.get("lines")).hasSize(2);
        assertThat(order.get("lines").get(1).get("netAmount").decimalValue()).isEqualByComparingTo("-20.00");
        assertThat(order.get("lines").get(1).get("description").asString()).contains(code);
        assertThat(order.get("netTotal").decimalValue()).isEqualByComparingTo("180.00");
        assertThat(order.get("grossTotal").decimalValue()).isEqualByComparingTo("221.40");
        assertThat(order.get("couponCode").asString()).isEqualTo(code);

        Http.Response again = seller.postJson("/api/v1/quotes", "{\"contactId\": " + jan + ", \"lines\": " + lines
                + ", \"couponCode\": \"" + code + "\"}");
        assertThat(again.status()).as("one use").isEqualTo(400);
        assertThat(again.json().toString()).contains("couponCode");

        Http.Response invoiced = seller.postJson("/api/v1/invoices", "{\"orderId\": " + order.get("id").asLong()
                + "}");
        assertThat(invoiced.status()).as("the order's coupon goes on: " + invoiced.body()).isEqualTo(201);
        assertThat(invoiced.json().get("netTotal").decimalValue()).isEqualByComparingTo("180.00");
        assertThat(invoiced.json().get("lines")).hasSize(2);

        JsonNode coupon = seller.get("/api/v1/marketing/coupons/" + code).json();
        assertThat(coupon.get("usedOn").asString()).isEqualTo("ORDER");
        assertThat(coupon.get("usedOnId").asLong()).isEqualTo(order.get("id").asLong());

        String old = coupons.issue(null, jan, new BigDecimal("10"), LocalDate.now().minusDays(1)).code();
        Http.Response expired = seller.postJson("/api/v1/orders", "{\"contactId\": " + jan + ", \"lines\": " + lines
                + ", \"couponCode\": \"" + old + "\"}");
        assertThat(expired.status()).isEqualTo(400);
        assertThat(seller.postJson("/api/v1/orders", "{\"contactId\": " + jan + ", \"lines\": " + lines
                + ", \"couponCode\": \"NO-SUCH-CODE\"}").status()).isEqualTo(400);
        assertThat(seller.get("/api/v1/marketing/coupons/NO-SUCH").status()).isEqualTo(404);
    }

    @Test
    void a_quote_keeps_its_coupon_through_revisions_and_hands_it_to_its_order() {
        Http seller = apiAs(Role.SALES);
        long jan = contact(seller, "Jan", "jan", "en", null);
        String code = coupons.issue(null, jan, new BigDecimal("15"), LocalDate.now().plusDays(5)).code();
        JsonNode quote = seller.postJson("/api/v1/quotes", "{\"contactId\": " + jan + ", \"lines\": [{\"description\": "
                + "\"Audit\", \"quantity\": 1, \"unitPrice\": 1000, \"taxRate\": 23}], \"couponCode\": \"" + code
                + "\"}").json();
        assertThat(quote.get("netTotal").decimalValue()).isEqualByComparingTo("850.00");

        // the quote read and sent back as it is, discount line and all: the discount is not counted twice
        Http.Response revised = seller.putJson("/api/v1/quotes/" + quote.get("id").asLong(), quote.toString());
        assertThat(revised.status()).as(revised.body()).isEqualTo(201);
        assertThat(revised.json().get("lines")).hasSize(2);
        assertThat(revised.json().get("netTotal").decimalValue()).isEqualByComparingTo("850.00");

        Http.Response accepted = seller.postJson("/api/v1/quotes/" + revised.json().get("id").asLong() + "/accept",
                "{\"version\": " + revised.json().get("version").asInt() + "}");
        assertThat(accepted.status()).as(accepted.body()).isIn(200, 201);
        assertThat(accepted.json().get("couponCode").asString()).isEqualTo(code);
        assertThat(accepted.json().get("netTotal").decimalValue()).isEqualByComparingTo("850.00");
        assertThat(jdbc.sql("select document_kind from coupon_redemptions r join coupons c on c.id = r.coupon_id "
                + "where c.code = :code").param("code", code).query(String.class).list()).containsExactly("QUOTE");
    }

    @Test
    void a_product_notice_tells_every_buyer_once_and_keeps_the_purchases_as_proof() throws Exception {
        Http admin = apiAs(Role.ADMIN);
        Http marketer = apiAs(Role.MARKETING);
        String sku = "RC-" + UUID.randomUUID().toString().substring(0, 6);
        long kettle = admin.postJson("/api/v1/products", """
                {"sku": "%s", "name": "Kettle %s", "unitPrice": 50, "currency": "PLN", "taxRate": 23}"""
                .formatted(sku, sku)).json().get("id").asLong();
        long other = admin.postJson("/api/v1/products", """
                {"sku": "%s-X", "name": "Toaster", "unitPrice": 50, "currency": "PLN", "taxRate": 23}"""
                .formatted(sku)).json().get("id").asLong();
        long ordered = contact(admin, "Adam", "adam", "en", null);
        long invoiced = contact(admin, "Berta", "berta", "en", null);
        long toaster = contact(admin, "Cyril", "cyril", "en", null);
        for (long c : List.of(ordered, invoiced, toaster)) {
            consent(c, "offers");
        }
        JsonNode order = admin.postJson("/api/v1/orders", "{\"contactId\": " + ordered + ", \"lines\": "
                + "[{\"productId\": " + kettle + ", \"quantity\": 3, \"unitPrice\": 50}]}").json();
        assertThat(admin.postJson("/api/v1/invoices", "{\"contactId\": " + invoiced + ", \"lines\": [{\"productId\": "
                + kettle + ", \"quantity\": 1, \"unitPrice\": 50}]}").status()).isEqualTo(201);
        admin.postJson("/api/v1/orders", "{\"contactId\": " + toaster + ", \"lines\": [{\"productId\": " + other
                + ", \"quantity\": 1, \"unitPrice\": 50}]}");

        Http.Response badField = marketer.postJson("/api/v1/marketing/journeys", """
                {"kind": "PRODUCT_NOTICE", "name": "Recall", "productId": %d,
                 "contents": [{"language": "en", "subject": "Recall", "body": "Dear {{contact.nickname}}"}]}"""
                .formatted(kettle));
        assertThat(badField.status()).isEqualTo(400);
        assertThat(badField.json().get("errors").findValuesAsString("field")).containsExactly("contents[0].body");

        JsonNode notice = marketer.postJson("/api/v1/marketing/journeys", """
                {"kind": "PRODUCT_NOTICE", "name": "Kettle recall", "productId": %d,
                 "contents": [{"language": "en", "subject": "Important: {{product.name}}",
                               "body": "Dear {{contact.firstName | \\"customer\\"}}, please stop using the {{product.name}}."}]}"""
                .formatted(kettle)).json();
        long id = notice.get("id").asLong();
        assertThat(notice.get("enabled").asBoolean()).isFalse();
        Http.Response off = marketer.postJson("/api/v1/marketing/journeys/" + id + "/run", "{}");
        assertThat(off.status()).as("switched off: refused, and said why").isEqualTo(409);
        assertThat(off.json().get("detail").asString()).contains("switched off");
        marketer.patchJson("/api/v1/marketing/journeys/" + id, "{\"enabled\": true, \"version\": "
                + notice.get("version").asInt() + "}");
        assertThat(marketer.postJson("/api/v1/marketing/journeys/" + id + "/run", "{}").json().get("sent").asInt())
                .isEqualTo(2);
        assertThat(marketer.postJson("/api/v1/marketing/journeys/" + id + "/run", "{}").json().get("sent").asInt())
                .as("once per buyer").isZero();
        assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
        MimeMessage[] received = mail.getReceivedMessagesForDomain(domain);
        assertThat(received).hasSize(2);
        assertThat(received[0].getSubject()).isEqualTo("Important: Kettle " + sku);
        assertThat(text(received[0]) + text(received[1])).contains("Dear Adam").contains("Dear Berta");

        Http page = signedInAs(Role.READ_ONLY);
        Http.Response proof = page.get("/marketing/journeys/" + id + "/proof.csv");
        assertThat(proof.status()).isEqualTo(200);
        assertThat(proof.body()).contains("Adam").contains("Berta").doesNotContain("Cyril")
                .contains(order.get("number").asString()).contains("adam@" + domain);
        String czech = page.get("/marketing/journeys/" + id + "/proof.csv?lang=cs").body();
        assertThat(czech).as("the occasion described, not its key").contains("Oznámení kupujícím produktu")
                .doesNotContain(";notice;");

        JsonNode on = marketer.postJson("/api/v1/marketing/journeys", """
                {"kind": "PRODUCT_NOTICE", "name": "Kettle safety note", "productId": %d, "enabled": true,
                 "contents": [{"language": "en", "subject": "Note", "body": "Please read."}]}"""
                .formatted(kettle)).json();
        assertThat(on.get("enabled").asBoolean()).as("enabled as asked").isTrue();
        Http.Response unworded = marketer.postJson("/api/v1/marketing/journeys", """
                {"kind": "PRODUCT_NOTICE", "name": "Kettle empty", "productId": %d, "enabled": true}"""
                .formatted(kettle));
        assertThat(unworded.status()).as("nothing to send yet: refused").isEqualTo(409);
        marketer.patchJson("/api/v1/marketing/journeys/" + on.get("id").asLong(), "{\"enabled\": false, "
                + "\"version\": " + on.get("version").asInt() + "}");
    }

    /**
     * A built-in journey is named in the reader's language while nobody renamed it; a name a person writes stays as
     * written, and writing the built-in name back gives the translated one again.
     */
    @Test
    void a_built_in_journey_is_named_in_the_readers_language_until_a_person_renames_it() {
        Http polish = apiAs(Role.MARKETING).language("pl");
        JsonNode birthday = null;
        for (JsonNode j : polish.get("/api/v1/marketing/journeys").json().get("items")) {
            if (j.get("kind").asString().equals("BIRTHDAY")) {
                birthday = j;
            }
        }
        assertThat(birthday).isNotNull();
        long id = birthday.get("id").asLong();
        assertThat(birthday.get("name").asString()).isEqualTo("Urodziny");
        assertThat(apiAs(Role.MARKETING).language("cs").get("/api/v1/marketing/journeys/" + id).json().get("name")
                .asString()).isEqualTo("Narozeniny");
        assertThat(signedInAs(Role.MARKETING).get("/marketing/journeys?lang=pl").body()).contains("Urodziny")
                .doesNotContain(">Birthday<");

        JsonNode renamed = polish.patchJson("/api/v1/marketing/journeys/" + id, "{\"name\": \"Sto lat!\", "
                + "\"version\": " + birthday.get("version").asInt() + "}").json();
        try {
            assertThat(apiAs(Role.MARKETING).language("cs").get("/api/v1/marketing/journeys/" + id).json()
                    .get("name").asString()).as("a person's name as written").isEqualTo("Sto lat!");
        }
        finally {
            JsonNode back = polish.patchJson("/api/v1/marketing/journeys/" + id, "{\"name\": \"Urodziny\", "
                    + "\"version\": " + renamed.get("version").asInt() + "}").json();
            assertThat(apiAs(Role.MARKETING).language("en").get("/api/v1/marketing/journeys/" + id).json()
                    .get("name").asString()).as(back.toString()).isEqualTo("Birthday");
        }
    }

    @Test
    void a_service_notice_reaches_every_buyer_but_dead_addresses_without_unsubscribe_and_bounces_to_the_bounces_mailbox()
            throws Exception {
        Http admin = apiAs(Role.ADMIN);
        Http marketer = apiAs(Role.MARKETING);
        long kettle = product(admin);
        long noConsent = contact(admin, "Adam", "adam", "en", null);
        long blocked = contact(admin, "Berta", "berta", "en", null);
        long dead = contact(admin, "Cyril", "cyril", "en", null);
        jdbc.sql("insert into suppressions (address, reason) values (:a, 'MANUAL')").param("a", "berta@" + domain)
                .update();
        jdbc.sql("insert into suppressions (address, reason) values (:a, 'HARD_BOUNCE')").param("a", "cyril@" + domain)
                .update();
        JsonNode order = admin.postJson("/api/v1/orders", "{\"contactId\": " + noConsent + ", \"lines\": "
                + "[{\"productId\": " + kettle + ", \"quantity\": 3, \"unitPrice\": 50}]}").json();
        for (long c : List.of(blocked, dead)) {
            admin.postJson("/api/v1/orders", "{\"contactId\": " + c + ", \"lines\": [{\"productId\": " + kettle
                    + ", \"quantity\": 1, \"unitPrice\": 50}]}");
        }
        String bounces = "bounces-" + domain.substring(0, 10) + "@klient.test";
        long mailbox = jdbc.sql("""
                insert into mailboxes (name, host, port, username, password, security, folder, purpose, address)
                values (:name, 'localhost', 1, 'bounces', 'x', 'NONE', 'INBOX', 'BOUNCES', :address) returning id""")
                .param("name", "Bounces " + domain).param("address", bounces).query(Long.class).single();
        try {
            JsonNode notice = marketer.postJson("/api/v1/marketing/journeys", """
                    {"kind": "PRODUCT_NOTICE", "name": "Kettle safety", "productId": %d,
                     "contents": [{"language": "en", "subject": "Safety: {{product.name}}",
                                   "body": "Please stop using the {{product.name}}."}]}""".formatted(kettle)).json();
            long id = notice.get("id").asLong();
            assertThat(notice.get("serviceNotice").asBoolean()).as("a product notice is a service notice unless "
                    + "the marketer says otherwise").isTrue();
            marketer.patchJson("/api/v1/marketing/journeys/" + id, "{\"enabled\": true, \"version\": "
                    + notice.get("version").asInt() + "}");
            assertThat(marketer.postJson("/api/v1/marketing/journeys/" + id + "/run", "{}").json().get("sent").asInt())
                    .as("no consent and a suppression by hand do not stop a safety notice; a dead address does")
                    .isEqualTo(2);
            assertThat(state(noConsent)).isEqualTo("SENT");
            assertThat(state(blocked)).isEqualTo("SENT");
            assertThat(state(dead)).isEqualTo("SUPPRESSED");
            assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
            MimeMessage[] received = mail.getReceivedMessagesForDomain(domain);
            assertThat(received).hasSize(2);
            for (MimeMessage m : received) {
                assertThat(m.getHeader("List-Unsubscribe")).as("not marketing: nothing to unsubscribe from").isNull();
                assertThat(text(m)).doesNotContain("/t/u/").contains("service notice");
                assertThat(m.getHeader("Precedence")).containsExactly("bulk");
                assertThat(m.getHeader("Return-Path")).as("bounces go to the Bounces mailbox")
                        .containsExactly("<" + bounces + ">");
                assertThat(m.getMessageID()).matches("<journey-\\d+@klient\\.test>");
                String to = address(m);
                assertThat(jdbc.sql("select message_id from journey_sends where journey_id = :j and address = :a")
                        .param("j", id).param("a", to).query(String.class).single())
                        .as("bounces are matched by it").isEqualTo(m.getMessageID());
            }

            String proof = signedInAs(Role.READ_ONLY).get("/marketing/journeys/" + id + "/proof.csv").body();
            List<String> lines = proof.lines().toList();
            assertThat(lines.get(0)).contains("Checked at (UTC)").contains("Sent at (UTC)");
            String adam = lines.stream().filter(l -> l.contains("Adam")).findFirst().orElseThrow();
            assertThat(adam).contains("Service notice: to every buyer, whatever their marketing consent")
                    .contains("\"Order " + order.get("number").asString() + ", " + LocalDate.now(java.time.ZoneOffset.UTC) + ", 3 ×\"")
                    .doesNotContain("{");
            String cyril = lines.stream().filter(l -> l.contains("Cyril")).findFirst().orElseThrow();
            assertThat(cyril.split(";")[6]).as("checked").isNotEmpty();
            assertThat(cyril.split(";")[7]).as("never sent, so no sent time").isEmpty();
            String polish = signedInAs(Role.READ_ONLY).get("/marketing/journeys/" + id + "/proof.csv?lang=pl").body();
            assertThat(polish).contains("Zamówienie " + order.get("number").asString())
                    .contains("Komunikat serwisowy");
        }
        finally {
            jdbc.sql("update mailboxes set active = false where id = :id").param("id", mailbox).update();
        }
    }

    @Test
    void a_marketing_product_notice_keeps_the_consent_rule_and_its_unsubscribe_link() throws Exception {
        Http admin = apiAs(Role.ADMIN);
        Http marketer = apiAs(Role.MARKETING);
        long kettle = product(admin);
        long noConsent = contact(admin, "Adam", "adam", "en", null);
        long agreed = contact(admin, "Berta", "berta", "en", null);
        consent(agreed, "offers");
        for (long c : List.of(noConsent, agreed)) {
            admin.postJson("/api/v1/orders", "{\"contactId\": " + c + ", \"lines\": [{\"productId\": " + kettle
                    + ", \"quantity\": 1, \"unitPrice\": 50}]}");
        }
        JsonNode notice = marketer.postJson("/api/v1/marketing/journeys", """
                {"kind": "PRODUCT_NOTICE", "name": "Kettle accessories", "productId": %d, "serviceNotice": false,
                 "contents": [{"language": "en", "subject": "New lids for {{product.name}}",
                               "body": "Lids for the {{product.name}} are here."}]}""".formatted(kettle)).json();
        long id = notice.get("id").asLong();
        assertThat(notice.get("serviceNotice").asBoolean()).isFalse();
        marketer.patchJson("/api/v1/marketing/journeys/" + id, "{\"enabled\": true, \"version\": "
                + notice.get("version").asInt() + "}");
        assertThat(marketer.postJson("/api/v1/marketing/journeys/" + id + "/run", "{}").json().get("sent").asInt())
                .isEqualTo(1);
        assertThat(state(noConsent)).isEqualTo("NO_CONSENT");
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage[] received = mail.getReceivedMessagesForDomain(domain);
        assertThat(received).hasSize(1);
        assertThat(received[0].getHeader("List-Unsubscribe")[0]).matches("<https?://.*/t/u/[^>]+>");
        assertThat(received[0].getHeader("Precedence")).containsExactly("bulk");
        assertThat(text(received[0])).contains("/t/u/");
        String proof = signedInAs(Role.READ_ONLY).get("/marketing/journeys/" + id + "/proof.csv").body();
        String adam = proof.lines().filter(l -> l.contains("Adam")).findFirst().orElseThrow();
        assertThat(adam).contains("Marketing: only with the consent").contains("No consent");
        assertThat(adam.split(";")[7]).as("not sent, no sent time").isEmpty();
        String berta = proof.lines().filter(l -> l.contains("Berta")).findFirst().orElseThrow();
        assertThat(berta.split(";")[7]).isNotEmpty();

        // a routine journey cannot be a service notice
        JsonNode birthday = journey("BIRTHDAY");
        Http.Response refused = marketer.patchJson("/api/v1/marketing/journeys/" + birthday.get("id").asLong(),
                "{\"serviceNotice\": true, \"version\": " + birthday.get("version").asInt() + "}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("serviceNotice");
    }

    @Test
    void a_review_request_waits_its_days_after_delivery_and_names_the_order() throws Exception {
        Http seller = apiAs(Role.SALES);
        Http marketer = apiAs(Role.MARKETING);
        long jan = contact(seller, "Jan", "jan", "en", null);
        long ewa = contact(seller, "Ewa", "ewa", "en", null);
        consent(jan, "surveys");
        consent(ewa, "surveys");
        JsonNode early = delivered(seller, jan, 8);
        delivered(seller, ewa, 2);
        JsonNode review = journey("REVIEW_REQUEST");
        marketer.patchJson("/api/v1/marketing/journeys/" + review.get("id").asLong(), "{\"enabled\": true, "
                + "\"delayDays\": 7, \"version\": " + review.get("version").asInt() + "}");
        try {
            marketer.postJson("/api/v1/marketing/journeys/" + review.get("id").asLong() + "/run", "{}");
            assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
            MimeMessage[] received = mail.getReceivedMessagesForDomain(domain);
            assertThat(received).as("Ewa's order came two days ago").hasSize(1);
            assertThat(received[0].getSubject()).isEqualTo("How was your order " + early.get("number").asString()
                    + "?");
            assertThat(state(ewa)).isNull();
        }
        finally {
            JsonNode now = journey("REVIEW_REQUEST");
            marketer.patchJson("/api/v1/marketing/journeys/" + now.get("id").asLong(), "{\"enabled\": false, "
                    + "\"version\": " + now.get("version").asInt() + "}");
        }
    }

    @Test
    void a_first_purchase_is_thanked_for_once_and_its_anniversary_brings_a_coupon() throws Exception {
        Http seller = apiAs(Role.SALES);
        Http marketer = apiAs(Role.MARKETING);
        long newcomer = contact(seller, "Nina", "nina", "en", null);
        long regular = contact(seller, "Rita", "rita", "en", null);
        long yearAgo = contact(seller, "Yves", "yves", "en", null);
        for (long c : List.of(newcomer, regular, yearAgo)) {
            consent(c, "offers");
        }
        ordered(seller, newcomer, java.time.Period.ofDays(1));
        ordered(seller, regular, java.time.Period.ofDays(1));
        ordered(seller, regular, java.time.Period.ofDays(40));
        ordered(seller, yearAgo, java.time.Period.ofYears(1));
        ordered(seller, yearAgo, java.time.Period.ofDays(3));
        JsonNode thanks = journey("FIRST_PURCHASE_THANKS");
        JsonNode anniversary = journey("PURCHASE_ANNIVERSARY");
        marketer.patchJson("/api/v1/marketing/journeys/" + thanks.get("id").asLong(), "{\"enabled\": true, "
                + "\"delayDays\": 1, \"version\": " + thanks.get("version").asInt() + "}");
        marketer.patchJson("/api/v1/marketing/journeys/" + anniversary.get("id").asLong(), "{\"enabled\": true, "
                + "\"version\": " + anniversary.get("version").asInt() + "}");
        try {
            marketer.postJson("/api/v1/marketing/journeys/" + thanks.get("id").asLong() + "/run", "{}");
            marketer.postJson("/api/v1/marketing/journeys/" + anniversary.get("id").asLong() + "/run", "{}");
            assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
            Thread.sleep(300);
            MimeMessage[] received = mail.getReceivedMessagesForDomain(domain);
            assertThat(received).hasSize(2);
            assertThat(Arrays.stream(received).map(m -> address(m) + " " + subject(m)).toList()).containsExactlyInAnyOrder(
                    "nina@" + domain + " Thank you for your first order",
                    "yves@" + domain + " A year together, Yves");
            String yves = Arrays.stream(received).filter(m -> address(m).startsWith("yves")).findFirst()
                    .map(m -> { try { return text(m); } catch (Exception e) { throw new IllegalStateException(e); } })
                    .orElseThrow();
            assertThat(yves).containsPattern("code [A-Z2-9]{5}-[A-Z2-9]{5}");
            assertThat(state(regular)).as("Rita bought before: no first purchase to thank for").isNull();
        }
        finally {
            for (String kind : List.of("FIRST_PURCHASE_THANKS", "PURCHASE_ANNIVERSARY")) {
                JsonNode now = journey(kind);
                marketer.patchJson("/api/v1/marketing/journeys/" + now.get("id").asLong(), "{\"enabled\": false, "
                        + "\"version\": " + now.get("version").asInt() + "}");
            }
        }
    }

    @Test
    void wrong_settings_are_refused_with_the_field_named_and_nothing_changes() {
        Http marketer = apiAs(Role.MARKETING);
        JsonNode thanks = journey("FIRST_PURCHASE_THANKS");
        String path = "/api/v1/marketing/journeys/" + thanks.get("id").asLong();
        assertThat(marketer.patchJson(path, "{\"couponPercent\": 150, \"version\": " + thanks.get("version").asInt()
                + "}").status()).isEqualTo(400);
        assertThat(marketer.patchJson(path, "{\"delayDays\": -1, \"version\": " + thanks.get("version").asInt()
                + "}").status()).isEqualTo(400);
        assertThat(marketer.patchJson(path, "{\"purposeId\": 987654, \"version\": " + thanks.get("version").asInt()
                + "}").status()).isEqualTo(400);
        assertThat(marketer.patchJson(path, "{\"delayDays\": 3}").status()).as("no version").isEqualTo(400);
        assertThat(marketer.patchJson(path, "{\"delayDays\": 3, \"version\": " + (thanks.get("version").asInt() + 7)
                + "}").status()).as("someone else's change").isEqualTo(409);
        assertThat(marketer.patchJson(path, "{\"kind\": \"BIRTHDAY\", \"version\": " + thanks.get("version").asInt()
                + "}").status()).isEqualTo(400);
        assertThat(journey("FIRST_PURCHASE_THANKS").get("version").asInt()).isEqualTo(thanks.get("version").asInt());
        assertThat(marketer.get("/api/v1/marketing/journeys/987654321").status()).isEqualTo(404);
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    private long contact(Http api, String first, String local, String language, LocalDate birthday) {
        return api.postJson("/api/v1/contacts", """
                {"firstName": "%s", "lastName": "Journey", "emails": ["%s@%s"], "address": {"street": "ul. Piotrkowska 1",
                 "city": "Łódź", "postalCode": "90-001", "country": "PL"}%s%s}""".formatted(first, local, domain,
                language == null ? "" : ", \"preferredLanguage\": \"" + language + "\"",
                birthday == null ? "" : ", \"birthday\": \"" + birthday + "\"")).json().get("id").asLong();
    }

    /** Consent given by hand (the consent part of marketing records it the same way). */
    private void consent(long contact, String purpose) {
        long id = jdbc.sql("""
                insert into consents (contact_id, address, purpose_id, channel, state, source)
                select c.id, c.emails[1], p.id, 'EMAIL', 'GIVEN', 'MANUAL' from contacts c, consent_purposes p
                where c.id = :contact and p.key = :purpose returning id""").param("contact", contact)
                .param("purpose", purpose).query(Long.class).single();
        jdbc.sql("""
                insert into consent_states (contact_id, purpose_id, channel, state, consent_id, since)
                select contact_id, purpose_id, channel, state, id, at from consents where id = :id""")
                .param("id", id).update();
    }

    private JsonNode delivered(Http api, long contact, int daysAgo) {
        JsonNode order = api.postJson("/api/v1/orders", "{\"contactId\": " + contact + ", \"lines\": [{\"description\": "
                + "\"Pompa\", \"quantity\": 1, \"unitPrice\": 100, \"taxRate\": 23}]}").json();
        Http.Response done = api.postJson("/api/v1/orders/" + order.get("id").asLong() + "/status",
                "{\"status\": \"FULFILLED\", \"version\": " + order.get("version").asInt() + "}");
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(jdbc.sql("select fulfilled_at is not null from orders where id = :id")
                .param("id", order.get("id").asLong()).query(Boolean.class).single()).isTrue();
        // delivered days ago: the clock moved back on the record, not in the application
        jdbc.sql("update orders set fulfilled_at = now() - make_interval(days => :d) where id = :id")
                .param("d", daysAgo).param("id", order.get("id").asLong()).update();
        return order;
    }

    private void ordered(Http api, long contact, java.time.Period ago) {
        long id = api.postJson("/api/v1/orders", "{\"contactId\": " + contact + ", \"lines\": [{\"description\": "
                + "\"Pompa\", \"quantity\": 1, \"unitPrice\": 100, \"taxRate\": 23}]}").json().get("id").asLong();
        jdbc.sql("update orders set ordered_at = now() - cast(:ago as interval) where id = :id")
                .param("ago", ago.toString()).param("id", id).update();
    }

    private long product(Http admin) {
        String sku = "SN-" + UUID.randomUUID().toString().substring(0, 6);
        return admin.postJson("/api/v1/products", """
                {"sku": "%s", "name": "Kettle %s", "unitPrice": 50, "currency": "PLN", "taxRate": 23}"""
                .formatted(sku, sku)).json().get("id").asLong();
    }

    private static String address(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        }
        catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        }
        catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode journey(String kind) {
        for (JsonNode j : apiAs(Role.READ_ONLY).get("/api/v1/marketing/journeys").json().get("items")) {
            if (j.get("kind").asString().equals(kind)) {
                return j;
            }
        }
        throw new AssertionError(kind);
    }

    private String state(long contact) {
        return jdbc.sql("select state from journey_sends where contact_id = :c").param("c", contact)
                .query(String.class).optional().orElse(null);
    }

    private static String text(MimeMessage message) throws Exception {
        Object content = message.getContent();
        if (content instanceof String s) {
            return s;
        }
        Multipart parts = (Multipart) content;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("text/plain")) {
                text.append(part.getContent());
            }
            else if (part.getContent() instanceof Multipart) {
                Multipart inner = (Multipart) part.getContent();
                for (int j = 0; j < inner.getCount(); j++) {
                    if (inner.getBodyPart(j).isMimeType("text/plain")) {
                        text.append(inner.getBodyPart(j).getContent());
                    }
                }
            }
        }
        return text.toString();
    }
}
