package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.xml.parsers.DocumentBuilderFactory;

import app.klient.billing.internal.BillingPdf;
import app.klient.catalog.WorkingDays;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every Polish invoice and correction Klient issues has its FA(3) e-invoice, kept byte for byte when it is issued,
 * valid against the official schema, with the amounts of the invoice (and so of its PDF).
 */
class Fa3InvoiceTests extends WebTest {

    @Autowired
    Invoices invoices;

    @Autowired
    BillingPdf pdf;

    @Test
    void each_domestic_rate_and_their_mixture_gives_a_valid_e_invoice_with_the_invoices_amounts() {
        Http api = apiAs(Role.SALES);
        long buyer = business(api, "Piekarnia " + UUID.randomUUID());
        for (String rate : List.of("23", "8", "5", "0")) {
            JsonNode invoice = issue(api, """
                    {"companyId": %d, "lines": [{"description": "Towar %s", "quantity": 3, "unitPrice": 33.33,
                     "taxRate": %s}]}""".formatted(buyer, rate, rate));
            Xml xml = fa3(api, invoice);
            sameAmounts(xml, invoice);
            assertThat(xml.values("P_12")).containsExactly("0".equals(rate) ? "0 KR" : rate);
        }
        JsonNode mixed = issue(api, """
                {"companyId": %d, "lines": [
                 {"description": "Usługa", "quantity": 1, "unitPrice": 1000, "taxRate": 23},
                 {"description": "Książka", "quantity": 2, "unitPrice": 45.50, "discountPercent": 10, "taxRate": 5},
                 {"description": "Chleb", "quantity": 7, "unitPrice": 3.99, "taxRate": 8},
                 {"description": "Eksport usługi", "quantity": 1, "unitPrice": 10, "taxRate": 0},
                 {"description": "Druga usługa", "quantity": 3, "unitPrice": 0.33, "taxRate": 23}]}"""
                .formatted(buyer));
        Xml xml = fa3(api, mixed);
        sameAmounts(xml, mixed);
        assertThat(xml.value("P_13_1")).isEqualTo("1000.99");
        assertThat(xml.value("P_14_1")).as("VAT per rate, on the sum of the rate's lines").isEqualTo("230.23");
        assertThat(xml.values("P_10")).as("the discount of the book line").containsExactly("9.10");
        assertThat(xml.value("RodzajFaktury")).isEqualTo("VAT");
        assertThat(xml.value("NIP", 1)).isEqualTo("7740001454");
        assertThat(xml.value("AdresL1", 1)).isEqualTo("ul. Długa 5, 31-147 Kraków");
        assertThat(xml.value("SystemInfo")).isEqualTo("Klient");
        assertThat(xml.value("P_19N")).isEqualTo("1");
        assertThat(xml.value("P_18A")).isEqualTo("2");
        // the PDF prints the same totals
        String text = pdfText(mixed.get("id").asLong());
        assertThat(text).contains("1 000,99").contains("230,23");
    }

    @Test
    void the_e_invoice_is_kept_when_the_invoice_is_issued_and_downloaded_byte_for_byte_from_the_page_and_the_api() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        JsonNode invoice = issue(api, """
                {"companyId": %d, "lines": [{"description": "Kawa", "quantity": 1, "unitPrice": 50, "taxRate": 23}]}"""
                .formatted(business(api, "Kawiarnia " + UUID.randomUUID())));
        long id = invoice.get("id").asLong();
        byte[] kept = jdbc.sql("select content from invoice_files where invoice_id = :id and format = 'FA3'")
                .param("id", id).query(byte[].class).single();
        Fa3Schema.validate(kept);

