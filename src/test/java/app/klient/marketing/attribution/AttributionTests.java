package app.klient.marketing.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * UTM travels from a lead to what it becomes; campaign reports credit what followed to the last (or first) touch
 * within the window; the keyword report sets revenue against imported ad costs. Real database, real HTTP.
 */
class AttributionTests extends WebTest {

    private final String s = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void usualSettings() {
        jdbc.sql("update attribution_settings set window_days = 30, model = 'LAST_TOUCH', count_opens = false")
                .update();
    }

    record Converted(long lead, long contact, long company, long deal) {
    }

    /** A lead (with these UTM values, or none) converted with a deal; its company gets the address invoices need. */
    private Converted convertedLead(Http api, String utmCampaign, String utmTerm) {
        String utm = utmCampaign == null && utmTerm == null ? "" : """
                "utmSource": "google", "utmMedium": "cpc", "utmCampaign": %s, "utmTerm": %s,""".formatted(
                utmCampaign == null ? "null" : "\"" + utmCampaign + "\"", utmTerm == null ? "null" : "\"" + utmTerm + "\"");
        Http.Response made = api.postJson("/api/v1/leads", """
                {"lastName": "Lead %s", "email": "lead-%s@attribution.test", "companyName": "Firma %s", %s
                 "country": "PL"}""".formatted(s, UUID.randomUUID(), s, utm));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        JsonNode lead = api.postJson("/api/v1/leads/" + made.json().get("id").asLong() + "/status",
                "{\"status\": \"QUALIFIED\", \"version\": " + made.json().get("version").asInt() + "}").json();
        Http.Response converted = api.postJson("/api/v1/leads/" + lead.get("id").asLong() + "/convert",
                "{\"createDeal\": true, \"version\": " + lead.get("version").asInt() + "}");
        assertThat(converted.status()).as(converted.body()).isEqualTo(200);
        JsonNode conversion = converted.json();
        long company = conversion.get("companyId").asLong();
        JsonNode read = api.get("/api/v1/companies/" + company).json();
        assertThat(api.patchJson("/api/v1/companies/" + company, """
                {"billingAddress": {"street": "ul. Piotrkowska 1", "city": "Łódź", "postalCode": "90-001",
                 "country": "PL"}, "version": %d}""".formatted(read.get("version").asInt())).status())
                .isEqualTo(200);
        return new Converted(lead.get("id").asLong(), conversion.get("contactId").asLong(), company,
                conversion.get("dealId").asLong());
    }

    private long invoice(Http api, Converted c, int net) {
        Http.Response issued = api.postJson("/api/v1/invoices", """
                {"companyId": %d, "contactId": %d, "currency": "PLN", "lines": [{"description": "Licence",
                 "quantity": 1, "unitPrice": %d, "taxRate": 23}]}""".formatted(c.company(), c.contact(), net));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json().get("id").asLong();
    }

    private long campaign(String name, String utm) {
        return jdbc.sql("""
                insert into campaigns (name, purpose_id, utm_campaign, state, started_at)
                values (:name, (select id from consent_purposes where key = 'newsletter'), :utm, 'SENT', now() - interval '5 days')
                returning id""").param("name", name).param("utm", utm).query(Long.class).single();
    }

    private void clicked(long campaign, long contact, Instant at) {
        jdbc.sql("""
                insert into campaign_recipients (campaign_id, contact_id, address, state, at, opened_at, clicked_at)
                values (:c, :p, 'x@attribution.test', 'SENT', :at, :at, :at) on conflict do nothing""")
                .param("c", campaign).param("p", contact).param("at", Timestamp.from(at)).update();
        long link = jdbc.sql("""
                insert into campaign_links (campaign_id, url) values (:c, 'https://klient.test/offer')
                on conflict (campaign_id, url) do update set url = excluded.url returning id""")
                .param("c", campaign).query(Long.class).single();
        jdbc.sql("insert into marketing_events (campaign_id, contact_id, kind, link_id, at) values (:c, :p, 'CLICK', :l, :at)")
                .param("c", campaign).param("p", contact).param("l", link).param("at", Timestamp.from(at)).update();
    }

