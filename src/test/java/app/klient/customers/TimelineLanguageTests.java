package app.klient.customers;

import static org.assertj.core.api.Assertions.assertThat;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What happened is kept as a code and its values: whoever caused it, each reader reads the card in their own
 * language and number format.
 */
class TimelineLanguageTests extends WebTest {

    private static final String NBSP = "\u00a0";

    @Test
    void a_deal_a_polish_seller_won_reads_in_czech_and_english_with_each_readers_number_format() {
        UserSummary polish = testUsers.create(Role.SALES, "pl");
        UserSummary czech = testUsers.create(Role.MANAGER, "cs");
        UserSummary english = testUsers.create(Role.MANAGER, "en");
        Http seller = api(polish).language("pl");
        long company = seller.postJson("/api/v1/companies", "{\"name\":\"Słowa Sp. z o.o.\"}").json().get("id")
                .asLong();
        long[] stages = labelledPipeline();
        JsonNode deal = seller.postJson("/api/v1/deals", """
                {"name": "Linia pakująca", "companyId": %d, "pipelineId": %d, "stageId": %d, "amount": 1216,
                 "currency": "PLN"}""".formatted(company, stages[0], stages[1])).json();
        long id = deal.get("id").asLong();
        deal = seller.postJson("/api/v1/deals/" + id + "/stage", "{\"stageId\": %d, \"version\": %d}"
                .formatted(stages[2], deal.get("version").asInt())).json();
        seller.postJson("/api/v1/deals/" + id + "/won", "{\"version\": " + deal.get("version").asInt() + "}");

        JsonNode inCzech = api(czech).get("/api/v1/companies/" + company + "/timeline?lang=cs").json();
        assertThat(body(inCzech, "DEAL_WON")).isEqualTo("Vyhráno za 1" + NBSP + "216,00 PLN");
        assertThat(body(inCzech, "DEAL_MOVED")).isEqualTo("Kvalifikace → Analýza potřeb");
        assertThat(body(inCzech, "DEAL_CREATED")).isEqualTo("Fáze: Kvalifikace");
        JsonNode inEnglish = api(english).language("en").get("/api/v1/companies/" + company + "/timeline").json();
        assertThat(body(inEnglish, "DEAL_WON")).isEqualTo("Won for 1,216.00 PLN");
        assertThat(body(inEnglish, "DEAL_MOVED")).isEqualTo("Qualification → Needs analysis");

        JsonNode code = entry(inEnglish, "DEAL_WON").get("bodyCode");
        assertThat(code.get("key").asString()).isEqualTo("timeline.deal.won");
        assertThat(code.get("args").get(0).get("type").asString()).isEqualTo("money");
        assertThat(code.get("args").get(0).get("value").asString()).isEqualTo("1216.00");
        assertThat(code.get("args").get(0).get("currency").asString()).isEqualTo("PLN");

        String czechCard = signedIn(czech).get("/companies/" + company).body();
        assertThat(czechCard).contains("Vyhráno za 1" + NBSP + "216,00 PLN").contains("Kvalifikace → Analýza potřeb")
                .doesNotContain("Wygrana").doesNotContain("1216.00");
        assertThat(signedIn(english).get("/companies/" + company).body()).contains("Won for 1,216.00 PLN");
        assertThat(signedIn(polish).get("/companies/" + company).body())
                .contains("Wygrana na kwotę 1" + NBSP + "216,00 PLN").contains("Kwalifikacja → Analiza potrzeb");
    }

    @Test
    void a_converted_lead_from_the_web_form_names_its_source_in_the_readers_words_on_the_card_and_its_deal() {
        UserSummary polish = testUsers.create(Role.SALES, "pl");
        UserSummary czech = testUsers.create(Role.MANAGER, "cs");
        Http seller = api(polish).language("pl");
        long lead = seller.postJson("/api/v1/leads", """
                {"lastName": "Formularzowy", "companyName": "Z formularza s.r.o.", "ownerId": %d}"""
                .formatted(polish.id())).json().get("id").asLong();
        jdbc.sql("update leads set source = 'WEB_FORM', utm_source = 'jaro' where id = :id").param("id", lead)
                .update();
        seller.postJson("/api/v1/leads/" + lead + "/status", "{\"status\": \"QUALIFIED\", \"version\": 0}");
        JsonNode conversion = seller.postJson("/api/v1/leads/" + lead + "/convert", "{\"createDeal\": true, "
                + "\"version\": " + seller.get("/api/v1/leads/" + lead).json().get("version").asInt() + "}").json();
        long contact = conversion.get("contactId").asLong();

        JsonNode inCzech = api(czech).language("cs").get("/api/v1/contacts/" + contact + "/timeline").json();
        assertThat(entry(inCzech, "LEAD_CONVERTED").get("title").asString())
                .isEqualTo("Zdroj: Webový formulář · jaro");
        assertThat(entry(inCzech, "LEAD_CONVERTED").get("titleCode").get("args").get(0).get("value").asString())
                .isEqualTo("lead.source.WEB_FORM");
        assertThat(signedIn(czech).get("/contacts/" + contact).body()).contains("Zdroj: Webový formulář · jaro")
                .doesNotContain("WEB_FORM");
        String dealPage = signedIn(czech).get("/deals/" + conversion.get("dealId").asLong()).body();
        assertThat(dealPage).as("the deal's source").contains("Webový formulář").doesNotContain("WEB_FORM");
        assertThat(api(polish).language("en").get("/api/v1/contacts/" + contact + "/timeline").json()
                .findValuesAsString("title")).contains("From: Web form · jaro");
    }

