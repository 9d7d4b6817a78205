package app.klient.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.loyalty.internal.Earning;
import app.klient.loyalty.internal.Expiry;
import app.klient.platform.InvalidFields;
import app.klient.support.Http;
import app.klient.support.Race;
import app.klient.support.WebTest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Points for paid invoices and delivered orders, at the program's rate and rules; taken back by corrections; spent
 * soonest-expiring first and expired by the job; adjusted by hand with a reason; shown on the customer card.
 */
class LoyaltyPointsTests extends WebTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Autowired
    Earning earning;

    @Autowired
    Expiry expiry;

    @Autowired
    Points points;

    @Autowired
    Accounts accounts;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    app.klient.marketing.Consents consents;

    private Http admin() {
        return apiAs(Role.ADMIN);
    }

    /** A program earning 1 point per 10 PLN (net), with the extra rules given, from today. */
    private long program(Http api, String settings, String... rules) {
        JsonNode made = api.postJson("/api/v1/loyalty/programs", "{\"name\": \"Club " + UUID.randomUUID() + "\""
                + (settings.isEmpty() ? "" : ", " + settings) + "}").json();
        long id = made.get("id").asLong();
        assertThat(api.postJson("/api/v1/loyalty/programs/" + id + "/rules",
                "{\"kind\": \"RATE\", \"currency\": \"PLN\", \"perAmount\": 10, \"points\": 1}").status())
                .isEqualTo(201);
        for (String rule : rules) {
            assertThat(api.postJson("/api/v1/loyalty/programs/" + id + "/rules", rule).status()).as(rule)
                    .isEqualTo(201);
        }
        return id;
    }

    private static long invoice(Http api, String customer, String lines) {
        Http.Response response = api.postJson("/api/v1/invoices", "{" + customer + ", \"currency\": \"PLN\", "
                + "\"lines\": [" + lines + "]}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asLong();
    }

    private static void pay(Http api, long invoice) {
        JsonNode read = api.get("/api/v1/invoices/" + invoice).json();
        java.math.BigDecimal due = read.get("grossTotal").decimalValue().add(read.get("correctedTotal").decimalValue());
        assertThat(api.postJson("/api/v1/payments", "{\"invoiceId\": %d, \"amount\": %s}".formatted(invoice,
                due.toPlainString())).status()).isEqualTo(201);
    }

    /** A private customer with the address an invoice needs; {@code fields} are more of the contact's JSON. */
    private static long person(Http api, String fields) {
        Http.Response made = api.postJson("/api/v1/contacts", "{" + fields + ", \"address\": {\"street\": "
                + "\"ul. Długa 5\", \"city\": \"Kraków\", \"postalCode\": \"30-001\", \"country\": \"PL\"}}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json().get("id").asLong();
    }

    private static String line(String description, int quantity, int unitPrice) {
        return "{\"description\": \"%s\", \"quantity\": %d, \"unitPrice\": %d, \"taxRate\": 23}"
                .formatted(description, quantity, unitPrice);
    }

    private List<Points.Entry> ledger(long programId, Points.Customer customer) {
        long account = points.account(programId, customer);
        return points.history(account, org.springframework.data.domain.PageRequest.of(0, 100)).getContent();
    }

    private int balance(long programId, Points.Customer customer) {
        return points.balance(points.account(programId, customer));
    }

    @Test
    void a_paid_invoice_earns_at_the_rate_net_of_vat_once_however_often_the_job_runs() {
        Http api = admin();
        long program = program(api, "");
        long company = company(api, "Piekarnia " + UUID.randomUUID(), "PL", null);
        long unpaid = invoice(api, "\"companyId\": " + company, line("Flour", 1, 50));
        long paid = invoice(api, "\"companyId\": " + company, line("Flour", 3, 100) + "," + line("Sugar", 1, 45));
        pay(api, paid);

        earning.run(program);
        earning.run(program);

        List<Points.Entry> rows = ledger(program, Points.Customer.company(company));
        assertThat(rows).as("345 PLN net at 1 point per 10 PLN, once; the unpaid invoice earns nothing")
                .extracting(Points.Entry::kind, Points.Entry::points, Points.Entry::causeKind, Points.Entry::causeId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Points.Kind.EARNED, 34, "INVOICE", paid));
        assertThat(unpaid).isNotEqualTo(paid);

        pay(api, unpaid);
        earning.run(program);
        assertThat(balance(program, Points.Customer.company(company))).isEqualTo(39);
    }

    @Test
    void products_and_categories_multiply_the_rate_and_zero_excludes_them() {
        Http api = admin();
        long pump = api.postJson("/api/v1/products", """
                {"sku": "P-%s", "name": "Pump", "unit": "pcs", "unitPrice": 100, "currency": "PLN", "taxRate": 23,
                 "category": "Pumps %s"}""".formatted(UUID.randomUUID(), "x")).json().get("id").asLong();
        String category = api.get("/api/v1/products/" + pump).json().get("category").asString();
        long service = api.postJson("/api/v1/products", """
                {"sku": "S-%s", "name": "Service", "unit": "h", "unitPrice": 100, "currency": "PLN", "taxRate": 23}"""
                .formatted(UUID.randomUUID())).json().get("id").asLong();
        long program = program(api, "",
                "{\"kind\": \"CATEGORY\", \"category\": \"" + category + "\", \"multiplier\": 3}",
                "{\"kind\": \"PRODUCT\", \"productId\": " + service + ", \"multiplier\": 0}");
        long company = company(api, "Hydro " + UUID.randomUUID(), "PL", null);
        long invoice = invoice(api, "\"companyId\": " + company, """
                {"productId": %d, "quantity": 1, "unitPrice": 100, "taxRate": 23},
                {"productId": %d, "quantity": 2, "unitPrice": 100, "taxRate": 23},
                %s""".formatted(pump, service, line("Delivery", 1, 50)));
        pay(api, invoice);

        earning.run(program);

        assertThat(balance(program, Points.Customer.company(company))).as("pump 100 × 3 → 30, services 0, "
                + "delivery 50 → 5").isEqualTo(35);
    }

    @Test
    void a_birthday_month_and_a_first_purchase_add_a_bonus_once() {
        Http api = admin();
        long program = program(api, "", "{\"kind\": \"BIRTHDAY\", \"multiplier\": 2}",
                "{\"kind\": \"FIRST_PURCHASE\", \"points\": 100}");
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Warsaw"));
        long contact = person(api, """
                "firstName": "Ewa", "lastName": "Urodzinowa %s", "birthday": "1990-%02d-01\""""
                .formatted(UUID.randomUUID(), today.getMonthValue()));
        long first = invoice(api, "\"contactId\": " + contact, line("Cake", 1, 200));
        long second = invoice(api, "\"contactId\": " + contact, line("Cake", 1, 100));
        pay(api, first);
        pay(api, second);

        earning.run(program);

        List<Points.Entry> rows = ledger(program, Points.Customer.contact(contact));
        assertThat(rows).filteredOn(e -> e.kind() == Points.Kind.EARNED).extracting(Points.Entry::points)
                .containsExactlyInAnyOrder(20, 10);
        assertThat(rows).filteredOn(e -> e.kind() == Points.Kind.BONUS)
                .extracting(Points.Entry::causeId, Points.Entry::points, Points.Entry::reason)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(first, 120, "BIRTHDAY FIRST_PURCHASE"),
                        org.assertj.core.groups.Tuple.tuple(second, 10, "BIRTHDAY"));
        assertThat(balance(program, Points.Customer.contact(contact))).isEqualTo(160);
    }

    @Test
    void a_correction_takes_back_its_share_and_one_before_payment_is_in_the_price() {
        Http api = admin();
        long program = program(api, "");
        long company = company(api, "Zwroty " + UUID.randomUUID(), "PL", null);
        long invoice = invoice(api, "\"companyId\": " + company, line("Chair", 10, 100));
        pay(api, invoice);
        earning.run(program);
        assertThat(balance(program, Points.Customer.company(company))).isEqualTo(100);

        JsonNode correction = api.postJson("/api/v1/invoices/" + invoice + "/corrections",
                "{\"reason\": \"returned\", \"lines\": [" + line("Chair", -4, 100) + "]}").json();
        earning.run(program);
        earning.run(program);

        List<Points.Entry> rows = ledger(program, Points.Customer.company(company));
        assertThat(rows.get(0).kind()).isEqualTo(Points.Kind.RETURNED);
        assertThat(rows.get(0).points()).as("4 of 10 chairs back: 40 of 100 points").isEqualTo(-40);
        assertThat(rows.get(0).causeId()).isEqualTo(correction.get("id").asLong());
        assertThat(rows).hasSize(2);

        // corrected before it was paid: it earns on what is left, and the correction takes nothing more
        long other = invoice(api, "\"companyId\": " + company, line("Table", 5, 100));
        api.postJson("/api/v1/invoices/" + other + "/corrections",
                "{\"reason\": \"returned\", \"lines\": [" + line("Table", -2, 100) + "]}");
        pay(api, other);
        earning.run(program);
        assertThat(balance(program, Points.Customer.company(company))).isEqualTo(60 + 30);
    }

    @Test
    void a_delivered_order_earns_in_an_order_program_and_its_return_takes_them_back() {
        Http api = admin();
        long program = program(api, "\"earnOn\": \"ORDER_DELIVERED\"");
        long company = company(api, "Sklep " + UUID.randomUUID(), "PL", null);
        JsonNode order = api.postJson("/api/v1/orders", "{\"companyId\": " + company + ", \"currency\": \"PLN\", "
                + "\"lines\": [" + line("Box", 2, 100) + "]}").json();
        long id = order.get("id").asLong();
        earning.run(program);
        assertThat(balance(program, Points.Customer.company(company))).as("not delivered yet").isZero();

        int version = order.get("version").asInt();
        for (String status : new String[] { "CONFIRMED", "FULFILLED" }) {
            JsonNode changed = api.postJson("/api/v1/orders/" + id + "/status", "{\"status\": \"" + status
                    + "\", \"version\": " + version + "}").json();
            version = changed.get("version").asInt();
        }
        earning.run(program);
        assertThat(balance(program, Points.Customer.company(company))).isEqualTo(20);

        // a delivered order cannot be cancelled; it comes back as a correction of its invoice
        Http.Response invoiced = api.postJson("/api/v1/invoices", "{\"orderId\": " + id + "}");
        assertThat(invoiced.status()).as(invoiced.body()).isEqualTo(201);
        long invoice = invoiced.json().get("id").asLong();
        pay(api, invoice);
        JsonNode correction = api.postJson("/api/v1/invoices/" + invoice + "/corrections",
                "{\"reason\": \"returned\", \"lines\": [" + line("Box", -1, 100) + "]}").json();
        earning.run(program);
        earning.run(program);

        List<Points.Entry> rows = ledger(program, Points.Customer.company(company));
        assertThat(rows).as("the order earned once (its paid invoice earns nothing more); one of two boxes back")
                .extracting(Points.Entry::kind, Points.Entry::points, Points.Entry::causeKind, Points.Entry::causeId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Points.Kind.RETURNED, -10, "CORRECTION",
                                correction.get("id").asLong()),
                        org.assertj.core.groups.Tuple.tuple(Points.Kind.EARNED, 20, "ORDER", id));
    }

    @Test
    void a_segment_program_grants_only_its_members() {
        Http api = admin();
        long segment = api.postJson("/api/v1/marketing/segments", "{\"name\": \"Club members " + UUID.randomUUID()
                + "\", \"kind\": \"STATIC\"}").json().get("id").asLong();
        long member = person(api, "\"lastName\": \"Member " + UUID.randomUUID() + "\"");
        long outsider = person(api, "\"lastName\": \"Outsider " + UUID.randomUUID() + "\"");
        jdbc.sql("insert into segment_members (segment_id, contact_id, added_by) values (:s, :c, 'HAND')")
                .param("s", segment).param("c", member).update();
        long program = program(api, "\"participation\": \"SEGMENT\", \"segmentId\": " + segment);
        pay(api, invoice(api, "\"contactId\": " + member, line("Tea", 1, 100)));
        pay(api, invoice(api, "\"contactId\": " + outsider, line("Tea", 1, 100)));

        earning.run(program);

        assertThat(balance(program, Points.Customer.contact(member))).isEqualTo(10);
        assertThat(accounts.of(Points.Customer.contact(outsider))).noneMatch(a -> a.programId() == program);
    }

    @Test
    void a_campaign_doubles_its_categorys_lines_as_a_bonus_only_in_its_days() {
        Http api = admin();
        String category = "Garden " + UUID.randomUUID().toString().substring(0, 6);
        long mower = api.postJson("/api/v1/products", """
                {"sku": "M-%s", "name": "Mower", "unit": "pcs", "unitPrice": 100, "currency": "PLN", "taxRate": 23,
                 "category": "%s"}""".formatted(UUID.randomUUID(), category)).json().get("id").asLong();
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Warsaw"));
        long program = program(api, "", """
                {"kind": "CAMPAIGN", "category": "%s", "multiplier": 3, "validFrom": "%s", "validTo": "%s"}"""
                .formatted(category, today.minusDays(1), today.plusDays(1)), """
                {"kind": "CAMPAIGN", "category": "%s", "multiplier": 5, "validFrom": "%s", "validTo": "%s"}"""
                .formatted(category, today.plusDays(2), today.plusDays(9)));
        long company = company(api, "Ogród " + UUID.randomUUID(), "PL", null);
        pay(api, invoice(api, "\"companyId\": " + company, """
                {"productId": %d, "quantity": 2, "unitPrice": 100, "taxRate": 23}, %s"""
                .formatted(mower, line("Seeds", 1, 100))));

        earning.run(program);

        List<Points.Entry> rows = ledger(program, Points.Customer.company(company));
        assertThat(rows).filteredOn(e -> e.kind() == Points.Kind.EARNED).extracting(Points.Entry::points)
                .containsExactly(30);
        assertThat(rows).filteredOn(e -> e.kind() == Points.Kind.BONUS)
                .extracting(Points.Entry::points, Points.Entry::reason)
                .as("the mowers' 20 points twice more; the later campaign is not on yet")
                .containsExactly(org.assertj.core.groups.Tuple.tuple(40, "CAMPAIGN"));
    }

    @Test
    void a_program_joined_by_a_form_grants_only_those_who_gave_the_loyalty_consent() {
        Http api = admin();
        long program = program(api, "\"participation\": \"FORM\"");
        long joined = person(api, "\"lastName\": \"Joined " + UUID.randomUUID() + "\"");
        long other = person(api, "\"lastName\": \"Not joined " + UUID.randomUUID() + "\"");
        long purpose = consents.purposeId("loyalty").orElseThrow();
        consents.change(app.klient.marketing.Consents.Change.of(joined, purpose,
                app.klient.marketing.Consents.Channel.EMAIL, app.klient.marketing.Consents.State.GIVEN,
                app.klient.marketing.Consents.Source.FORM));
        pay(api, invoice(api, "\"contactId\": " + joined, line("Bread", 1, 100)));
        pay(api, invoice(api, "\"contactId\": " + other, line("Bread", 1, 100)));

        earning.run(program);

        assertThat(balance(program, Points.Customer.contact(joined))).isEqualTo(10);
        assertThat(accounts.of(Points.Customer.contact(other))).noneMatch(a -> a.programId() == program);
    }

    @Test
    void a_tier_multiplies_what_is_earned() {
        Http api = admin();
        long program = program(api, "");
        long company = company(api, "Złoty " + UUID.randomUUID(), "PL", null);
        long account = points.account(program, Points.Customer.company(company));
        long gold = jdbc.sql("""
                insert into loyalty_tiers (program_id, position, name_en, name_pl, name_cs, threshold, multiplier)
                values (:p, 1, 'Gold', 'Złoty', 'Zlatý', 1, 1.5) returning id""").param("p", program)
                .query(Long.class).single();
        jdbc.sql("""
                update loyalty_accounts set tier_id = :t, tier_since = now(), tier_review_on = current_date + 365
                where id = :a""").param("t", gold).param("a", account)
                .update();
        pay(api, invoice(api, "\"companyId\": " + company, line("Gold bar", 1, 1000)));

        earning.run(program);

        assertThat(points.balance(account)).isEqualTo(150);
        assertThat(accounts.get(account).tier()).isEqualTo("Gold");
    }

    @Test
    void spending_takes_the_soonest_expiring_points_first_and_only_what_is_left_expires() {
        Http api = admin();
        long program = program(api, "\"expireMonths\": 12");
        long company = company(api, "Wygasa " + UUID.randomUUID(), "PL", null);
        long account = points.account(program, Points.Customer.company(company));
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Warsaw"));
        TransactionTemplate tx = new TransactionTemplate(transactions);
        tx.executeWithoutResult(s -> {
            points.post(account, new Points.Posting(Points.Kind.ADJUSTED, 100, today.plusDays(60), null, null,
                    "later", null));
            points.post(account, new Points.Posting(Points.Kind.ADJUSTED, 50, today.plusDays(5), null, null,
                    "sooner", null));
            points.post(account, new Points.Posting(Points.Kind.ADJUSTED, -70, null, null, null, "spent", null));
        });
        assertThat(points.expiring(account)).as("the 50 expiring sooner went first, then 20 of the 100")
                .containsExactly(new Points.Expiring(today.plusDays(60), 80));

        assertThat(expiry.expire(today.plusDays(61))).isGreaterThanOrEqualTo(1);
        List<Points.Entry> rows = points.history(account, org.springframework.data.domain.PageRequest.of(0, 10))
                .getContent();
        assertThat(rows.get(0).kind()).isEqualTo(Points.Kind.EXPIRED);
        assertThat(rows.get(0).points()).as("only what was left of the 100").isEqualTo(-80);
        assertThat(points.balance(account)).isZero();
        assertThat(expiry.expire(today.plusDays(61))).as("nothing expires twice").isZero();
    }

    @Test
    void a_customer_is_told_once_which_points_expire_soon() throws Exception {
        Map<String, Object> before = jdbc.sql("select * from mail_settings where id = 1").query().singleRow();
        jdbc.sql("""
                update mail_settings set smtp_host = 'localhost', smtp_port = :port, smtp_security = 'NONE',
                    smtp_username = null, smtp_password = null, from_address = 'club@klient.test' where id = 1""")
                .param("port", mail.getSmtp().getPort()).update();
        try {
            Http api = admin();
            long program = program(api, "\"expireMonths\": 1, \"noticeDays\": 40");
            String address = "jana." + UUID.randomUUID().toString().substring(0, 8) + "@expiry.test";
            long contact = person(api, """
                    "firstName": "Jana", "lastName": "Nováková", "emails": ["%s"], "preferredLanguage": "cs\""""
                    .formatted(address));
            pay(api, invoice(api, "\"contactId\": " + contact, line("Káva", 1, 300)));
            earning.run(program);
            LocalDate today = LocalDate.now(ZoneId.of("Europe/Warsaw"));

            assertThat(expiry.notify(today)).isGreaterThanOrEqualTo(1);
            assertThat(expiry.notify(today)).as("told once").isZero();

            long deadline = System.currentTimeMillis() + 10_000;
            while (mail.getReceivedMessagesForDomain("expiry.test").length == 0
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            MimeMessage[] received = mail.getReceivedMessagesForDomain("expiry.test");
            assertThat(received).hasSize(1);
            assertThat(received[0].getSubject()).as("in the contact's language").startsWith("30 vašich bodů propadne");
        }
        finally {
            jdbc.sql("""
                    update mail_settings set smtp_host = :host, smtp_port = :port, smtp_security = :security,
                        smtp_username = :user, smtp_password = :password, from_address = :from where id = 1""")
                    .param("host", before.get("smtp_host")).param("port", before.get("smtp_port"))
                    .param("security", before.get("smtp_security")).param("user", before.get("smtp_username"))
                    .param("password", before.get("smtp_password")).param("from", before.get("from_address"))
                    .update();
        }
    }

    @Test
    void an_adjustment_needs_a_reason_is_audited_and_only_administrators_and_managers_make_it() {
        Http api = admin();
        long program = program(api, "");
        long company = company(api, "Ręczna " + UUID.randomUUID(), "PL", null);
        long account = points.account(program, Points.Customer.company(company));
        String path = "/api/v1/loyalty/accounts/" + account + "/adjustments";

        assertThat(apiAs(Role.SALES).postJson(path, "{\"points\": 50, \"reason\": \"gift\"}").status())
                .isEqualTo(403);
        assertThat(api.postJson(path, "{\"points\": 50}").status()).isEqualTo(400);
        assertThat(api.postJson(path, "{\"points\": 50, \"reason\": \"  \"}").status()).isEqualTo(400);
        assertThat(api.postJson(path, "{\"points\": -1, \"reason\": \"too much\"}").status())
                .as("more than the balance").isEqualTo(400);
        assertThat(points.balance(account)).isZero();

        JsonNode made = apiAs(Role.MANAGER).postJson(path, "{\"points\": 50, \"reason\": \"Complaint goodwill\"}")
                .json();
        assertThat(made.get("balanceAfter").asInt()).isEqualTo(50);
        assertThat(jdbc.sql("select count(*) from audit_events where entity_type = 'loyalty_account' "
                + "and entity_id = :id and changes::text like '%Complaint goodwill%'").param("id", String.valueOf(account))
                .query(Long.class).single()).isEqualTo(1);
        assertThat(api.get("/api/v1/loyalty/accounts/" + account + "/ledger").json().get("items").get(0)
                .get("reason").asString()).isEqualTo("Complaint goodwill");
    }

    @Test
    void two_debits_of_the_same_points_at_the_same_moment_leave_one_winner() {
        Http api = admin();
        long program = program(api, "");
        long company = company(api, "Wyścig " + UUID.randomUUID(), "PL", null);
        long account = points.account(program, Points.Customer.company(company));
        String path = "/api/v1/loyalty/accounts/" + account + "/adjustments";
        api.postJson(path, "{\"points\": 100, \"reason\": \"start\"}");
        Http first = apiAs(Role.MANAGER);
        Http second = apiAs(Role.MANAGER);

        List<Integer> statuses = Race.run(
                () -> first.postJson(path, "{\"points\": -80, \"reason\": \"one\"}").status(),
                () -> second.postJson(path, "{\"points\": -80, \"reason\": \"two\"}").status());

        assertThat(statuses).containsExactlyInAnyOrder(201, 400);
        assertThat(points.balance(account)).isEqualTo(20);
    }

    @Test
    void two_runs_of_the_job_at_the_same_moment_grant_once() {
        Http api = admin();
        long program = program(api, "");
        long company = company(api, "Dwa węzły " + UUID.randomUUID(), "PL", null);
        for (int i = 0; i < 5; i++) {
            pay(api, invoice(api, "\"companyId\": " + company, line("Item " + i, 1, 100)));
        }

        Race.run(() -> earning.run(program), () -> earning.run(program));
        earning.run(program);

        assertThat(balance(program, Points.Customer.company(company))).isEqualTo(50);
        assertThat(ledger(program, Points.Customer.company(company))).hasSize(5);
    }

    @Test
    void the_card_shows_balance_what_expires_and_history_and_the_ledger_refuses_changes() {
        Http api = admin();
        long program = program(api, "\"expireMonths\": 24");
        long company = company(api, "Karta " + UUID.randomUUID(), "PL", null);
        pay(api, invoice(api, "\"companyId\": " + company, line("Desk", 1, 1230)));
        earning.run(program);

        String card = administrator().get("/companies/" + company).body();
        assertThat(card).contains("Loyalty").contains("123").contains("Earned");
        long account = points.account(program, Points.Customer.company(company));
        assertThat(signedInAs(Role.SALES).get("/loyalty/accounts/" + account).status()).isEqualTo(200);
        assertThatThrownBy(() -> jdbc.sql("update loyalty_ledger set points = 1 where account_id = :a")
                .param("a", account).update()).hasMessageContaining("never changed");
    }

    @Test
    void the_administrator_defines_a_program_and_its_rules_on_pages_and_others_may_not() {
        Http browser = administrator();
        browser.get("/account");
        String name = "Page club " + UUID.randomUUID();
        Http.Response made = browser.postForm("/admin/loyalty", Map.of("name", name, "earnOn", "INVOICE_PAID",
                "participation", "ALL", "expireMonths", "12", "noticeDays", "30"));
        assertThat(made.status()).isEqualTo(302);
        long id = Long.parseLong(made.location().replaceAll(".*/", ""));
        browser.postForm("/admin/loyalty/" + id + "/rules", Map.of("kind", "RATE", "currency", "CZK",
                "perAmount", "25", "points", "1"));
        Http.Response refused = browser.postForm("/admin/loyalty/" + id + "/rules", Map.of("kind", "RATE"));
        assertThat(refused.status()).as("the form again, with the refusal beside the field").isEqualTo(200);
        assertThat(refused.body()).contains("A rate needs its currency");
        String page = browser.get("/admin/loyalty/" + id).body();
        assertThat(page).contains(name).contains("1 point per 25");
        assertThat(signedInAs(Role.MANAGER).get("/admin/loyalty").status()).isEqualTo(403);
        assertThat(apiAs(Role.MANAGER).postJson("/api/v1/loyalty/programs", "{\"name\": \"x\"}").status())
                .isEqualTo(403);
        ProgramView program = new tools.jackson.databind.json.JsonMapper().readValue(
                admin().get("/api/v1/loyalty/programs/" + id).body(), ProgramView.class);
        assertThat(program.expireMonths()).isEqualTo(12);
        assertThat(program.rules()).extracting(RuleView::currency).containsExactly("CZK");
    }

    @Test
    void taking_more_than_the_balance_is_refused_in_the_service_too() {
        Http api = admin();
        long program = program(api, "");
        long company = company(api, "Mało " + UUID.randomUUID(), "PL", null);
        long account = points.account(program, Points.Customer.company(company));
        assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(s -> points.post(account,
                new Points.Posting(Points.Kind.REDEEMED, -1, null, "REWARD", 1L, null, null))))
                .isInstanceOf(InvalidFields.class);
    }
}