    /** Moves what a conversion made to a moment, so touches can come before it. */
    private void happenedAt(Converted c, Instant at) {
        jdbc.sql("update leads set created_at = :at where id = :id").param("at", Timestamp.from(at))
                .param("id", c.lead()).update();
        jdbc.sql("update deals set created_at = :at where id = :id").param("at", Timestamp.from(at))
                .param("id", c.deal()).update();
    }

    @Test
    void utm_of_a_lead_travels_to_its_contact_deal_quote_order_and_invoice() {
        Http api = apiAs(Role.SALES);
        Converted c = convertedLead(api, "spring-" + s, "crm software " + s);
        JsonNode quote = api.postJson("/api/v1/quotes", """
                {"dealId": %d, "companyId": %d, "contactId": %d, "currency": "PLN", "lines": [{"description": "Licence",
                 "quantity": 2, "unitPrice": 500, "taxRate": 23}]}""".formatted(c.deal(), c.company(), c.contact()))
                .json();
        JsonNode order = api.postJson("/api/v1/quotes/" + quote.get("id").asLong() + "/accept",
                "{\"version\": " + quote.get("version").asInt() + "}").json();
        Http.Response invoice = api.postJson("/api/v1/invoices", "{\"orderId\": " + order.get("id").asLong() + "}");
        assertThat(invoice.status()).as(invoice.body()).isEqualTo(201);

        for (String[] record : new String[][] { { "contacts", String.valueOf(c.contact()) },
                { "deals", String.valueOf(c.deal()) }, { "quotes", quote.get("id").asString() },
                { "orders", order.get("id").asString() }, { "invoices", invoice.json().get("id").asString() } }) {
            assertThat(jdbc.sql("select concat_ws('|', utm_source, utm_medium, utm_campaign, utm_term) from "
                    + record[0] + " where id = :id").param("id", Long.parseLong(record[1])).query(String.class)
                    .single()).as(record[0]).isEqualTo("google|cpc|spring-" + s + "|crm software " + s);
        }
    }