        Http.Response fromApi = apiAs(Role.READ_ONLY).get("/api/v1/invoices/" + id + "/fa3");
        assertThat(fromApi.status()).isEqualTo(200);
        assertThat(fromApi.contentType()).startsWith("application/xml");
        assertThat(fromApi.header("Content-Disposition")).contains("attachment")
                .contains(invoice.get("number").asString().replace('/', '-') + ".xml");
        assertThat(fromApi.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(kept);

        Http page = signedInAs(Role.SUPPORT);
        assertThat(page.get("/invoices/" + id).body()).contains("/invoices/" + id + "/fa3.xml");
        Http.Response fromPage = page.get("/invoices/" + id + "/fa3.xml");
        assertThat(fromPage.status()).isEqualTo(200);
        assertThat(fromPage.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(kept);

        assertThat(api.get("/api/v1/invoices/999999999/fa3").status()).isEqualTo(404);
        assertThat(page.get("/invoices/999999999/fa3.xml").status()).isEqualTo(404);
        assertThat(browser().get("/invoices/" + id + "/fa3.xml").status()).as("signed out").isIn(302, 401);
    }

    @Test
    void an_invoice_issued_before_e_invoices_gets_its_xml_once_on_first_request() {
        Http api = apiAs(Role.SALES);
        JsonNode invoice = issue(api, """
                {"companyId": %d, "lines": [{"description": "Stara", "quantity": 1, "unitPrice": 10, "taxRate": 8}]}"""
                .formatted(business(api, "Dawna " + UUID.randomUUID())));
        long id = invoice.get("id").asLong();
        // as on a demo database upgraded from before this change
        jdbc.sql("delete from invoice_files where invoice_id = :id").param("id", id).update();
        String first = api.get("/api/v1/invoices/" + id + "/fa3").body();
        Fa3Schema.validate(first.getBytes(StandardCharsets.UTF_8));
        assertThat(api.get("/api/v1/invoices/" + id + "/fa3").body()).as("kept, not made again").isEqualTo(first);
        assertThat(jdbc.sql("select count(*) from invoice_files where invoice_id = :id").param("id", id)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void an_invoice_of_a_seller_outside_poland_has_no_e_invoice() {
        Map<String, String> before = seller(Map.of("country", "CZ", "taxRates", "21,12,0"));
        try {
            Http api = apiAs(Role.SALES);
            long buyer = company(api, "Praha " + UUID.randomUUID(), "CZ", null);
            JsonNode invoice = issue(api, """
                    {"companyId": %d, "lines": [{"description": "Služba", "quantity": 1, "unitPrice": 10,
                     "taxRate": 21}]}""".formatted(buyer));
            long id = invoice.get("id").asLong();
            assertThat(count("invoice_files where invoice_id = " + id)).isZero();
            assertThat(api.get("/api/v1/invoices/" + id + "/fa3").status()).isEqualTo(404);
            Http page = signedInAs(Role.SALES);
            assertThat(page.get("/invoices/" + id + "/fa3.xml").status()).isEqualTo(404);
            assertThat(page.get("/invoices/" + id).body()).doesNotContain("fa3.xml");
        }
        finally {
            seller(before);
        }
    }

    @Test
    void an_exempt_line_names_its_legal_basis() {
        Http api = apiAs(Role.SALES);
        JsonNode invoice = issue(api, """
                {"companyId": %d, "exemptionBasis": "art. 43 ust. 1 pkt 29 lit. a ustawy o VAT", "lines": [
                 {"description": "Szkolenie", "quantity": 2, "unitPrice": 700, "taxExempt": true},
                 {"description": "Materiały", "quantity": 1, "unitPrice": 100, "taxRate": 23}]}"""
                .formatted(business(api, "Szkoła " + UUID.randomUUID())));
        Xml xml = fa3(api, invoice);
        sameAmounts(xml, invoice);
        assertThat(xml.value("P_19")).isEqualTo("1");
        assertThat(xml.value("P_19A")).isEqualTo("art. 43 ust. 1 pkt 29 lit. a ustawy o VAT");
        assertThat(xml.value("P_13_7")).isEqualTo("1400.00");
        assertThat(xml.values("P_12")).containsExactly("zw", "23");
    }

    @Test
    void reverse_charge_names_an_eu_buyer_by_its_vat_number_and_a_buyer_outside_the_eu_by_its_tax_number() {
        Http api = apiAs(Role.MANAGER);
        long machine = product(api, "PRODUCT", false, "1000");
        long german = company(api, "Berlin GmbH " + UUID.randomUUID(), "DE", "DE136695976");
        JsonNode eu = issue(api, """
                {"companyId": %d, "reverseCharge": true, "lines": [
                 {"description": "Beratung", "quantity": 10, "unitPrice": 150, "taxRate": 23},
                 {"productId": %d, "quantity": 2}]}""".formatted(german, machine));
        Xml xml = fa3(api, eu);
        sameAmounts(xml, eu);
        assertThat(xml.value("KodUE")).isEqualTo("DE");
        assertThat(xml.value("NrVatUE")).isEqualTo("136695976");
        assertThat(xml.value("PrefiksPodatnika")).isEqualTo("PL");
        assertThat(xml.value("P_13_9")).as("services taxed where the EU buyer is").isEqualTo("1500.00");
        assertThat(xml.value("P_13_6_2")).as("goods: intra-Community supply at 0 %").isEqualTo("2000.00");
        assertThat(xml.values("P_12")).containsExactly("np II", "0 WDT");
        assertThat(xml.value("P_18")).as("odwrotne obciążenie").isEqualTo("1");

        long norwegian = api.postJson("/api/v1/companies", """
                {"name": "Oslo AS %s", "country": "NO", "taxId": "923609016MVA", "billingAddress": {
                 "street": "Karl Johans gate 1", "city": "Oslo", "postalCode": "0154", "country": "NO"}}"""
                .formatted(UUID.randomUUID())).json().get("id").asLong();
        JsonNode abroad = issue(api, """
                {"companyId": %d, "reverseCharge": true, "lines": [
                 {"description": "Consulting", "quantity": 4, "unitPrice": 250, "taxRate": 23}]}"""
                .formatted(norwegian));
        Xml outside = fa3(api, abroad);
        sameAmounts(outside, abroad);
        assertThat(outside.value("KodKraju", 1)).as("the buyer's country beside its number").isEqualTo("NO");
        assertThat(outside.value("NrID")).isEqualTo("923609016MVA");
        assertThat(outside.value("P_13_8")).isEqualTo("1000.00");
        assertThat(outside.values("P_12")).containsExactly("np I");
        assertThat(outside.value("AdresL1", 1)).isEqualTo("Karl Johans gate 1, 0154 Oslo");
    }

    @Test
    void a_foreign_currency_invoice_gives_the_rate_its_date_and_the_vat_in_pln() {
        Http api = apiAs(Role.ADMIN);
        LocalDate sale = LocalDate.now().minusDays(1);
        api.postJson("/api/v1/exchange-rates", """
                {"currency": "EUR", "rate": 4.2612, "validFrom": "%s", "tableNumber": "077/A/NBP/2026"}"""
                .formatted(new WorkingDays("PLN").lastBefore(sale)));
        JsonNode invoice = issue(api, """
                {"companyId": %d, "currency": "EUR", "saleDate": "%s", "lines": [
                 {"description": "Licencja", "quantity": 1, "unitPrice": 1000, "taxRate": 23},
                 {"description": "Wsparcie", "quantity": 1, "unitPrice": 100, "taxRate": 8}]}"""
                .formatted(business(api, "Euro " + UUID.randomUUID()), sale));
        Xml xml = fa3(api, invoice);
        sameAmounts(xml, invoice);
        assertThat(xml.value("KodWaluty")).isEqualTo("EUR");
        assertThat(xml.value("P_14_1W")).as("230 EUR × 4.2612").isEqualTo("980.08");
        assertThat(xml.value("P_14_2W")).as("8 EUR × 4.2612").isEqualTo("34.09");
        assertThat(xml.values("KursWaluty")).containsOnly("4.2612");
        assertThat(xml.value("P_6")).isEqualTo(sale.toString());
        assertThat(xml.value("Wartosc")).contains("4.2612").contains(new WorkingDays("PLN").lastBefore(sale)
                .toString());
    }

    @Test
    void split_payment_is_marked_over_15000_pln_for_annex_15_goods_and_printed_on_the_pdf() {
        Http api = apiAs(Role.MANAGER);
        long steel = product(api, "PRODUCT", true, "10000");
        long buyer = business(api, "Huta " + UUID.randomUUID());
        JsonNode big = issue(api, """
                {"companyId": %d, "lines": [{"productId": %d, "quantity": 2}]}""".formatted(buyer, steel));
        assertThat(big.get("splitPayment").asBoolean()).isTrue();
        Xml xml = fa3(api, big);
        sameAmounts(xml, big);
        assertThat(xml.value("P_18A")).isEqualTo("1");
        assertThat(xml.values("P_12_Zal_15")).containsExactly("1");
        assertThat(pdfText(big.get("id").asLong())).contains("mechanizm podzielonej płatności");
        Http page = signedInAs(Role.MANAGER);
        assertThat(page.get("/invoices/" + big.get("id").asLong()).body()).as("the page says it as the PDF does")
                .contains("mechanizm podzielonej płatności");

        JsonNode small = issue(api, """
                {"companyId": %d, "lines": [{"productId": %d, "quantity": 1}]}""".formatted(buyer, steel));
        assertThat(small.get("grossTotal").decimalValue()).isLessThan(new BigDecimal("15000"));
        assertThat(small.get("splitPayment").asBoolean()).isFalse();
        Xml under = fa3(api, small);
        assertThat(under.value("P_18A")).isEqualTo("2");
        assertThat(under.values("P_12_Zal_15")).as("the goods are still of Annex 15").containsExactly("1");
        assertThat(pdfText(small.get("id").asLong())).doesNotContain("mechanizm podzielonej");
        assertThat(page.get("/invoices/" + small.get("id").asLong()).body()).doesNotContain("mechanizm podzielonej");

        long plain = product(api, "PRODUCT", false, "10000");
        JsonNode other = issue(api, """
                {"companyId": %d, "lines": [{"productId": %d, "quantity": 2}]}""".formatted(buyer, plain));
        assertThat(other.get("splitPayment").asBoolean()).as("not Annex 15 goods").isFalse();
        assertThat(fa3(api, other).value("P_18A")).isEqualTo("2");
    }

    @Test
    void a_transfer_names_the_sellers_bank_account_and_the_due_date() {
        Map<String, String> before = seller(Map.of("bankAccount", "PL61 1090 1014 0000 0712 1981 2874"));
        try {
            Http api = apiAs(Role.SALES);
            JsonNode invoice = issue(api, """
                    {"companyId": %d, "paymentMethod": "TRANSFER", "lines": [{"description": "Usługa",
                     "quantity": 1, "unitPrice": 500, "taxRate": 23}]}""".formatted(business(api, "Bank "
                    + UUID.randomUUID())));
            Xml xml = fa3(api, invoice);
            assertThat(xml.value("NrRB")).isEqualTo("PL61109010140000071219812874");
            assertThat(xml.value("FormaPlatnosci")).isEqualTo("6");
            assertThat(xml.value("Termin")).isEqualTo(invoice.get("dueDate").asString());
            JsonNode cash = issue(api, """
                    {"companyId": %d, "paymentMethod": "CASH", "lines": [{"description": "Usługa",
                     "quantity": 1, "unitPrice": 500, "taxRate": 23}]}""".formatted(business(api, "Gotówka "
                    + UUID.randomUUID())));
            Xml paidInCash = fa3(api, cash);
            assertThat(paidInCash.value("FormaPlatnosci")).isEqualTo("1");
            assertThat(paidInCash.values("NrRB")).isEmpty();
        }
        finally {
            seller(before);
        }
    }

    @Test
    void a_private_buyer_without_a_tax_number_is_named_without_one() {
        Http api = apiAs(Role.SALES);
        long person = api.postJson("/api/v1/contacts", """
                {"firstName": "Anna", "lastName": "Prywatna %s", "address": {"street": "ul. Leśna 2",
                 "city": "Gdańsk", "postalCode": "80-001", "country": "PL"}}""".formatted(UUID.randomUUID()))
                .json().get("id").asLong();
        JsonNode invoice = issue(api, """
                {"contactId": %d, "lines": [{"description": "Tort", "quantity": 1, "unitPrice": 120,
                 "taxRate": 5}]}""".formatted(person));
        Xml xml = fa3(api, invoice);
        assertThat(xml.value("BrakID")).isEqualTo("1");
        assertThat(xml.value("Nazwa", 1)).startsWith("Anna Prywatna");
    }

    @Test
    void a_correction_names_the_corrected_invoices_ksef_number_and_shows_before_and_after() {
        Http api = apiAs(Role.SALES);
        long buyer = business(api, "Sklep " + UUID.randomUUID());
        JsonNode invoice = issue(api, """
                {"companyId": %d, "lines": [{"description": "Krzesło", "quantity": 10, "unitPrice": 200,
                 "taxRate": 23}, {"description": "Stół", "quantity": 1, "unitPrice": 1000, "taxRate": 23}]}"""
                .formatted(buyer));
        long id = invoice.get("id").asLong();
        String ksefNumber = "5261040828-" + LocalDate.now().toString().replace("-", "") + "-0A1B2C-3D4E5F-A1";
        // as the KSeF queue records an accepted invoice
        jdbc.sql("""
                insert into ksef_submissions (invoice_id, state, ksef_number, accepted_at)
                values (:id, 'ACCEPTED', :number, now())""").param("id", id).param("number", ksefNumber).update();

        JsonNode back = correct(api, id, """
                {"reason": "Zwrot dwóch krzeseł", "lines": [{"description": "Krzesło", "quantity": -2}]}""");
        Xml returned = fa3(api, back);
        sameAmounts(returned, back);
        assertThat(returned.value("RodzajFaktury")).isEqualTo("KOR");
        assertThat(returned.value("PrzyczynaKorekty")).isEqualTo("Zwrot dwóch krzeseł");
        assertThat(returned.value("TypKorekty")).isEqualTo("2");
        assertThat(returned.value("NrFaKorygowanej")).isEqualTo(invoice.get("number").asString());
        assertThat(returned.value("DataWystFaKorygowanej")).isEqualTo(invoice.get("issueDate").asString());
        assertThat(returned.value("NrKSeF")).isEqualTo("1");
        assertThat(returned.value("NrKSeFFaKorygowanej")).isEqualTo(ksefNumber);
        assertThat(returned.value("P_13_1")).isEqualTo("-400.00");
        assertThat(returned.value("P_15")).isEqualTo("-492.00");
        assertThat(returned.rows()).containsExactly("before Krzesło 10 2000.00", "after Krzesło 8 1600.00");

        JsonNode cheaper = correct(api, id, """
                {"reason": "Rabat na stół", "lines": [{"description": "Stół", "quantity": -1},
                 {"description": "Stół", "quantity": 1, "unitPrice": 900}]}""");
        Xml price = fa3(api, cheaper);
        sameAmounts(price, cheaper);
        assertThat(price.rows()).containsExactly("before Stół 1 1000.00", "after Stół 1 900.00");

        JsonNode rate = correct(api, id, """
                {"reason": "Stawka 8 %", "lines": [{"description": "Krzesło", "quantity": -8},
                 {"description": "Krzesło", "quantity": 8, "taxRate": 8}]}""");
        Xml rated = fa3(api, rate);
        sameAmounts(rated, rate);
        assertThat(rated.rows()).as("the earlier return counts: 8 chairs were left")
                .containsExactly("before Krzesło 8 1600.00", "after Krzesło 8 1600.00");
        assertThat(rated.values("P_12")).containsExactly("23", "8");
        assertThat(rated.value("P_14_1")).isEqualTo("-368.00");
        assertThat(rated.value("P_14_2")).isEqualTo("128.00");

        JsonNode outside = issue(api, """
                {"companyId": %d, "lines": [{"description": "Szafa", "quantity": 1, "unitPrice": 800,
                 "taxRate": 23}]}""".formatted(buyer));
        JsonNode correction = correct(api, outside.get("id").asLong(), """
                {"reason": "Rabat", "lines": [{"description": "Szafa", "quantity": -1},
                 {"description": "Szafa", "quantity": 1, "unitPrice": 700}]}""");
        Xml noKsef = fa3(api, correction);
        assertThat(noKsef.value("NrKSeFN")).as("issued outside KSeF").isEqualTo("1");
        assertThat(noKsef.values("NrKSeFFaKorygowanej")).isEmpty();
    }

    @Test
    void an_invoice_still_on_its_way_to_ksef_or_rejected_by_it_is_not_corrected() {
        Http api = apiAs(Role.SALES);
        long buyer = business(api, "Kolejka " + UUID.randomUUID());
        String body = """
                {"reason": "Zwrot", "lines": [{"description": "Lampa", "quantity": -1}]}""";
        for (String state : List.of("WAITING", "SENT", "REJECTED")) {
            JsonNode invoice = issue(api, """
                    {"companyId": %d, "lines": [{"description": "Lampa", "quantity": 2, "unitPrice": 100,
                     "taxRate": 23}]}""".formatted(buyer));
            long id = invoice.get("id").asLong();
            jdbc.sql("insert into ksef_submissions (invoice_id, state) values (:id, :state)").param("id", id)
                    .param("state", state).update();
            long before = count("invoices");
            Http.Response refused = api.language("pl").postJson("/api/v1/invoices/" + id + "/corrections", body);
            assertThat(refused.status()).as(state).isEqualTo(409);
            assertThat(refused.body()).contains(invoice.get("number").asString())
                    .contains("REJECTED".equals(state) ? "wystaw nową fakturę" : "nie ma numeru KSeF");
            assertThat(count("invoices")).isEqualTo(before);
        }
    }

    @Test
    void a_business_buyer_without_an_address_is_refused_by_name_and_no_number_is_taken() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long buyer = api.postJson("/api/v1/companies", """
                {"name": "Bez adresu %s", "country": "PL", "taxId": "7740001454"}""".formatted(UUID.randomUUID()))
                .json().get("id").asLong();
        long invoices = count("invoices");
        String counters = jdbc.sql("select coalesce(string_agg(series || period || last_number, ','), '') from "
                + "document_counters").query(String.class).single();
        Http.Response refused = api.language("pl").postJson("/api/v1/invoices", """
                {"companyId": %d, "lines": [{"description": "A", "quantity": 1, "unitPrice": 10, "taxRate": 23}]}"""
                .formatted(buyer));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("buyer.address");
        assertThat(refused.body()).contains("wymaga adresu nabywcy");
        assertThat(count("invoices")).isEqualTo(invoices);
        assertThat(jdbc.sql("select coalesce(string_agg(series || period || last_number, ','), '') from "
                + "document_counters").query(String.class).single()).as("no number taken").isEqualTo(counters);

        Map<String, String> form = new HashMap<>(Map.of("companyId", Long.toString(buyer), "lines[0].description",
                "A", "lines[0].quantity", "1", "lines[0].unitPrice", "10", "lines[0].taxRate", "23"));
        Http page = signedIn(seller);
        page.get("/invoices/new");
        Http.Response onPage = page.postForm("/invoices", form);
        assertThat(onPage.status()).isEqualTo(200);
        assertThat(onPage.body()).contains("needs the address of the buyer");
        assertThat(count("invoices")).isEqualTo(invoices);
    }

    @Test
    void the_seller_without_a_nip_cannot_issue_polish_invoices() {
        Map<String, String> before = seller(Map.of("taxId", ""));
        try {
            Http api = apiAs(Role.SALES);
            Http.Response refused = api.postJson("/api/v1/invoices", """
                    {"companyId": %d, "lines": [{"description": "A", "quantity": 1, "unitPrice": 10,
                     "taxRate": 23}]}""".formatted(business(api, "Bez NIP " + UUID.randomUUID())));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("seller.taxId");
        }
        finally {
            seller(before);
        }
    }

    @Test
    void the_product_says_whether_it_is_split_payment_goods_on_its_page_and_in_the_api() {
        Http api = apiAs(Role.MANAGER);
        long steel = product(api, "PRODUCT", true, "100");
        assertThat(api.get("/api/v1/products/" + steel).json().get("splitPaymentGoods").asBoolean()).isTrue();
        Http page = signedInAs(Role.MANAGER);
        assertThat(page.get("/products/" + steel).body()).contains("Goods of Annex 15");
        String form = page.get("/products/" + steel + "/edit").body();
        assertThat(form).contains("name=\"splitPaymentGoods\"").contains("checked");
        ObjectNode product = (ObjectNode) api.get("/api/v1/products/" + steel).json();
        product.put("splitPaymentGoods", false);
        assertThat(api.putJson("/api/v1/products/" + steel, product.toString()).json().get("splitPaymentGoods")
                .asBoolean()).isFalse();
    }

    @Test
    void under_reverse_charge_the_pdf_and_the_page_print_the_rates_the_fa3_states_goods_0_wdt_services_np() {
        Http api = apiAs(Role.MANAGER);
        long laptop = product(api, "PRODUCT", false, "2000");
        long installation = unitProduct(api, "SERVICE", "h", "60");
        long german = company(api, "Hamburg GmbH " + UUID.randomUUID(), "DE", "DE136695976");
        JsonNode eu = issue(api, """
                {"companyId": %d, "reverseCharge": true, "language": "pl", "lines": [
                 {"productId": %d, "quantity": 1}, {"productId": %d, "quantity": 5}]}"""
                .formatted(german, laptop, installation));
        Xml xml = fa3(api, eu);
        assertThat(xml.values("P_12")).containsExactly("0 WDT", "np II");
        assertThat(xml.value("P_13_6_2")).isEqualTo("2000.00");
        assertThat(xml.value("P_13_9")).isEqualTo("300.00");
        String text = pdfText(eu.get("id").asLong());
        assertThat(text).as("one summary row per FA(3) field, not one np. row").contains("0 % WDT 2 000,00")
                .contains("np. 300,00").doesNotContain("np. 2 300,00");
        assertThat(text).containsPattern("0 % WDT\\s+2 000,00");
        assertThat(xml.values("P_8A")).as("the unit the PDF prints").containsExactly("szt.", "godz.");
        assertThat(text).contains("1 szt.").contains("5 godz.");

        String page = signedInAs(Role.MANAGER).get("/invoices/" + eu.get("id").asLong()).body();
        assertThat(page).containsPattern(">\\s*(0 % WDT|0 % intra-EU supply|0 % dodání do EU)\\s*<");

        long american = api.postJson("/api/v1/companies", """
                {"name": "Austin Inc %s", "country": "US", "taxId": "12-3456789", "billingAddress": {
                 "street": "1 Congress Ave", "city": "Austin", "postalCode": "78701", "country": "US"}}"""
                .formatted(UUID.randomUUID())).json().get("id").asLong();
        JsonNode export = issue(api, """
                {"companyId": %d, "reverseCharge": true, "language": "en", "lines": [
                 {"productId": %d, "quantity": 1}]}""".formatted(american, laptop));
        assertThat(fa3(api, export).values("P_12")).containsExactly("0 EX");
        assertThat(pdfText(export.get("id").asLong())).contains("0 % export 2,000.00").doesNotContain("reverse charge 2");
    }

    // ---- helpers

    private static JsonNode issue(Http api, String body) {
        Http.Response issued = api.postJson("/api/v1/invoices", body);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json();
    }

    private static JsonNode correct(Http api, long id, String body) {
        Http.Response issued = api.postJson("/api/v1/invoices/" + id + "/corrections", body);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json();
    }

    /** The kept e-invoice, valid against the official schema. */
    private static Xml fa3(Http api, JsonNode invoice) {
        Http.Response answer = api.get("/api/v1/invoices/" + invoice.get("id").asLong() + "/fa3");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        byte[] xml = answer.body().getBytes(StandardCharsets.UTF_8);
        Fa3Schema.validate(xml);
        return new Xml(xml);
    }

    /** P_15 and every rate's net and VAT are the invoice's (what its PDF prints). */
    private static void sameAmounts(Xml xml, JsonNode invoice) {
        assertThat(new BigDecimal(xml.value("P_15"))).isEqualByComparingTo(invoice.get("grossTotal").decimalValue());
        BigDecimal net = BigDecimal.ZERO;
        for (String field : List.of("P_13_1", "P_13_2", "P_13_3", "P_13_6_1", "P_13_6_2", "P_13_6_3", "P_13_7",
                "P_13_8", "P_13_9")) {
            for (String v : xml.values(field)) {
                net = net.add(new BigDecimal(v));
            }
        }
        assertThat(net).as("the sums per rate add up to the net total")
                .isEqualByComparingTo(invoice.get("netTotal").decimalValue());
        BigDecimal tax = BigDecimal.ZERO;
        for (String field : List.of("P_14_1", "P_14_2", "P_14_3")) {
            for (String v : xml.values(field)) {
                tax = tax.add(new BigDecimal(v));
            }
        }
        assertThat(tax).isEqualByComparingTo(invoice.get("taxTotal").decimalValue());
        for (JsonNode row : invoice.get("byRate")) {
            String field = switch (row.get("code").asString()) {
                case "23" -> "1";
                case "8" -> "2";
                case "5" -> "3";
                case "0" -> "6_1";
                case "EXEMPT" -> "7";
                default -> null;
            };
            if (field != null) {
                assertThat(new BigDecimal(xml.value("P_13_" + field))).isEqualByComparingTo(row.get("net")
                        .decimalValue());
                if (!field.startsWith("6") && !field.equals("7")) {
                    assertThat(new BigDecimal(xml.value("P_14_" + field))).isEqualByComparingTo(row.get("tax")
                            .decimalValue());
                }
            }
        }
    }

    private long business(Http api, String name) {
        return api.postJson("/api/v1/companies", """
                {"name": "%s", "country": "PL", "taxId": "7740001454", "billingAddress": {"street": "ul. Długa 5",
                 "city": "Kraków", "postalCode": "31-147", "country": "PL"}}""".formatted(name))
                .json().get("id").asLong();
    }

    private static long product(Http api, String kind, boolean annex15, String price) {
        Http.Response made = api.postJson("/api/v1/products", """
                {"sku": "FA3-%s", "name": "Product %s", "kind": "%s", "unitPrice": %s, "currency": "PLN",
                 "taxRate": 23, "splitPaymentGoods": %s}""".formatted(UUID.randomUUID().toString().substring(0, 8),
                UUID.randomUUID(), kind, price, annex15));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json().get("id").asLong();
    }

    private static long unitProduct(Http api, String kind, String unit, String price) {
        Http.Response made = api.postJson("/api/v1/products", """
                {"sku": "FA3-%s", "name": "Montaż %s", "kind": "%s", "unit": "%s", "unitPrice": %s, "currency": "PLN",
                 "taxRate": 23}""".formatted(UUID.randomUUID().toString().substring(0, 8), UUID.randomUUID(), kind,
                unit, price));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json().get("id").asLong();
    }

    private String pdfText(long id) {
        try (PDDocument document = Loader.loadPDF(pdf.invoice(invoices.get(id)))) {
            return new PDFTextStripper().getText(document).replace('\u00a0', ' ').replace('\u202f', ' ');
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An FA(3) document read by element name (FA(3) has one namespace). */
    static final class Xml {

        private final Document doc;

        Xml(byte[] xml) {
            try {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        String value(String name) {
            return value(name, 0);
        }

        String value(String name, int index) {
            List<String> all = values(name);
            assertThat(all).as(name).hasSizeGreaterThan(index);
            return all.get(index);
        }

        List<String> values(String name) {
            NodeList nodes = doc.getElementsByTagNameNS("*", name);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                values.add(nodes.item(i).getTextContent().strip());
            }
            return values;
        }

        /** The rows as "before|after description quantity net". */
        List<String> rows() {
            NodeList nodes = doc.getElementsByTagNameNS("*", "FaWiersz");
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                Element row = (Element) nodes.item(i);
                boolean before = row.getElementsByTagNameNS("*", "StanPrzed").getLength() > 0;
                rows.add((before ? "before " : "after ") + text(row, "P_7") + " " + text(row, "P_8B") + " "
                        + text(row, "P_11"));
            }
            return rows;
        }

        private static String text(Element row, String name) {
            NodeList found = row.getElementsByTagNameNS("*", name);
            return found.getLength() == 0 ? "" : found.item(0).getTextContent().strip();
        }
    }
}
