package app.klient.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import app.klient.catalog.ExchangeRates;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.IsdocSchema;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

/**
 * Czech invoices and corrections as ISDOC 6.0.2, validated against the official schema, with their amounts read back
 * and compared with the invoice's own (the PDF's): a Czech seller at home (21/12/0 % and exempt), reverse charge,
 * a foreign currency, a credit note, and the demo's Polish seller invoicing a Czech customer in CZK.
 */
class IsdocTests extends WebTest {

    private static final Map<String, String> CZECH_SELLER = Map.of("country", "CZ", "taxRates", "21,12,0",
            "taxId", "CZ27082440", "vatId", "CZ27082440", "registrationNumber", "27082440",
            "bankAccount", "CZ65 0800 0000 1920 0014 5399", "street", "Vinohradská 1511/230", "city", "Praha",
            "postalCode", "100 00", "exemptionBasis", "§ 51 zákona o DPH");

    @Autowired
    ExchangeRates rates;

    @Test
    void a_czech_sellers_domestic_invoice_at_21_12_0_percent_and_exempt_is_valid_isdoc_with_the_invoices_amounts()
            throws Exception {
        Map<String, String> before = seller(CZECH_SELLER);
        try {
            UserSummary seller = testUsers.create(Role.SALES);
            Http api = api(seller);
            long buyer = czechCompany(api, null);
            JsonNode invoice = issue(api, """
                    {"companyId": %d, "language": "cs", "lines": [
                     {"description": "Čerpadlo", "quantity": 3, "unitPrice": 1234.5, "discountPercent": 10,
                      "taxRate": 21},
                     {"description": "Kniha", "quantity": 2, "unitPrice": 0.33, "taxRate": 12},
                     {"description": "Montáž", "quantity": 1.5, "unitPrice": 400, "taxRate": 21},
                     {"description": "Export", "quantity": 1, "unitPrice": 50, "taxRate": 0},
                     {"description": "Školení", "quantity": 1, "unitPrice": 900, "taxExempt": true}]}"""
                    .formatted(buyer));
            byte[] file = isdoc(api, invoice);
            assertThat(IsdocSchema.errors(file)).isEmpty();
            Document xml = parse(file);
            assertThat(x(xml, "Invoice/@version")).isEqualTo("6.0.2");
            assertThat(x(xml, "Invoice/DocumentType")).isEqualTo("1");
            assertThat(x(xml, "Invoice/ID")).isEqualTo(invoice.get("number").asString());
            assertThat(x(xml, "Invoice/IssuingSystem")).isEqualTo("Klient");
            assertThat(x(xml, "Invoice/IssueDate")).isEqualTo(invoice.get("issueDate").asString());
            assertThat(x(xml, "Invoice/TaxPointDate")).isEqualTo(invoice.get("saleDate").asString());
            assertThat(x(xml, "Invoice/UUID")).as("derived from the invoice: the same file every time")
                    .isEqualTo(UUID.nameUUIDFromBytes(("klient-invoice:" + invoice.get("id").asLong() + ":"
                            + invoice.get("number").asString()).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                            .toString());
            assertThat(isdoc(api, invoice)).as("downloaded twice, the same document").isEqualTo(file);
            assertThat(x(xml, "Invoice/ForeignCurrencyCode")).isEmpty();
            assertThat(x(xml, "Invoice/LocalCurrencyCode")).isEqualTo(invoice.get("currency").asString());
            assertThat(x(xml, "Invoice/AccountingSupplierParty/Party/PartyIdentification/ID")).isEqualTo("27082440");
            assertThat(x(xml, "Invoice/AccountingSupplierParty/Party/PartyTaxScheme/CompanyID"))
                    .isEqualTo("CZ27082440");
            assertThat(x(xml, "Invoice/AccountingSupplierParty/Party/PostalAddress/StreetName"))
                    .isEqualTo("Vinohradská");
            assertThat(x(xml, "Invoice/AccountingSupplierParty/Party/PostalAddress/BuildingNumber"))
                    .isEqualTo("1511/230");
            assertThat(x(xml, "Invoice/AccountingSupplierParty/Party/PostalAddress/PostalZone")).isEqualTo("100 00");
            assertThat(x(xml, "Invoice/AccountingSupplierParty/Party/PostalAddress/CityName")).isEqualTo("Praha");
            assertThat(x(xml, "Invoice/AccountingCustomerParty/Party/PartyIdentification/ID")).isEqualTo("45274649");
            assertThat(x(xml, "Invoice/AccountingCustomerParty/Party/PartyTaxScheme/CompanyID"))
                    .isEqualTo("CZ45274649");
            assertThat(x(xml, "Invoice/AccountingCustomerParty/Party/PostalAddress/CityName")).isEqualTo("Brno");
            assertThat(count(xml, "Invoice/InvoiceLines/InvoiceLine")).isEqualTo(5);
            assertThat(x(xml, "Invoice/InvoiceLines/InvoiceLine[1]/InvoicedQuantity")).isEqualTo("3");
            assertThat(x(xml, "Invoice/InvoiceLines/InvoiceLine[1]/ClassifiedTaxCategory/Percent")).isEqualTo("21");
            assertThat(x(xml, "Invoice/InvoiceLines/InvoiceLine[1]/ClassifiedTaxCategory/VATCalculationMethod"))
                    .isEqualTo("0");
            assertThat(x(xml, "Invoice/InvoiceLines/InvoiceLine[5]/ClassifiedTaxCategory/VATApplicable"))
                    .isEqualTo("false");
            assertThat(x(xml, "Invoice/InvoiceLines/InvoiceLine[5]/VATNote")).isEqualTo("§ 51 zákona o DPH");
            assertThat(x(xml, "Invoice/PaymentMeans/Payment/Details/VariableSymbol"))
                    .isEqualTo(invoice.get("variableSymbol").asString());
            assertThat(x(xml, "Invoice/PaymentMeans/Payment/Details/IBAN")).isEqualTo("CZ6508000000192000145399");
            assertThat(x(xml, "Invoice/PaymentMeans/Payment/Details/ID")).isEqualTo("19-2000145399");
            assertThat(x(xml, "Invoice/PaymentMeans/Payment/Details/BankCode")).isEqualTo("0800");
            assertThat(x(xml, "Invoice/PaymentMeans/Payment/Details/PaymentDueDate"))
                    .isEqualTo(invoice.get("dueDate").asString());
            assertThat(x(xml, "Invoice/PaymentMeans/Payment/PaymentMeansCode")).isEqualTo("42");
            amountsMatch(xml, invoice, false, BigDecimal.ONE);
            assertThat(rateRows(xml)).containsExactly("21:true", "12:true", "0:true", "0:false");
        }
        finally {
            seller(before);
        }
    }

    @Test
    void a_correction_that_takes_goods_back_is_a_credit_note_naming_the_corrected_invoice() throws Exception {
        Map<String, String> before = seller(CZECH_SELLER);
        try {
            Http api = api(testUsers.create(Role.MANAGER));
            long buyer = czechCompany(api, null);
            JsonNode invoice = issue(api, """
                    {"companyId": %d, "language": "cs", "lines": [
                     {"description": "Čerpadlo", "quantity": 4, "unitPrice": 250, "taxRate": 21},
                     {"description": "Kniha", "quantity": 3, "unitPrice": 99.9, "taxRate": 12}]}""".formatted(buyer));
            Http.Response made = api.postJson("/api/v1/invoices/" + invoice.get("id").asLong() + "/corrections", """
                    {"reason": "Vráceno zboží", "lines": [{"description": "Čerpadlo", "quantity": -1},
                     {"description": "Kniha", "quantity": -2}]}""");
            assertThat(made.status()).as(made.body()).isEqualTo(201);
            JsonNode correction = made.json();
            assertThat(correction.get("grossTotal").decimalValue()).isNegative();
            byte[] file = isdoc(api, correction);
            assertThat(IsdocSchema.errors(file)).isEmpty();
            Document xml = parse(file);
            assertThat(x(xml, "Invoice/DocumentType")).as("a credit note").isEqualTo("2");
            assertThat(x(xml, "Invoice/OriginalDocumentReferences/OriginalDocumentReference/ID"))
                    .isEqualTo(invoice.get("number").asString());
            assertThat(x(xml, "Invoice/OriginalDocumentReferences/OriginalDocumentReference/IssueDate"))
                    .isEqualTo(invoice.get("issueDate").asString());
            assertThat(x(xml, "Invoice/OriginalDocumentReferences/OriginalDocumentReference/UUID"))
                    .isEqualTo(x(parse(isdoc(api, invoice)), "Invoice/UUID"));
            assertThat(x(xml, "Invoice/Note")).contains("Vráceno zboží");
            assertThat(x(xml, "Invoice/InvoiceLines/InvoiceLine[1]/InvoicedQuantity"))
                    .as("a credit note gives what goes back as positive amounts").isEqualTo("1");
            amountsMatch(xml, correction, false, BigDecimal.ONE.negate());
            assertThat(x(xml, "Invoice/PaymentMeans")).as("the buyer pays nothing on a credit note").isEmpty();
        }
        finally {
            seller(before);
        }
    }

    @Test
    void reverse_charge_for_an_eu_business_buyer_charges_no_vat_and_says_who_accounts_for_it() throws Exception {
        Map<String, String> before = seller(CZECH_SELLER);
        try {
            Http api = api(testUsers.create(Role.SALES));
            long buyer = company(api, "Maschinenbau " + UUID.randomUUID(), "DE", "DE811569869");
            JsonNode invoice = issue(api, """
                    {"companyId": %d, "language": "cs", "reverseCharge": true, "lines": [
                     {"description": "Servis", "quantity": 2, "unitPrice": 800, "taxRate": 21}]}""".formatted(buyer));
            byte[] file = isdoc(api, invoice);
            assertThat(IsdocSchema.errors(file)).isEmpty();
            Document xml = parse(file);
            assertThat(x(xml, "Invoice/VATApplicable")).isEqualTo("true");
            assertThat(x(xml, "Invoice/Note")).isEqualTo("Přenesená daňová povinnost: daň odvede odběratel.");
            assertThat(x(xml, "Invoice/InvoiceLines/InvoiceLine/ClassifiedTaxCategory/Percent")).isEqualTo("0");
            assertThat(x(xml, "Invoice/InvoiceLines/InvoiceLine/ClassifiedTaxCategory/VATCalculationMethod"))
                    .isEqualTo("0");
            assertThat(x(xml, "Invoice/InvoiceLines/InvoiceLine/ClassifiedTaxCategory/VATApplicable"))
                    .isEqualTo("false");
            assertThat(x(xml, "Invoice/InvoiceLines/InvoiceLine/VATNote")).contains("daň odvede odběratel");
            assertThat(x(xml, "Invoice/AccountingCustomerParty/Party/PartyTaxScheme/CompanyID"))
                    .isEqualTo("DE811569869");
            assertThat(x(xml, "Invoice/TaxTotal/TaxAmount")).isEqualTo("0.00");
            amountsMatch(xml, invoice, false, BigDecimal.ONE);

            // the correction's reason and the reverse-charge note are separate notes, never run together
            Http.Response made = api.postJson("/api/v1/invoices/" + invoice.get("id").asLong() + "/corrections", """
                    {"reason": "Méně hodin", "lines": [{"description": "Servis", "quantity": -1}]}""");
            assertThat(made.status()).as(made.body()).isEqualTo(201);
            byte[] correctionFile = isdoc(api, made.json());
            assertThat(IsdocSchema.errors(correctionFile)).isEmpty();
            Document correction = parse(correctionFile);
            assertThat(x(correction, "Invoice/Note")).isEqualTo("Méně hodin");
            assertThat(x(correction, "Invoice/Note/@languageID")).isEqualTo("cs");
            assertThat(x(correction, "Invoice/InvoiceLines/InvoiceLine/VATNote"))
                    .isEqualTo("Přenesená daňová povinnost: daň odvede odběratel.");
            assertThat(x(correction, "Invoice/InvoiceLines/InvoiceLine/VATNote/@languageID")).isEqualTo("cs");
        }
        finally {
            seller(before);
        }
    }

    @Test
    void a_foreign_currency_invoice_gives_both_currencies_at_the_invoices_frozen_rate() throws Exception {
        Map<String, String> before = seller(CZECH_SELLER);
        try {
            Http admin = apiAs(Role.ADMIN);
            LocalDate wanted = rates.workingDays().lastBefore(LocalDate.now());
            assertThat(admin.postJson("/api/v1/exchange-rates", """
                    {"currency": "EUR", "rate": 4.2537, "validFrom": "%s", "tableNumber": "236/A/NBP/2026"}"""
                    .formatted(wanted)).status()).isEqualTo(201);
            long buyer = czechCompany(admin, null);
            JsonNode invoice = issue(admin, """
                    {"companyId": %d, "currency": "EUR", "language": "cs", "lines": [
                     {"description": "Licence", "quantity": 3, "unitPrice": 333.33, "taxRate": 21},
                     {"description": "Podpora", "quantity": 1, "unitPrice": 99.99, "taxRate": 21}]}"""
                    .formatted(buyer));
            BigDecimal rate = invoice.get("exchangeRate").decimalValue();
            byte[] file = isdoc(admin, invoice);
            assertThat(IsdocSchema.errors(file)).isEmpty();
            Document xml = parse(file);
            assertThat(x(xml, "Invoice/LocalCurrencyCode")).isEqualTo(rates.companyCurrency());
            assertThat(x(xml, "Invoice/ForeignCurrencyCode")).isEqualTo("EUR");
            assertThat(new BigDecimal(x(xml, "Invoice/CurrRate"))).isEqualByComparingTo(rate);
            assertThat(x(xml, "Invoice/RefCurrRate")).isEqualTo("1");
            amountsMatch(xml, invoice, true, BigDecimal.ONE);
            assertThat(new BigDecimal(x(xml, "Invoice/TaxTotal/TaxAmount"))).as("the VAT the PDF prints in "
                    + rates.companyCurrency()).isEqualByComparingTo(invoice.get("taxTotalInCompanyCurrency")
                            .decimalValue());
            assertThat(new BigDecimal(x(xml, "Invoice/LegalMonetaryTotal/TaxExclusiveAmount")))
                    .isEqualByComparingTo(invoice.get("netTotal").decimalValue().multiply(rate)
                            .setScale(2, java.math.RoundingMode.HALF_UP));
            assertThat(new BigDecimal(x(xml, "Invoice/PaymentMeans/Payment/PaidAmount"))).as("what the buyer pays")
                    .isEqualByComparingTo(invoice.get("grossTotal").decimalValue());
        }
        finally {
            seller(before);
        }
    }

    @Test
    void the_demo_case_a_polish_seller_invoicing_a_czech_customer_in_czk_is_isdoc_too() throws Exception {
        Map<String, String> before = seller(Map.of("country", "PL", "taxRates", "23,8,5,0", "taxId", "5261040828",
                "vatId", "PL5261040828", "registrationNumber", "016298263",
                "bankAccount", "PL61 1090 1014 0000 0712 1981 2874"));
        try {
            Http admin = apiAs(Role.ADMIN);
            LocalDate wanted = rates.workingDays().lastBefore(LocalDate.now());
            assertThat(admin.postJson("/api/v1/exchange-rates", """
                    {"currency": "CZK", "rate": 0.1712, "validFrom": "%s", "tableNumber": "236/A/NBP/2026"}"""
                    .formatted(wanted)).status()).isEqualTo(201);
            long buyer = czechCompany(admin, null);
            JsonNode invoice = issue(admin, """
                    {"companyId": %d, "currency": "CZK", "language": "cs", "lines": [
                     {"description": "Čerpadlo", "quantity": 2, "unitPrice": 12500, "taxRate": 23},
                     {"description": "Kniha", "quantity": 1, "unitPrice": 450, "taxRate": 5}]}""".formatted(buyer));
            byte[] file = isdoc(admin, invoice);
            assertThat(IsdocSchema.errors(file)).isEmpty();
            Document xml = parse(file);
            assertThat(x(xml, "Invoice/ForeignCurrencyCode")).isEqualTo("CZK");
            assertThat(x(xml, "Invoice/AccountingSupplierParty/Party/PartyIdentification/ID")).isEqualTo("016298263");
            assertThat(x(xml, "Invoice/AccountingSupplierParty/Party/PartyTaxScheme[1]/CompanyID"))
                    .isEqualTo("PL5261040828");
            assertThat(x(xml, "Invoice/AccountingSupplierParty/Party/PartyTaxScheme[2]/CompanyID"))
                    .isEqualTo("5261040828");
            assertThat(x(xml, "Invoice/AccountingSupplierParty/Party/PartyTaxScheme[2]/TaxScheme")).isEqualTo("TIN");
            assertThat(x(xml, "Invoice/PaymentMeans/Payment/Details/IBAN")).isEqualTo("PL61109010140000071219812874");
            assertThat(rateRows(xml)).containsExactly("23:true", "5:true");
            amountsMatch(xml, invoice, true, BigDecimal.ONE);
        }
        finally {
            seller(before);
        }
    }

    @Test
    void only_czech_invoices_have_an_isdoc_file_and_the_page_links_it_beside_the_pdf() throws Exception {
        Map<String, String> before = seller(Map.of("country", "PL", "taxRates", "23,8,5,0"));
        try {
            UserSummary seller = testUsers.create(Role.SALES);
            Http api = api(seller);
            long polishBuyer = company(api, "Hurtownia " + UUID.randomUUID(), "PL", null);
            JsonNode polish = issue(api, """
                    {"companyId": %d, "lines": [{"description": "Pompa", "quantity": 1, "unitPrice": 100,
                     "taxRate": 23}]}""".formatted(polishBuyer));
            long polishId = polish.get("id").asLong();
            assertThat(api.get("/api/v1/invoices/" + polishId + "/isdoc").status()).isEqualTo(404);
            Http browser = signedIn(seller);
            assertThat(browser.get("/invoices/" + polishId + "/isdoc").status()).isEqualTo(404);
            assertThat(browser.get("/invoices/" + polishId).body()).doesNotContain("/isdoc");

            JsonNode czech = issue(api, """
                    {"companyId": %d, "lines": [{"description": "Pompa", "quantity": 1, "unitPrice": 100,
                     "taxRate": 23}]}""".formatted(czechCompany(api, null)));
            long czechId = czech.get("id").asLong();
            assertThat(browser.get("/invoices/" + czechId).body()).contains("/invoices/" + czechId + "/isdoc");
            HttpResponse<byte[]> download = raw(tokens.issue(testUsers.create(Role.READ_ONLY)),
                    "/api/v1/invoices/" + czechId + "/isdoc");
            assertThat(download.statusCode()).as("whoever reads the invoice").isEqualTo(200);
            assertThat(download.headers().firstValue("Content-Type").orElse("")).startsWith("application/xml");
            assertThat(download.headers().firstValue("Content-Disposition").orElse(""))
                    .contains("attachment").contains(czech.get("number").asString().replaceAll("[^A-Za-z0-9._-]", "-")
                            + ".isdoc");
            assertThat(IsdocSchema.errors(download.body())).isEmpty();
            assertThat(browser.get("/invoices/" + czechId + "/isdoc").status()).isEqualTo(200);
        }
        finally {
            seller(before);
        }
    }

    /** Lines, rate rows and totals of the file against the invoice's own; {@code sign} -1 for a credit note. */
    private static void amountsMatch(Document xml, JsonNode invoice, boolean foreign, BigDecimal sign)
            throws Exception {
        String suffix = foreign ? "Curr" : "";
        JsonNode byRate = invoice.get("byRate");
        assertThat(count(xml, "Invoice/TaxTotal/TaxSubTotal")).isEqualTo(byRate.size());
        BigDecimal localTax = BigDecimal.ZERO;
        for (int i = 0; i < byRate.size(); i++) {
            String sub = "Invoice/TaxTotal/TaxSubTotal[" + (i + 1) + "]/";
            assertThat(amount(xml, sub + "TaxableAmount" + suffix)).isEqualByComparingTo(byRate.get(i).get("net")
                    .decimalValue().multiply(sign));
            assertThat(amount(xml, sub + "TaxAmount" + suffix)).isEqualByComparingTo(byRate.get(i).get("tax")
                    .decimalValue().multiply(sign));
            assertThat(amount(xml, sub + "TaxInclusiveAmount" + suffix)).isEqualByComparingTo(byRate.get(i)
                    .get("gross").decimalValue().multiply(sign));
            assertThat(amount(xml, sub + "TaxCategory/Percent")).isEqualByComparingTo(byRate.get(i).get("rate")
                    .decimalValue());
            localTax = localTax.add(amount(xml, sub + "TaxAmount"));
        }
        assertThat(amount(xml, "Invoice/TaxTotal/TaxAmount")).isEqualByComparingTo(localTax);
        assertThat(amount(xml, "Invoice/TaxTotal/TaxAmount" + suffix)).isEqualByComparingTo(invoice.get("taxTotal")
                .decimalValue().multiply(sign));
        assertThat(amount(xml, "Invoice/LegalMonetaryTotal/TaxExclusiveAmount" + suffix))
                .isEqualByComparingTo(invoice.get("netTotal").decimalValue().multiply(sign));
        assertThat(amount(xml, "Invoice/LegalMonetaryTotal/TaxInclusiveAmount" + suffix))
                .isEqualByComparingTo(invoice.get("grossTotal").decimalValue().multiply(sign));
        assertThat(amount(xml, "Invoice/LegalMonetaryTotal/PayableAmount" + suffix))
                .isEqualByComparingTo(invoice.get("grossTotal").decimalValue().multiply(sign));
        // the lines add up to the totals in both currencies
        for (String currency : foreign ? List.of("", "Curr") : List.of("")) {
            BigDecimal net = BigDecimal.ZERO;
            BigDecimal gross = BigDecimal.ZERO;
            int lines = count(xml, "Invoice/InvoiceLines/InvoiceLine");
            for (int i = 1; i <= lines; i++) {
                net = net.add(amount(xml, "Invoice/InvoiceLines/InvoiceLine[" + i + "]/LineExtensionAmount"
                        + currency));
                gross = gross.add(amount(xml, "Invoice/InvoiceLines/InvoiceLine[" + i
                        + "]/LineExtensionAmountTaxInclusive" + currency));
            }
            assertThat(net).isEqualByComparingTo(amount(xml, "Invoice/LegalMonetaryTotal/TaxExclusiveAmount"
                    + currency));
            assertThat(gross).isEqualByComparingTo(amount(xml, "Invoice/LegalMonetaryTotal/TaxInclusiveAmount"
                    + currency));
        }
        for (int i = 0; i < invoice.get("lines").size(); i++) {
            assertThat(amount(xml, "Invoice/InvoiceLines/InvoiceLine[" + (i + 1) + "]/LineExtensionAmount" + suffix))
                    .isEqualByComparingTo(invoice.get("lines").get(i).get("netAmount").decimalValue().multiply(sign));
        }
    }

    /** Each rate row as "percent:VAT applicable". */
    private static List<String> rateRows(Document xml) throws Exception {
        List<String> rows = new java.util.ArrayList<>();
        for (int i = 1; i <= count(xml, "Invoice/TaxTotal/TaxSubTotal"); i++) {
            String sub = "Invoice/TaxTotal/TaxSubTotal[" + i + "]/TaxCategory/";
            rows.add(x(xml, sub + "Percent") + ":" + x(xml, sub + "VATApplicable"));
        }
        return rows;
    }

    private long czechCompany(Http api, String vatId) {
        Http.Response made = api.postJson("/api/v1/companies", """
                {"name": "Strojírny %s", "country": "CZ", "taxId": "CZ45274649", "registrationNumber": "45274649",
                 %s "billingAddress": {"street": "Dlouhá 12", "city": "Brno", "postalCode": "602 00",
                 "country": "CZ"}}""".formatted(UUID.randomUUID(), vatId == null ? "" : "\"vatId\": \"" + vatId
                + "\","));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json().get("id").asLong();
    }

    private static JsonNode issue(Http api, String body) {
        Http.Response issued = api.postJson("/api/v1/invoices", body);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json();
    }

    private byte[] isdoc(Http api, JsonNode invoice) throws Exception {
        Http.Response response = api.get("/api/v1/invoices/" + invoice.get("id").asLong() + "/isdoc");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private HttpResponse<byte[]> raw(String token, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static Document parse(byte[] file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(file));
    }

    /** The text at a path of local names ("Invoice/TaxTotal/TaxAmount", with [n] and @attribute). */
    static String x(Document xml, String path) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(xpath(path), xml);
    }

    static int count(Document xml, String path) throws Exception {
        return ((NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath(path), xml, XPathConstants.NODESET))
                .getLength();
    }

    private static BigDecimal amount(Document xml, String path) throws Exception {
        String value = x(xml, path);
        assertThat(value).as(path).isNotEmpty();
        return new BigDecimal(value);
    }

    private static String xpath(String path) {
        StringBuilder xpath = new StringBuilder();
        for (String step : path.split("/")) {
            if (step.startsWith("@")) {
                xpath.append('/').append(step);
                continue;
            }
            int bracket = step.indexOf('[');
            String name = bracket < 0 ? step : step.substring(0, bracket);
            xpath.append("/*[local-name()='").append(name).append("']").append(bracket < 0 ? "" : step.substring(
                    bracket));
        }
        return xpath.toString();
    }
}