    @Test
    void campaign_report_credits_the_last_touch_within_the_window_and_counts_roi() {
        Http api = apiAs(Role.SALES);
        Http marketer = apiAs(Role.MARKETING);
        long spring = campaign("Spring " + s, "spring-" + s);
        long summer = campaign("Summer " + s, "summer-" + s);
        Converted c = convertedLead(api, null, null);
        Instant now = Instant.now();
        happenedAt(c, now.minus(1, ChronoUnit.HOURS));
        clicked(spring, c.contact(), now.minus(3, ChronoUnit.DAYS));
        invoice(api, c, 1000);
        // a lead that came through the campaign's link and is not a contact yet counts by its UTM
        api.postJson("/api/v1/leads", """
                {"lastName": "Visitor %s", "utmSource": "newsletter", "utmMedium": "email", "utmCampaign": "spring-%s"}"""
                .formatted(s, s));

        JsonNode report = marketer.get("/api/v1/marketing/campaigns/" + spring + "/report").json();
        assertThat(report.at("/funnel/sent").asLong()).isEqualTo(1);
        assertThat(report.at("/funnel/clicked").asLong()).isEqualTo(1);
        assertThat(report.at("/links/0/clicks").asLong()).isEqualTo(1);
        assertThat(report.at("/attributed/leads").asLong()).isEqualTo(2);
        assertThat(report.at("/attributed/deals").asLong()).isEqualTo(1);
        assertThat(report.at("/attributed/invoices").asLong()).isEqualTo(1);
        assertThat(report.at("/attributed/revenue").decimalValue()).isEqualByComparingTo("1000");
        assertThat(report.at("/roi").isNull()).isTrue();

        JsonNode costed = marketer.putJson("/api/v1/marketing/campaigns/" + spring + "/cost",
                "{\"cost\": 400, \"version\": " + report.get("version").asInt() + "}").json();
        assertThat(costed.get("roi").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(marketer.putJson("/api/v1/marketing/campaigns/" + spring + "/cost",
                "{\"cost\": 500, \"version\": " + report.get("version").asInt() + "}").status())
                .as("a cost entered from an old version").isEqualTo(409);
        assertThat(api.putJson("/api/v1/marketing/campaigns/" + spring + "/cost",
                "{\"cost\": 1, \"version\": " + costed.get("version").asInt() + "}").status())
                .as("a salesperson does not enter marketing costs").isEqualTo(403);

        // a later click in another campaign takes the credit (last touch)
        clicked(summer, c.contact(), now.minus(2, ChronoUnit.DAYS));
        JsonNode after = marketer.get("/api/v1/marketing/campaigns/" + spring + "/report").json();
        assertThat(after.at("/attributed/deals").asLong()).isZero();
        assertThat(after.at("/attributed/revenue").decimalValue()).isEqualByComparingTo("0");
        assertThat(after.at("/roi").decimalValue()).isEqualByComparingTo("-1");
        JsonNode summerReport = marketer.get("/api/v1/marketing/campaigns/" + summer + "/report").json();
        assertThat(summerReport.at("/attributed/deals").asLong()).isEqualTo(1);
        assertThat(summerReport.at("/attributed/revenue").decimalValue()).isEqualByComparingTo("1000");

        // the administrator chooses the first touch: the credit goes back to spring
        Http admin = apiAs(Role.ADMIN);
        int version = admin.get("/api/v1/marketing/attribution/settings").json().get("version").asInt();
        assertThat(marketer.putJson("/api/v1/marketing/attribution/settings", """
                {"windowDays": 30, "model": "FIRST_TOUCH", "version": %d}""".formatted(version)).status())
                .isEqualTo(403);
        assertThat(admin.putJson("/api/v1/marketing/attribution/settings", """
                {"windowDays": 30, "model": "FIRST_TOUCH", "version": %d}""".formatted(version)).status())
                .isEqualTo(200);
        assertThat(marketer.get("/api/v1/marketing/campaigns/" + spring + "/report").json()
                .at("/attributed/deals").asLong()).isEqualTo(1);

        // a window shorter than the time since the click credits nothing to either
        admin.putJson("/api/v1/marketing/attribution/settings", """
                {"windowDays": 1, "model": "LAST_TOUCH", "version": %d}""".formatted(version + 1));
        assertThat(marketer.get("/api/v1/marketing/campaigns/" + spring + "/report").json()
                .at("/attributed/deals").asLong()).isZero();
        assertThat(marketer.get("/api/v1/marketing/campaigns/" + summer + "/report").json()
                .at("/attributed/deals").asLong()).isZero();

        Http page = signedInAs(Role.MARKETING);
        Http.Response shown = page.get("/marketing/campaigns/" + spring + "/report");
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).contains("Spring " + s).contains("klient.test/offer").contains("<svg");
        assertThat(page.get("/marketing/campaigns/987654321/report").status()).isEqualTo(404);
    }

    @Test
    void keyword_report_sets_revenue_against_ad_costs_with_roi_and_payback_time() {
        Http api = apiAs(Role.SALES);
        Http marketer = apiAs(Role.MARKETING);
        String keyword = "crm software " + s;
        LocalDate today = LocalDate.now();
        String csv = "Day,Keyword,Campaign,Cost,Clicks\n" + today.minusDays(10) + "," + keyword + ",Search,100.00,40\n"
                + today.minusDays(5) + "," + keyword + ",Search,\"100,00\",35\n";
        Http.Response imported = marketer.postRaw("/api/v1/marketing/ad-costs/import", "text/csv", csv);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("rows").asInt()).isEqualTo(2);

        Converted c = convertedLead(api, "search-" + s, keyword);
        long invoice = invoice(api, c, 300);
        LocalDate issued = jdbc.sql("select issue_date from invoices where id = :id").param("id", invoice)
                .query(LocalDate.class).single();

