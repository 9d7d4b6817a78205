package app.klient.analytics.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.AccessRules;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The models as people meet them: a customer's risk and reasons on the card and in the at-risk list, in the reader's
 * language and only for whoever may read the customer; the model care page for administrators and managers only;
 * training asked for by hand and taken up by the job; the lead page's prediction beside the rule score.
 */
class ModelPagesTests extends WebTest {

    @Autowired
    ModelTraining training;

    private long scoredCompany(Http api, String name, double probability) {
        long id = company(api, name, "PL", null);
        jdbc.sql("""
                insert into customer_scores (customer_kind, customer_id, recency_days, purchases, revenue, r_score,
                    f_score, m_score, churn_probability, churn_model, reasons)
                values ('company', :id, 210, 3, 42000, 1, 2, 4, :p, 1,
                    '[{"code": "overdue", "value": 210, "usual": 90}, {"code": "tickets", "value": 3}]')""")
                .param("id", id).param("p", probability).update();
        return id;
    }

    @Test
    void the_card_and_the_at_risk_list_tell_the_risk_and_its_reasons_in_the_readers_language() {
        UserSummary ewa = testUsers.create(Role.SALES, "pl");
        Http ewaApi = api(ewa);
        String name = "Risky " + System.nanoTime();
        long id = scoredCompany(ewaApi, name, 0.82);

        String polish = signedIn(ewa).get("/companies/" + id).body();
        assertThat(polish).contains("Ryzyko odejścia: 82 %").contains("Brak zakupu od 210 dni, zwykle co 90 dni")
                .contains("Zgłoszenia serwisowe w ostatnich 90 dniach: 3");
        UserSummary jana = testUsers.create(Role.SALES, "cs");
        assertThat(signedIn(jana).get("/companies/" + id).body()).contains("Bez nákupu 210 dní, obvykle jednou za 90 dní");

        JsonNode insight = ewaApi.get("/api/v1/companies/" + id + "/insight").json();
        assertThat(insight.get("churnProbability").asDouble()).isEqualTo(0.82);
        assertThat(insight.get("reasons").get(0).get("text").asString()).isEqualTo("Brak zakupu od 210 dni, zwykle co 90 dni");
        assertThat(insight.get("recencyScore").asInt()).isEqualTo(1);

        JsonNode mine = ewaApi.get("/api/v1/customers-at-risk?owner=" + ewa.id()).json();
        assertThat(mine.get("total").asLong()).isEqualTo(1);
        assertThat(mine.get("items").get(0).get("name").asString()).isEqualTo(name);
        assertThat(mine.get("items").get(0).get("valueAtRisk").decimalValue()).isEqualByComparingTo("34440.00");
        assertThat(signedIn(ewa).get("/analytics/customers-at-risk?owner=me").body()).contains(name)
                .contains("Brak zakupu od 210 dni");
        // below the minimum asked for, it is not listed
        assertThat(ewaApi.get("/api/v1/customers-at-risk?owner=" + ewa.id() + "&minimum=0.9").json().get("total")
                .asLong()).isZero();

        // a company nobody scored: 404 with a reason, not an empty insight
        long plain = company(ewaApi, "Plain " + System.nanoTime(), "PL", null);
        Http.Response none = ewaApi.get("/api/v1/companies/" + plain + "/insight");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.contentType()).startsWith("application/problem+json");
    }

    @Test
    void a_marketer_segments_the_people_of_customers_at_risk() {
        Http marketer = apiAs(Role.MARKETING);
        Http sales = apiAs(Role.SALES);
        String marker = "Segment risk " + System.nanoTime();
        long risky = scoredCompany(sales, marker + " risky", 0.91);
        long calm = scoredCompany(sales, marker + " calm", 0.2);
        long person = sales.postJson("/api/v1/contacts", "{\"firstName\": \"Ala\", \"lastName\": \"" + marker
                + "\", \"companyId\": " + risky + "}").json().get("id").asLong();
        long other = sales.postJson("/api/v1/contacts", "{\"firstName\": \"Ola\", \"lastName\": \"" + marker
                + "\", \"companyId\": " + calm + "}").json().get("id").asLong();
        JsonNode criteria = marketer.get("/api/v1/marketing/segment-criteria").json();
        assertThat(criteria.toString()).contains("models.churnRisk").contains("models.group");
        Http.Response preview = marketer.postJson("/api/v1/marketing/segments/preview", """
                {"match": "ALL", "groups": [{"match": "ALL", "rules": [
                  {"criterion": "models.churnRisk", "operator": "GE", "value": "90"},
                  {"criterion": "customers.lastName", "operator": "EQ", "value": "%s"}]}]}""".formatted(marker));
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.json().get("size").asLong()).isEqualTo(1);
        assertThat(preview.json().get("sample").get(0).get("contactId").asLong()).isEqualTo(person).isNotEqualTo(other);
    }

    @Test
    void a_customer_past_the_lost_after_days_reads_as_lost_not_as_safe() {
        Http api = apiAs(Role.SALES);
        long id = company(api, "Lapsed " + System.nanoTime(), "PL", null);
        jdbc.sql("""
                insert into customer_scores (customer_kind, customer_id, recency_days, purchases, revenue, r_score,
                    f_score, m_score) values ('company', :id, 410, 0, 0, 1, 1, 1)""").param("id", id).update();
        String card = signedInAs(Role.SALES).get("/companies/" + id).body();
        assertThat(card).contains("Counted as lost: no purchase for 410 days").doesNotContain("No churn risk");
        JsonNode insight = api.get("/api/v1/companies/" + id + "/insight").json();
        assertThat(insight.get("lost").asBoolean()).isTrue();
        assertThat(insight.get("lostAfterDays").asInt()).isEqualTo(365);
    }

    @Test
    void a_group_made_a_segment_twice_opens_the_one_segment() {
        jdbc.sql("update models set state = 'RETIRED' where kind = 'GROUPS' and state = 'ACTIVE'").update();
        CustomerGroups.Body body = new CustomerGroups.Body(365, List.of("recency"),
                new Learning.Centroids(List.of("recency"), new double[] { 0 }, new double[] { 1 },
                        new double[][] { { 0 } }), List.of(), List.of(),
                List.of(new CustomerGroups.Portrait(1, 0, 10, 1.0, 1.0, "PL", 1.0, "Software " + System.nanoTime(),
                        1.0, "SMALL", 1.0, 30, 1000, 4.5, 0.1, List.of())), new double[] { 0.5 }, 2);
        jdbc.sql("""
                insert into models (kind, number, state, trained_at, examples, held_out, positives, quality, body)
                values ('GROUPS', (select coalesce(max(number), 0) + 1 from models where kind = 'GROUPS'), 'ACTIVE',
                        now(), 10, 10, 0, 0.5, cast(:body as jsonb))""")
                .param("body", tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body))
                .update();
        try {
            assertThat(signedInAs(Role.SALES).get("/analytics/customer-groups").body())
                    .contains("Poland · Software").contains("10–49 people, buying every month");
            Http marketer = signedInAs(Role.MARKETING);
            assertThat(marketer.get("/analytics/customer-groups").body()).contains("Make a segment of this group");
            Http.Response first = marketer.postForm("/analytics/customer-groups/1/segment", Map.of());
            Http.Response second = marketer.postForm("/analytics/customer-groups/1/segment", Map.of());
            assertThat(first.status()).as(first.body()).isEqualTo(302);
            assertThat(first.location()).contains("/marketing/segments/");
            assertThat(second.location()).isEqualTo(first.location());
            Http sales = signedInAs(Role.SALES);
            assertThat(sales.get("/analytics/customer-groups").body()).doesNotContain("Make a segment of this group");
            assertThat(sales.postForm("/analytics/customer-groups/1/segment", Map.of()).status())
                    .as("a salesperson makes no segments").isEqualTo(403);
            assertThat(marketer.postForm("/analytics/customer-groups/9/segment", Map.of()).status()).isEqualTo(404);
        }
        finally {
            jdbc.sql("update models set state = 'RETIRED' where kind = 'GROUPS' and state = 'ACTIVE'").update();
        }
    }

    @Test
    void a_salesperson_who_reads_only_their_own_customers_learns_nothing_of_anothers_risk() {
        UserSummary alice = testUsers.create(Role.SALES);
        UserSummary bob = testUsers.create(Role.SALES);
        String marker = "Hidden risk " + System.nanoTime();
        long bobs = scoredCompany(api(bob), marker, 0.9);
        Http admin = apiAs(Role.ADMIN);
        AccessRules.set(admin, Role.SALES, "company", "OWN", "OWN");
        try {
            Http aliceApi = api(alice);
            assertThat(aliceApi.get("/api/v1/companies/" + bobs + "/insight").status()).isEqualTo(404);
            assertThat(aliceApi.get("/api/v1/customers-at-risk?size=200").body()).doesNotContain(marker);
            assertThat(signedIn(alice).get("/analytics/customers-at-risk").body()).doesNotContain(marker);
            assertThat(api(bob).get("/api/v1/customers-at-risk?owner=" + bob.id()).body()).contains(marker);
        }
        finally {
            AccessRules.set(admin, Role.SALES, "company", "ALL", "OWN");
        }
    }

    @Test
    void only_administrators_and_managers_see_the_models_and_only_administrators_train_them() {
        Http sales = signedInAs(Role.SALES);
        assertThat(sales.get("/analytics/models").status()).isEqualTo(403);
        assertThat(apiAs(Role.SALES).get("/api/v1/models").status()).isEqualTo(403);
        Http.Response refused = apiAs(Role.MANAGER).postJson("/api/v1/models/churn/trainings", "{}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");

        Http manager = signedInAs(Role.MANAGER);
        String page = manager.get("/analytics/models").body();
        assertThat(page).contains("Churn risk").contains("Customer groups").doesNotContain("Train now");
        assertThat(apiAs(Role.ADMIN).postJson("/api/v1/models/nonsense/trainings", "{}").status()).isEqualTo(404);
    }

    @Test
    void training_asked_for_by_hand_is_taken_up_once_and_shown_with_its_outcome() {
        Http admin = administrator();
        assertThat(admin.get("/analytics/models").body()).contains("Train now");
        Http.Response asked = admin.postForm("/analytics/models/lead-score/train", Map.of());
        assertThat(asked.status()).isEqualTo(302);
        JsonNode again = apiAs(Role.ADMIN).postJson("/api/v1/models/lead-score/trainings", "{}").json();
        assertThat(again.get("state").asString()).as("one request waiting, not two").isIn("QUEUED", "RUNNING");
        long waiting = jdbc.sql("select count(*) from models where kind = 'LEAD_SCORE' and state in ('QUEUED', 'RUNNING')")
                .query(Long.class).single();
        assertThat(waiting).isEqualTo(1);

        // the job takes it up; with the suite's few closed leads it says there is too little history, and the page says so
        while (training.runNext(LocalDate.now()).isPresent()) {
            // every waiting version
        }
        JsonNode lead = apiAs(Role.ADMIN).get("/api/v1/models").json();
        JsonNode latest = null;
        for (JsonNode history : lead) {
            if (history.get("kind").asString().equals("LEAD_SCORE")) {
                latest = history.get("versions").get(0);
            }
        }
        assertThat(latest).isNotNull();
        assertThat(latest.get("state").asString()).isIn("TOO_LITTLE", "ACTIVE", "REFUSED");
        assertThat(latest.get("trainedAt").isNull()).isFalse();
        if (latest.get("state").asString().equals("TOO_LITTLE")) {
            assertThat(admin.get("/analytics/models").body()).contains("Too little history");
        }
    }

    @Test
    void the_lead_page_shows_the_prediction_or_why_there_is_none_beside_the_rule_score() {
        Http api = apiAs(Role.SALES);
        long lead = api.postJson("/api/v1/leads", "{\"lastName\": \"Predicted " + System.nanoTime()
                + "\", \"email\": \"predicted@example.test\"}").json().get("id").asLong();
        JsonNode prediction = api.get("/api/v1/leads/" + lead + "/prediction").json();
        String page = signedInAs(Role.SALES).get("/leads/" + lead).body();
        assertThat(page).contains("Predicted conversion");
        if (prediction.get("probability").isNull()) {
            assertThat(prediction.get("needed").asInt()).isEqualTo(200);
            assertThat(page).contains("Too little history to predict");
        }
        else {
            assertThat(page).contains("beside the rule score");
        }
        assertThat(api.get("/api/v1/leads/987654321/prediction").status()).isEqualTo(404);
    }

    @Test
    void the_groups_and_at_risk_pages_open_for_everyone_with_or_without_a_model() {
        for (Role role : Role.values()) {
            Http browser = signedInAs(role);
            assertThat(browser.get("/analytics/customers-at-risk").status()).as(role.name()).isEqualTo(200);
            assertThat(browser.get("/analytics/customer-groups").status()).as(role.name()).isEqualTo(200);
        }
        Http sales = signedInAs(Role.SALES);
        Http.Response bad = sales.get("/analytics/customers-at-risk?minimum=abc&owner=x&sort=nope&page=-3");
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.body()).contains("A filter is not valid");
        Http.Response apiBad = apiAs(Role.SALES).get("/api/v1/customers-at-risk?minimum=7");
        assertThat(apiBad.status()).isEqualTo(400);
        assertThat(apiBad.contentType()).startsWith("application/problem+json");
    }
}