    @Test
    void entries_written_before_codes_read_in_the_readers_words_where_klient_wrote_them_and_as_written_elsewhere()
            throws Exception {
        Http manager = api(testUsers.create(Role.MANAGER, "cs"));
        long company = manager.postJson("/api/v1/companies", "{\"name\":\"Stará historie s.r.o.\"}").json().get("id")
                .asLong();
        for (String[] old : new String[][] { { "DEAL_WON", "Velká zakázka", "1216.00 PLN" },
            { "PAYMENT_RECEIVED", "FV/2026/11/7", "-20.50 CZK" }, { "SURVEY_ANSWERED", "T-000042", "CSAT 4/5, CES 2/7" },
            { "LEAD_CONVERTED", "WEB_FORM · jaro · qr", null }, { "DEAL_LOST", "Malá zakázka", "Za drogo" } }) {
            jdbc.sql("""
                    insert into timeline_entries (company_id, occurred_at, kind, title, body, source_module)
                    values (:company, now() - interval '1 day', :kind, :title, :body, 'sales')""")
                    .param("company", company).param("kind", old[0]).param("title", old[1]).param("body", old[2])
                    .update();
        }
        String migration = new String(getClass().getResourceAsStream("/db/migration/V030__words_coded_timeline.sql")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        for (String statement : migration.replaceAll("(?m)^--.*$", "").split(";")) {
            if (statement.strip().startsWith("update")) {
                jdbc.sql(statement).update();
            }
        }

        JsonNode inCzech = manager.get("/api/v1/companies/" + company + "/timeline").json();
        assertThat(body(inCzech, "DEAL_WON")).isEqualTo("Vyhráno za 1" + NBSP + "216,00 PLN");
        assertThat(body(inCzech, "PAYMENT_RECEIVED")).isEqualTo("Zaplaceno -20,50 CZK");
        assertThat(body(inCzech, "SURVEY_ANSWERED")).isEqualTo("Spokojenost 4/5, úsilí 2/7");
        assertThat(entry(inCzech, "LEAD_CONVERTED").get("title").asString())
                .isEqualTo("Zdroj: Webový formulář · jaro · qr");
        assertThat(body(inCzech, "DEAL_LOST")).as("what a person wrote stays as written").isEqualTo("Za drogo");
        assertThat(entry(inCzech, "DEAL_WON").get("title").asString()).isEqualTo("Velká zakázka");
        JsonNode inEnglish = manager.get("/api/v1/companies/" + company + "/timeline?lang=en").json();
        assertThat(body(inEnglish, "DEAL_WON")).isEqualTo("Won for 1,216.00 PLN");
        assertThat(body(inEnglish, "SURVEY_ANSWERED")).isEqualTo("Satisfaction 4/5, effort 2/7");
    }

    @Test
    void a_birthday_changed_on_the_card_reads_as_the_reader_writes_dates() {
        Http seller = api(testUsers.create(Role.SALES, "pl")).language("pl");
        JsonNode contact = seller.postJson("/api/v1/contacts", "{\"lastName\":\"Urodzinowa\"}").json();
        long id = contact.get("id").asLong();
        seller.putJson("/api/v1/contacts/" + id, "{\"lastName\":\"Urodzinowa\",\"birthday\":\"1985-04-12\","
                + "\"version\":" + contact.get("version").asInt() + "}");
        Http czech = signedIn(testUsers.create(Role.MANAGER, "cs"));
        assertThat(czech.get("/contacts/" + id).body()).contains("12. 4. 1985").doesNotContain("1985-04-12");
        assertThat(signedIn(testUsers.create(Role.MANAGER, "en")).get("/contacts/" + id).body())
                .contains("Apr 12, 1985");
    }

    /** A pipeline whose stages are named in the three languages, as the default pipeline's are. */
    private long[] labelledPipeline() {
        long pipeline = jdbc.sql("insert into pipelines (name, position) values (:name, 99) returning id")
                .param("name", "Words " + System.nanoTime()).query(Long.class).single();
        long first = stage(pipeline, "Qualification", "Kwalifikacja", "Kvalifikace", 0);
        long second = stage(pipeline, "Needs analysis", "Analiza potrzeb", "Analýza potřeb", 1);
        return new long[] { pipeline, first, second };
    }

    /** A stage the administrator named in the three languages. */
    private long stage(long pipeline, String name, String polish, String czech, int position) {
        return jdbc.sql("""
                insert into stages (pipeline_id, name, name_pl, name_cs, position, probability)
                values (:pipeline, :name, :pl, :cs, :position, 10) returning id""").param("pipeline", pipeline)
                .param("name", name).param("pl", polish).param("cs", czech).param("position", position)
                .query(Long.class).single();
    }

    private static JsonNode entry(JsonNode page, String kind) {
        for (JsonNode item : page.get("items")) {
            if (item.get("kind").asString().equals(kind)) {
                return item;
            }
        }
        throw new AssertionError("no " + kind + " in " + page);
    }

    private static String body(JsonNode page, String kind) {
        return entry(page, kind).get("body").asString();
    }
}