        JsonNode rows = marketer.get("/api/v1/marketing/keywords?from=" + today.minusDays(30) + "&to="
                + today.plusDays(1) + "&size=200").json().get("items");
        JsonNode row = null;
        for (JsonNode r : rows) {
            if (r.get("keyword").asString().equals(keyword)) {
                row = r;
            }
        }
        assertThat(row).as("the keyword's row").isNotNull();
        assertThat(row.get("leads").asLong()).isEqualTo(1);
        assertThat(row.get("customers").asLong()).isEqualTo(1);
        assertThat(row.get("cost").decimalValue()).isEqualByComparingTo("200");
        assertThat(row.get("revenue").decimalValue()).isEqualByComparingTo("300");
        assertThat(row.get("roi").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(row.get("clicks").asLong()).isEqualTo(75);
        assertThat(row.get("costPerLead").decimalValue()).isEqualByComparingTo("200");
        assertThat(row.get("paybackDays").asInt()).isEqualTo((int) ChronoUnit.DAYS.between(today.minusDays(10), issued));

        assertThat(marketer.get("/api/v1/marketing/keywords?from=2026-02-01&to=2026-01-01").status()).isEqualTo(400);
        assertThat(marketer.get("/api/v1/marketing/keywords?sort=secret").status()).isEqualTo(400);
        Http.Response page = signedInAs(Role.SALES).get("/marketing/keywords?from=" + today.minusDays(30));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(keyword);
        assertThat(signedInAs(Role.SALES).get("/marketing/keywords/costs?keyword=" + keyword.replace(" ", "+"))
                .body()).contains("Search");
    }

    @Test
    void unit_rules_of_touches_amounts_and_payback() {
        Instant at = Instant.parse("2026-06-10T12:00:00Z");
        Touch early = new Touch(1, at.minus(20, ChronoUnit.DAYS), 1L, null, null);
        Touch late = new Touch(1, at.minus(2, ChronoUnit.DAYS), 2L, null, null);
        Touch after = new Touch(1, at.plusSeconds(1), 3L, null, null);
        var touches = java.util.List.of(early, late, after);
        assertThat(Touch.credited(touches, at, java.time.Duration.ofDays(30), AttributionModel.LAST_TOUCH))
                .contains(late);
        assertThat(Touch.credited(touches, at, java.time.Duration.ofDays(30), AttributionModel.FIRST_TOUCH))
                .contains(early);
        assertThat(Touch.credited(touches, at, java.time.Duration.ofDays(10), AttributionModel.FIRST_TOUCH))
                .contains(late);
        assertThat(Touch.credited(touches, at, java.time.Duration.ofDays(1), AttributionModel.LAST_TOUCH)).isEmpty();

        assertThat(AdCosts.amount("1,234.56")).isEqualByComparingTo("1234.56");
        assertThat(AdCosts.amount("1 234,56 zł")).isEqualByComparingTo("1234.56");
        assertThat(AdCosts.amount("PLN 7")).isEqualByComparingTo("7");
        assertThat(AdCosts.amount("1.234")).isEqualByComparingTo("1234");
        assertThat(AdCosts.amount("abc")).isNull();
        assertThat(AdCosts.day("31.12.2026")).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(AdCosts.day("2026-02-30")).isNull();

        var earned = new java.util.TreeMap<LocalDate, BigDecimal>();
        LocalDate d = LocalDate.of(2026, 3, 1);
        BigDecimal spent = new BigDecimal("200");
        earned.put(d.plusDays(2), new BigDecimal("150"));
        assertThat(KeywordReport.payback(d, spent, earned)).as("150 does not cover the 200 spent").isNull();
        earned.put(d.plusDays(7), new BigDecimal("60"));
        assertThat(KeywordReport.payback(d, spent, earned)).isEqualTo(7);
        assertThat(KeywordReport.payback(null, BigDecimal.ZERO, earned)).isNull();
    }
}
