package app.klient.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class DealApiTests extends WebTest {

    @Test
    void a_fresh_installation_sells_through_one_default_pipeline() {
        JsonNode pipelines = apiAs(Role.SALES).get("/api/v1/pipelines").json();
        JsonNode sales = pipelines.get(0);
        assertThat(sales.get("isDefault").asBoolean()).isTrue();
        assertThat(sales.get("stages").findValuesAsString("name"))
                .containsExactly("Qualification", "Needs analysis", "Proposal", "Negotiation", "Commitment");
        assertThat(sales.get("stages").findValues("probability")).extracting(JsonNode::asInt)
                .containsExactly(10, 25, 50, 75, 90);
    }

    @Test
    void moving_a_deal_records_each_stage_with_its_time_on_the_deal_and_the_companys_timeline() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        long company = api.postJson("/api/v1/companies", "{\"name\":\"Funnel Co\"}").json().get("id").asLong();
        long contact = api.postJson("/api/v1/contacts", "{\"lastName\":\"Buyer\",\"companyId\":" + company + "}")
                .json().get("id").asLong();
        JsonNode deal = api.postJson("/api/v1/deals", """
                {"name": "200 rolls a day", "companyId": %d, "contactIds": [%d], "amount": 125000.50,
                 "currency": "PLN", "expectedCloseDate": "2027-03-31", "ownerId": %d}"""
                .formatted(company, contact, seller.id())).json();
        long id = deal.get("id").asLong();
        List<Long> stages = stages();
        assertThat(deal.get("stageId").asLong()).isEqualTo(stages.get(0));
        assertThat(deal.get("contactIds").get(0).asLong()).isEqualTo(contact);
        assertThat(deal.get("amount").decimalValue()).isEqualByComparingTo("125000.50");

        JsonNode moved = api.postJson("/api/v1/deals/" + id + "/stage",
                "{\"stageId\": " + stages.get(2) + ", \"version\": 0}").json();
        assertThat(moved.get("stageName").asString()).isEqualTo("Proposal");
        assertThat(moved.get("probability").asInt()).isEqualTo(50);
        JsonNode won = api.postJson("/api/v1/deals/" + id + "/won", "{\"version\": 1}").json();
        assertThat(won.get("status").asString()).isEqualTo("WON");

        JsonNode history = api.get("/api/v1/deals/" + id + "/history").json();
        assertThat(history.findValuesAsString("toStage")).containsExactly("Qualification", "Proposal", "Proposal");
        assertThat(history.findValuesAsString("status")).containsExactly("OPEN", "OPEN", "WON");
        assertThat(history.get(1).get("movedAt").asString()).isNotBlank();
        assertThat(api.get("/api/v1/companies/" + company + "/timeline").json().get("items")
                .findValuesAsString("kind")).contains("DEAL_CREATED", "DEAL_MOVED", "DEAL_WON");
    }

    @Test
    void a_move_of_a_deal_someone_else_just_changed_is_refused_not_lost() {
        Http first = apiAs(Role.MANAGER);
        Http second = apiAs(Role.MANAGER);
        List<Long> stages = stages();
        long id = first.postJson("/api/v1/deals", "{\"name\": \"Contested\"}").json().get("id").asLong();
        assertThat(first.postJson("/api/v1/deals/" + id + "/stage", "{\"stageId\": " + stages.get(1)
                + ", \"version\": 0}").status()).isEqualTo(200);
        Http.Response late = second.postJson("/api/v1/deals/" + id + "/stage", "{\"stageId\": " + stages.get(3)
                + ", \"version\": 0}");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("detail").asString()).contains("Someone else changed this record");
        assertThat(first.get("/api/v1/deals/" + id).json().get("stageId").asLong()).isEqualTo(stages.get(1));
        assertThat(first.get("/api/v1/deals/" + id + "/history").json().size()).isEqualTo(2);
    }

    @Test
    void only_owners_and_managers_move_deals_and_read_only_users_nothing() {
        UserSummary owner = testUsers.create(Role.SALES);
        long id = api(owner).postJson("/api/v1/deals", "{\"name\": \"Mine\", \"ownerId\": " + owner.id() + "}")
                .json().get("id").asLong();
        String move = "{\"stageId\": " + stages().get(1) + ", \"version\": 0}";
        assertThat(apiAs(Role.SALES).postJson("/api/v1/deals/" + id + "/stage", move).status()).isEqualTo(403);
        assertThat(apiAs(Role.READ_ONLY).postJson("/api/v1/deals/" + id + "/stage", move).status()).isEqualTo(403);
        assertThat(apiAs(Role.READ_ONLY).postJson("/api/v1/deals", "{\"name\": \"No\"}").status()).isEqualTo(403);
        assertThat(apiAs(Role.READ_ONLY).get("/api/v1/deals/" + id).status()).isEqualTo(200);
        assertThat(api(owner).postJson("/api/v1/deals/" + id + "/stage", move).status()).isEqualTo(200);
    }

    @Test
    void a_lost_deal_needs_its_reason() {
        Http api = apiAs(Role.MANAGER);
        long id = api.postJson("/api/v1/deals", "{\"name\": \"Lost one\"}").json().get("id").asLong();
        assertThat(api.postJson("/api/v1/deals/" + id + "/lost", "{\"version\": 0}").status()).isEqualTo(400);
        JsonNode lost = api.postJson("/api/v1/deals/" + id + "/lost",
                "{\"lostReason\": \"Price\", \"competitor\": \"Acme CRM\", \"version\": 0}").json();
        assertThat(lost.get("status").asString()).isEqualTo("LOST");
        assertThat(lost.get("competitor").asString()).isEqualTo("Acme CRM");
    }

    static Stream<Arguments> badDeals() {
        return Stream.of(
                Arguments.of("no name", "{}", "name"),
                Arguments.of("name too long", "{\"name\":\"" + "D".repeat(201) + "\"}", "name"),
                Arguments.of("negative amount", "{\"name\":\"D\",\"amount\":-1}", "amount"),
                Arguments.of("amount too precise", "{\"name\":\"D\",\"amount\":1.123}", "amount"),
                Arguments.of("amount not a number", "{\"name\":\"D\",\"amount\":\"lots\"}", "amount"),
                Arguments.of("unknown currency", "{\"name\":\"D\",\"currency\":\"XYZ\"}", "currency"),
                Arguments.of("currency in small letters", "{\"name\":\"D\",\"currency\":\"pln\"}", "currency"),
                Arguments.of("stage that does not exist", "{\"name\":\"D\",\"stageId\":987654}", "stageId"),
                Arguments.of("company that does not exist", "{\"name\":\"D\",\"companyId\":987654}", "companyId"),
                Arguments.of("contact that does not exist", "{\"name\":\"D\",\"contactIds\":[987654]}", "contactIds"),
                Arguments.of("owner who does not exist", "{\"name\":\"D\",\"ownerId\":987654}", "ownerId"),
                Arguments.of("close date not a date", "{\"name\":\"D\",\"expectedCloseDate\":\"soon\"}", "expectedCloseDate"),
                Arguments.of("unknown field", "{\"name\":\"D\",\"winChance\":100}", "winChance"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDeals")
    void bad_input_is_refused_field_by_field_and_nothing_is_stored(String why, String json, String field) {
        Http api = apiAs(Role.SALES);
        long before = count("deals");
        Http.Response response = api.postJson("/api/v1/deals", json);
        assertThat(response.status()).as(why + ": " + response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsString("field")).as(why).contains(field);
        assertThat(count("deals")).isEqualTo(before);
    }

    @Test
    void the_board_counts_and_totals_follow_a_move() {
        UserSummary owner = testUsers.create(Role.SALES);
        Http api = api(owner);
        long pipeline = api.get("/api/v1/pipelines").json().get(0).get("id").asLong();
        long id = api.postJson("/api/v1/deals", "{\"name\": \"Board deal\", \"amount\": 1000, \"ownerId\": "
                + owner.id() + "}").json().get("id").asLong();
        JsonNode before = api.get("/api/v1/pipelines/" + pipeline + "/board?ownerId=" + owner.id()).json();
        assertThat(before.get("columns").get(0).get("cards").size()).isEqualTo(1);
        assertThat(before.get("columns").get(0).get("totals").get("PLN").decimalValue()).isEqualByComparingTo("1000");
        api.postJson("/api/v1/deals/" + id + "/stage", "{\"stageId\": " + stages().get(4) + ", \"version\": 0}");
        JsonNode after = api.get("/api/v1/pipelines/" + pipeline + "/board?ownerId=" + owner.id()).json();
        assertThat(after.get("columns").get(0).get("cards").size()).isZero();
        assertThat(after.get("columns").get(4).get("cards").size()).isEqualTo(1);
        assertThat(after.get("columns").get(4).get("weighted").decimalValue()).isEqualByComparingTo("900");
    }

    @Test
    void the_deal_list_filters_sorts_and_checks_its_parameters() {
        UserSummary owner = testUsers.create(Role.SALES);
        Http api = api(owner);
        for (String deal : new String[] { "{\"name\": \"List B\", \"amount\": 300, \"expectedCloseDate\": \"2027-02-01\"",
                "{\"name\": \"List A\", \"amount\": 100, \"expectedCloseDate\": \"2027-01-01\"",
                "{\"name\": \"List C\", \"amount\": 200, \"expectedCloseDate\": \"2027-03-01\"" }) {
            api.postJson("/api/v1/deals", deal + ", \"ownerId\": " + owner.id() + "}");
        }
        JsonNode byClose = api.get("/api/v1/deals?ownerId=" + owner.id()).json();
        assertThat(byClose.get("items").findValuesAsString("name")).containsExactly("List A", "List B", "List C");
        assertThat(byClose.get("items").get(0).get("stageName").asString()).isEqualTo("Qualification");
        JsonNode byAmount = api.get("/api/v1/deals?ownerId=" + owner.id() + "&sort=amount,desc&size=2").json();
        assertThat(byAmount.get("items").findValuesAsString("name")).containsExactly("List B", "List C");
        assertThat(byAmount.get("total").asLong()).isEqualTo(3);
        assertThat(api.get("/api/v1/deals?ownerId=" + owner.id() + "&q=list+c").json().get("total").asLong())
                .isEqualTo(1);
        assertThat(api.get("/api/v1/deals?ownerId=" + owner.id() + "&closeTo=2027-01-15").json().get("total")
                .asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/deals?status=WON&ownerId=" + owner.id()).json().get("total").asLong()).isZero();
        assertThat(api.get("/api/v1/deals?status=MAYBE").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/deals?sort=probability").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/deals?closeFrom=tomorrow").status()).isEqualTo(400);
    }

    private List<Long> stages() {
        return apiAs(Role.READ_ONLY).get("/api/v1/pipelines").json().get(0).get("stages").findValues("id").stream()
                .map(JsonNode::asLong).toList();
    }
}
