package app.klient.surveys.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The results on hand-computed answers: each formula, the response rate, the trend, each breakdown and the
 * drill-down behind it, the verbatim search in three languages, the customer card, and bad filters. The answers are
 * written as rows here (sending surveys is another part's); every test reads only its own surveys or segment.
 */
class SurveyResultsTests extends WebTest {

    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
    private static final String YEAR = "from=2025-01-01&to=2025-12-31";

    @Autowired
    SurveyProducts products;

    private Http admin;
    private String suffix;

    @BeforeEach
    void setUp() {
        admin = apiAs(Role.ADMIN);
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    // ------------------------------------------------------------------ the formulas

    @Test
    void nps_is_the_share_of_promoters_less_the_share_of_detractors() {
        long survey = survey("NPS");
        // promoters 10, 10, 9, 9, 9; passives 8, 7; detractors 6, 3, 0: 50 % - 30 % = +20
        for (int score : new int[] { 10, 10, 9, 9, 9, 8, 7, 6, 3, 0 }) {
            answer(invite(survey, null, day("2025-05-14")), score, null, day("2025-05-15"));
        }
        JsonNode result = admin.get("/api/v1/surveys/results?kind=NPS&survey=" + survey + "&" + YEAR).json();
        assertThat(result.at("/score/responses").asLong()).isEqualTo(10);
        assertThat(result.at("/score/high").asLong()).as("promoters").isEqualTo(5);
        assertThat(result.at("/score/middle").asLong()).as("passives").isEqualTo(2);
        assertThat(result.at("/score/low").asLong()).as("detractors").isEqualTo(3);
        assertThat(result.at("/score/value").decimalValue()).isEqualByComparingTo("20.0");

        // a third each way: 66.7 % - 33.3 % = 33.3 to one decimal; only detractors: -100
        long third = survey("NPS");
        for (int score : new int[] { 10, 9, 5 }) {
            answer(invite(third, null, day("2025-05-14")), score, null, day("2025-05-15"));
        }
        assertThat(value("NPS", third)).isEqualByComparingTo("33.3");
        long angry = survey("NPS");
        for (int score : new int[] { 0, 6 }) {
            answer(invite(angry, null, day("2025-05-14")), score, null, day("2025-05-15"));
        }
        assertThat(value("NPS", angry)).isEqualByComparingTo("-100.0");
        assertThat(ResultKind.NPS.value(0, 0, 0, 0)).as("no answers, no score").isNull();
    }

    @Test
    void ces_is_the_mean_on_one_to_seven() {
        long survey = survey("CES");
        // 7 + 6 + 5 + 2 + 1 = 21 over 5 = 4.20
        for (int score : new int[] { 7, 6, 5, 2, 1 }) {
            answer(invite(survey, null, day("2025-03-01")), score, null, day("2025-03-02"));
        }
        JsonNode result = admin.get("/api/v1/surveys/results?kind=CES&survey=" + survey + "&" + YEAR).json();
        assertThat(result.at("/score/value").decimalValue()).isEqualByComparingTo("4.20");
        assertThat(result.at("/score/low").asLong()).as("1-3: hard").isEqualTo(2);
        assertThat(result.at("/score/high").asLong()).as("5-7: easy").isEqualTo(3);
        long other = survey("CES");
        for (int score : new int[] { 7, 6, 6 }) {
            answer(invite(other, null, day("2025-03-01")), score, null, day("2025-03-02"));
        }
        assertThat(value("CES", other)).as("19 / 3").isEqualByComparingTo("6.33");
    }

    @Test
    void every_score_question_counts_in_its_kinds_results_whatever_the_survey() {
        // a ticket's CSAT survey with its CES question, beside a CES survey of its own
        long tickets = survey("CSAT");
        long csat = question(tickets, 0, "CSAT", "How satisfied are you?", null, null);
        long ces = question(tickets, 1, "CES", "The company made it easy for me.", null, null);
        long own = survey("CES");
        long cesOwn = question(own, 0, "CES", "The company made it easy for me.", null, null);
        // CSAT 1 with CES 2, CSAT 5 with CES 7, CSAT 4 with CES left out; the CES survey 3 and 6
        long first = answer(invite(tickets, null, day("2025-06-01")), 1, null, day("2025-06-02"));
        given(first, csat, 1);
        given(first, ces, 2);
        long second = answer(invite(tickets, null, day("2025-06-01")), 5, null, day("2025-06-02"));
        given(second, csat, 5);
        given(second, ces, 7);
        given(answer(invite(tickets, null, day("2025-06-01")), 4, null, day("2025-06-02")), csat, 4);
        given(answer(invite(own, null, day("2025-06-01")), 3, null, day("2025-06-02")), cesOwn, 3);
        given(answer(invite(own, null, day("2025-06-01")), 6, null, day("2025-06-02")), cesOwn, 6);

        JsonNode inTickets = admin.get("/api/v1/surveys/results?kind=CES&survey=" + tickets + "&" + YEAR).json();
        assertThat(inTickets.at("/score/responses").asLong()).as("the CES answers of the CSAT survey").isEqualTo(2);
        assertThat(inTickets.at("/score/value").decimalValue()).as("(2 + 7) / 2").isEqualByComparingTo("4.50");
        assertThat(inTickets.at("/rate/invited").asLong()).as("it asks CES: its invitations count").isEqualTo(3);
        assertThat(value("CSAT", tickets)).as("2 of 3 gave 4 or 5, the CES question aside")
                .isEqualByComparingTo("66.7");
        JsonNode both = admin.get("/api/v1/surveys/results?kind=CES&" + YEAR).json();
        Map<String, JsonNode> bySurvey = rows(both.get("bySurvey"));
        assertThat(bySurvey.get(Long.toString(own)).at("/score/value").decimalValue()).as("(3 + 6) / 2")
                .isEqualByComparingTo("4.50");
        assertThat(bySurvey.get(Long.toString(tickets)).at("/score/responses").asLong()).isEqualTo(2);
        assertThat(ids(admin.get("/api/v1/surveys/results/responses?survey=" + tickets + "&kind=CES&band=LOW")))
                .as("CES 1-3 in the CSAT survey: the first only").containsExactly(first);
        assertThat(ids(admin.get("/api/v1/surveys/results/responses?survey=" + tickets + "&kind=CES")))
                .containsExactlyInAnyOrder(first, second);
        JsonNode listed = admin.get("/api/v1/surveys/results/responses?survey=" + tickets + "&kind=CES&band=LOW")
                .json().at("/items/0");
        assertThat(listed.get("kind").asString()).as("listed by its CES answer").isEqualTo("CES");
        assertThat(listed.get("score").asInt()).isEqualTo(2);
    }

    @Test
    void csat_is_the_share_of_four_and_five() {
        long survey = survey("CSAT");
        // 5, 4, 4 satisfied of 6: 50 %
        for (int score : new int[] { 5, 4, 4, 3, 2, 1 }) {
            answer(invite(survey, null, day("2025-07-01")), score, null, day("2025-07-01"));
        }
        JsonNode result = admin.get("/api/v1/surveys/results?kind=CSAT&survey=" + survey + "&" + YEAR).json();
        assertThat(result.at("/score/value").decimalValue()).isEqualByComparingTo("50.0");
        assertThat(result.at("/score/low").asLong()).as("1-2").isEqualTo(2);
        assertThat(result.at("/score/middle").asLong()).as("3").isEqualTo(1);
        long other = survey("CSAT");
        for (int score : new int[] { 5, 3, 3 }) {
            answer(invite(other, null, day("2025-07-01")), score, null, day("2025-07-01"));
        }
        assertThat(value("CSAT", other)).as("1 of 3").isEqualByComparingTo("33.3");
    }

    @Test
    void the_response_rate_is_the_invitations_of_the_period_answered() {
        long survey = survey("NPS");
        // eight sent in June, five answered (one of them in July); one sent in May and answered in June
        for (int i = 0; i < 8; i++) {
            long invitation = invite(survey, null, day("2025-06-10"));
            if (i < 4) {
                answer(invitation, 9, null, day("2025-06-12"));
            }
            else if (i == 4) {
                answer(invitation, 9, null, day("2025-07-02"));
            }
        }
        answer(invite(survey, null, day("2025-05-20")), 3, null, day("2025-06-01"));
        JsonNode june = admin.get("/api/v1/surveys/results?kind=NPS&survey=" + survey
                + "&from=2025-06-01&to=2025-06-30").json();
        assertThat(june.at("/rate/invited").asLong()).isEqualTo(8);
        assertThat(june.at("/rate/answered").asLong()).isEqualTo(5);
        assertThat(june.at("/rate/percent").decimalValue()).isEqualByComparingTo("62.5");
        // the score counts what was answered in June: four promoters and the May invitation's detractor
        assertThat(june.at("/score/responses").asLong()).isEqualTo(5);
        assertThat(june.at("/score/value").decimalValue()).isEqualByComparingTo("60.0");
        JsonNode empty = admin.get("/api/v1/surveys/results?kind=NPS&survey=" + survey
                + "&from=2024-01-01&to=2024-01-31").json();
        assertThat(empty.at("/rate/invited").asLong()).isZero();
        assertThat(empty.at("/rate/percent").isNull()).as("nobody invited: no rate, not 0 %").isTrue();
        assertThat(empty.at("/score/value").isNull()).isTrue();
    }

    // ------------------------------------------------------------------ by period, segment, team, agent, product

    @Test
    void a_year_is_cut_by_month_a_quarter_by_week_a_month_by_day() {
        long survey = survey("NPS");
        answer(invite(survey, null, day("2025-01-10")), 10, null, day("2025-01-15"));
        answer(invite(survey, null, day("2025-01-10")), 0, null, day("2025-01-20"));
        answer(invite(survey, null, day("2025-03-10")), 9, null, day("2025-03-11"));
        JsonNode year = admin.get("/api/v1/surveys/results?kind=NPS&survey=" + survey + "&" + YEAR).json();
        assertThat(year.get("granularity").asString()).isEqualTo("MONTH");
        assertThat(year.get("trend")).hasSize(12);
        assertThat(year.at("/trend/0/start").asString()).isEqualTo("2025-01-01");
        assertThat(year.at("/trend/0/score/value").decimalValue()).as("one promoter, one detractor")
                .isEqualByComparingTo("0.0");
        assertThat(year.at("/trend/1/score/value").isNull()).as("February had no answers").isTrue();
        assertThat(year.at("/trend/2/score/value").decimalValue()).isEqualByComparingTo("100.0");

        JsonNode quarter = admin.get("/api/v1/surveys/results?kind=NPS&survey=" + survey
                + "&from=2025-01-01&to=2025-03-31").json();
        assertThat(quarter.get("granularity").asString()).isEqualTo("WEEK");
        assertThat(quarter.at("/trend/0/start").asString()).as("the Monday of the first week").isEqualTo("2024-12-30");
        JsonNode month = admin.get("/api/v1/surveys/results?kind=NPS&survey=" + survey
                + "&from=2025-01-01&to=2025-01-31").json();
        assertThat(month.get("granularity").asString()).isEqualTo("DAY");
        assertThat(month.get("trend")).hasSize(31);
        assertThat(month.at("/trend/14/score/value").decimalValue()).as("15 January").isEqualByComparingTo("100.0");
        assertThat(month.at("/score/responses").asLong()).as("March is outside").isEqualTo(2);
    }

    @Test
    void the_nps_of_a_segment_counts_only_its_contacts() {
        long survey = survey("NPS");
        long inside1 = contact("Inside one");
        long inside2 = contact("Inside two");
        long outside = contact("Outside");
        long segment = admin.postJson("/api/v1/marketing/segments", "{\"name\": \"Results " + suffix
                + "\", \"kind\": \"STATIC\"}").json().get("id").asLong();
        admin.postJson("/api/v1/marketing/segments/" + segment + "/members", "{\"contactIds\": [" + inside1 + ", "
                + inside2 + "]}");
        answer(invite(survey, inside1, day("2025-04-01")), 10, null, day("2025-04-02"));
        answer(invite(survey, inside2, day("2025-04-01")), 8, null, day("2025-04-02"));
        answer(invite(survey, outside, day("2025-04-01")), 0, null, day("2025-04-02"));
        invite(survey, inside2, day("2025-04-05"));
        // in the segment: one promoter, one passive = +50, two of three invitations answered
        JsonNode result = admin.get("/api/v1/surveys/results?kind=NPS&segment=" + segment + "&" + YEAR).json();
        assertThat(result.at("/score/responses").asLong()).isEqualTo(2);
        assertThat(result.at("/score/value").decimalValue()).isEqualByComparingTo("50.0");
        assertThat(result.at("/rate/percent").decimalValue()).isEqualByComparingTo("66.7");
        JsonNode score = admin.get("/api/v1/surveys/results/score?kind=NPS&segment=" + segment + "&" + YEAR).json();
        assertThat(score.get("value").decimalValue()).as("the score alone").isEqualByComparingTo("50.0");
        assertThat(score.get("responses").asLong()).isEqualTo(2);
        JsonNode everybody = admin.get("/api/v1/surveys/results?kind=NPS&survey=" + survey + "&" + YEAR).json();
        assertThat(everybody.at("/score/value").decimalValue()).as("(1 - 1) / 3").isEqualByComparingTo("0.0");
        // by survey within the segment: a second survey of the kind is a row of its own
        long second = survey("NPS");
        answer(invite(second, inside1, day("2025-04-01")), 3, null, day("2025-04-03"));
        Map<String, JsonNode> bySurvey = rows(admin.get("/api/v1/surveys/results?kind=NPS&segment=" + segment
                + "&" + YEAR).json().get("bySurvey"));
        assertThat(bySurvey.get(String.valueOf(survey)).at("/score/value").decimalValue())
                .isEqualByComparingTo("50.0");
        assertThat(bySurvey.get(String.valueOf(second)).at("/score/value").decimalValue())
                .isEqualByComparingTo("-100.0");
        assertThat(admin.get("/api/v1/surveys/results?kind=NPS&segment=987654321").status())
                .as("an unknown segment").isEqualTo(404);
    }

    @Test
    void results_per_team_and_agent_add_up_to_the_whole_and_drill_down_to_the_same_answers() {
        long survey = survey("CSAT");
        long north = team("North");
        long south = team("South");
        UserSummary ann = testUsers.create(Role.SUPPORT, "ann-" + suffix, java.util.Set.of(north));
        UserSummary bob = testUsers.create(Role.SUPPORT, "bob-" + suffix, java.util.Set.of(south));
        // North / Ann: 5, 4, 1 = 2 of 3 satisfied (66.7 %), one of four invitations unanswered
        for (int score : new int[] { 5, 4, 1 }) {
            answer(invite(survey, null, day("2025-09-01"), null, null, ann.id(), north), score, null,
                    day("2025-09-02"));
        }
        invite(survey, null, day("2025-09-01"), null, null, ann.id(), north);
        // South / Bob: 3, 2 = 0 %
        for (int score : new int[] { 3, 2 }) {
            answer(invite(survey, null, day("2025-09-01"), null, null, bob.id(), south), score, null,
                    day("2025-09-02"));
        }
        // no team, no agent: 5 = 100 %
        answer(invite(survey, null, day("2025-09-01")), 5, null, day("2025-09-02"));

        JsonNode result = admin.get("/api/v1/surveys/results?kind=CSAT&survey=" + survey + "&" + YEAR).json();
        assertThat(result.at("/score/value").decimalValue()).as("3 of 6").isEqualByComparingTo("50.0");
        Map<String, JsonNode> teams = rows(result.get("byTeam"));
        assertThat(teams.get(String.valueOf(north)).at("/score/value").decimalValue()).isEqualByComparingTo("66.7");
        assertThat(teams.get(String.valueOf(north)).at("/rate/percent").decimalValue()).isEqualByComparingTo("75.0");
        assertThat(teams.get(String.valueOf(north)).get("name").asString()).isEqualTo("North " + suffix);
        assertThat(teams.get(String.valueOf(south)).at("/score/value").decimalValue()).isEqualByComparingTo("0.0");
        assertThat(teams.get("null").at("/score/responses").asLong()).as("answers without a team").isEqualTo(1);
        Map<String, JsonNode> agents = rows(result.get("byAgent"));
        assertThat(agents.get(String.valueOf(ann.id())).at("/score/responses").asLong()).isEqualTo(3);
        assertThat(agents.get(String.valueOf(bob.id())).at("/score/value").decimalValue())
                .isEqualByComparingTo("0.0");

        JsonNode northOnly = admin.get("/api/v1/surveys/results?kind=CSAT&survey=" + survey + "&team=" + north
                + "&" + YEAR).json();
        assertThat(northOnly.at("/score/value").decimalValue()).isEqualByComparingTo("66.7");
        JsonNode drill = admin.get("/api/v1/surveys/results/responses?kind=CSAT&survey=" + survey + "&team="
                + north + "&" + YEAR).json();
        assertThat(drill.get("total").asLong()).isEqualTo(3);
        JsonNode poor = admin.get("/api/v1/surveys/results/responses?kind=CSAT&survey=" + survey + "&agent="
                + ann.id() + "&band=LOW").json();
        assertThat(poor.get("items")).hasSize(1);
        assertThat(poor.at("/items/0/score").asInt()).isEqualTo(1);
        assertThat(poor.at("/items/0/band").asString()).isEqualTo("LOW");
        assertThat(poor.at("/items/0/agentName").asString()).isEqualTo(ann.name());
        JsonNode satisfied = admin.get("/api/v1/surveys/results/responses?kind=CSAT&survey=" + survey
                + "&band=HIGH").json();
        assertThat(satisfied.get("total").asLong()).isEqualTo(3);
    }

    @Test
    void results_per_product_follow_the_ticket_order_or_invoice_of_the_invitation() {
        long survey = survey("NPS");
        long company = company(admin, "Product results " + suffix, "PL", null);
        long drill = product("Drill");
        long saw = product("Saw");
        long order = admin.postJson("/api/v1/orders", """
                {"companyId": %d, "lines": [{"productId": %d, "quantity": 1, "unitPrice": 100, "taxRate": 23},
                 {"productId": %d, "quantity": 2, "unitPrice": 50, "taxRate": 23},
                 {"description": "Delivery", "quantity": 1, "unitPrice": 20, "taxRate": 23}]}"""
                .formatted(company, drill, saw)).json().get("id").asLong();
        long ticket = apiAs(Role.SUPPORT).postJson("/api/v1/tickets", """
                {"subject": "Drill broke %s", "companyId": %d, "productId": %d}""".formatted(suffix, company, drill))
                .json().get("id").asLong();
        long invoice = admin.postJson("/api/v1/invoices", """
                {"companyId": %d, "lines": [{"productId": %d, "quantity": 1, "unitPrice": 80, "taxRate": 23}]}"""
                .formatted(company, saw)).json().get("id").asLong();
        // the order (drill and saw): 10; the ticket (drill): 0; the invoice (saw): 9, and one unanswered invoice
        answer(invite(survey, null, day("2025-10-01"), "ORDER", order, null, null), 10, null, day("2025-10-02"));
        answer(invite(survey, null, day("2025-10-01"), "TICKET", ticket, null, null), 0, null, day("2025-10-02"));
        answer(invite(survey, null, day("2025-10-01"), "INVOICE", invoice, null, null), 9, null, day("2025-10-02"));
        invite(survey, null, day("2025-10-03"), "SEGMENT", 1L, null, null);
        jdbc.sql("update survey_invitations set products_known = true where not products_known and survey_id <> :s")
                .param("s", survey).update();
        assertThat(products.learnAll()).isEqualTo(4);
        assertThat(products.learnAll()).as("learned once").isZero();

        Map<String, JsonNode> byProduct = rows(admin.get("/api/v1/surveys/results?kind=NPS&survey=" + survey
                + "&" + YEAR).json().get("byProduct"));
        assertThat(byProduct).containsOnlyKeys(String.valueOf(drill), String.valueOf(saw));
        // drill: 10 and 0 = 0; saw: 10 and 9 = +100
        assertThat(byProduct.get(String.valueOf(drill)).at("/score/value").decimalValue()).isEqualByComparingTo("0.0");
        assertThat(byProduct.get(String.valueOf(saw)).at("/score/value").decimalValue())
                .isEqualByComparingTo("100.0");
        assertThat(byProduct.get(String.valueOf(saw)).at("/rate/percent").decimalValue()).isEqualByComparingTo("100.0");
        JsonNode sawOnly = admin.get("/api/v1/surveys/results?kind=NPS&survey=" + survey + "&product=" + saw
                + "&" + YEAR).json();
        assertThat(sawOnly.at("/score/responses").asLong()).isEqualTo(2);
        JsonNode detail = admin.get("/api/v1/surveys/results/responses/" + admin.get(
                "/api/v1/surveys/results/responses?kind=NPS&survey=" + survey + "&product=" + drill + "&band=LOW")
                .json().at("/items/0/id").asLong()).json();
        assertThat(detail.get("causeKind").asString()).isEqualTo("TICKET");
        assertThat(detail.get("causeId").asLong()).isEqualTo(ticket);
    }

    // ------------------------------------------------------------------ verbatims and the answers themselves

    @Test
    void what_customers_wrote_is_found_in_english_polish_and_czech() {
        long survey = survey("NPS");
        long en = answer(invite(survey, null, day("2025-11-01")), 3, "The delivery was late and nobody called.",
                day("2025-11-02"), "en");
        long pl = answer(invite(survey, null, day("2025-11-01")), 5, "Dostawa była spóźniona, obsługa miła.",
                day("2025-11-02"), "pl");
        long cs = answer(invite(survey, null, day("2025-11-01")), 10, "Doprava byla rychlá, děkuji!",
                day("2025-11-02"), "cs");
        answer(invite(survey, null, day("2025-11-01")), 9, null, day("2025-11-02"));
        String base = "/api/v1/surveys/results/responses?survey=" + survey + "&q=";
        long english = answer(invite(survey, null, day("2025-11-01")), 9, "Fast deliveries, thank you!",
                day("2025-11-02"), "cs");
        assertThat(ids(admin.get(base + "deliveries"))).as("an English word by its stem")
                .containsExactlyInAnyOrder(en, english);
        assertThat(ids(admin.get(base + "delivery"))).as("English stems whatever the invitation's language")
                .containsExactlyInAnyOrder(en, english);
        assertThat(ids(admin.get(base + "dostaw"))).as("a Polish word by its fragment").containsExactly(pl);
        assertThat(ids(admin.get(base + "spóźniona"))).containsExactly(pl);
        assertThat(ids(admin.get(base + "rychlá"))).as("a Czech word as written").containsExactly(cs);
        assertThat(ids(admin.get(base + "late%20called"))).as("every word of a phrase").containsExactly(en);
        assertThat(ids(admin.get(base + "100%25_"))).as("% and _ are letters here").isEmpty();
        assertThat(ids(admin.get("/api/v1/surveys/results/responses?survey=" + survey + "&commented=true")))
                .containsExactlyInAnyOrder(en, pl, cs, english);
        assertThat(ids(admin.get("/api/v1/surveys/results/responses?survey=" + survey
                + "&kind=NPS&band=LOW&commented=true"))).as("detractors who wrote").containsExactlyInAnyOrder(en, pl);
        assertThat(ids(admin.get("/api/v1/surveys/results/responses?survey=" + survey
                + "&kind=NPS&band=HIGH&q=doprava"))).containsExactly(cs);
    }

    @Test
    void a_response_shows_every_answer_in_the_readers_language_and_its_follow_up() {
        long survey = survey("NPS");
        long score = question(survey, 0, "NPS", "How likely are you to recommend us?", "Czy poleciłbyś nas?", null);
        long why = question(survey, 1, "TEXT", "Why?", "Dlaczego?", "Proč?");
        long pick = question(survey, 2, "CHOICE", "What mattered most?", null, null);
        jdbc.sql("update survey_questions set options = cast(:o as jsonb) where id = :id").param("id", pick)
                .param("o", "[{\"en\": \"Price\", \"pl\": \"Cena\"}, {\"en\": \"Speed\", \"pl\": \"Szybkość\"}]")
                .update();
        long contact = contact("Detractor");
        long response = answer(invite(survey, contact, day("2025-08-01")), 4, "Too slow", day("2025-08-02"));
        jdbc.sql("insert into survey_answers (response_id, question_id, score, choice, text) values "
                + "(:r, :a, 4, null, null), (:r, :b, null, null, 'Too slow'), (:r, :c, null, 1, null)")
                .param("r", response).param("a", score).param("b", why).param("c", pick).update();
        long task = admin.postJson("/api/v1/tasks", "{\"title\": \"Call back " + suffix + "\", \"dueAt\": \""
                + java.time.OffsetDateTime.now().plusDays(1) + "\"}").json().get("id").asLong();
        jdbc.sql("update survey_responses set follow_up_task_id = :t where id = :r").param("t", task)
                .param("r", response).update();

        JsonNode english = admin.get("/api/v1/surveys/results/responses/" + response).json();
        assertThat(english.at("/response/score").asInt()).isEqualTo(4);
        assertThat(english.at("/response/band").asString()).isEqualTo("LOW");
        assertThat(english.at("/response/followUpTaskId").asLong()).isEqualTo(task);
        assertThat(english.at("/response/followUpDone").asBoolean()).isFalse();
        assertThat(english.at("/answers/0/question").asString()).isEqualTo("How likely are you to recommend us?");
        assertThat(english.at("/answers/2/choice").asString()).isEqualTo("Speed");

        Http reader = signedIn(testUsers.create(Role.READ_ONLY, "pl"));
        String page = reader.get("/surveys/results/responses/" + response).body();
        assertThat(page).contains("Czy poleciłbyś nas?", "Dlaczego?", "Szybkość", "What mattered most?",
                "Too slow", "do oddzwonienia");
        assertThat(admin.postJson("/api/v1/tasks/" + task + "/done", "{\"done\": true, \"version\": 0}").status())
                .isEqualTo(200);
        assertThat(admin.get("/api/v1/surveys/results/responses/" + response).json()
                .at("/response/followUpDone").asBoolean()).as("the call-back is done").isTrue();
        assertThat(admin.get("/api/v1/surveys/results/responses/987654321").status()).isEqualTo(404);
    }

    @Test
    void a_survey_page_counts_each_questions_answers_with_every_option_and_the_mean_of_a_scale() {
        long survey = survey("CUSTOM");
        long scale = question(survey, 0, "SCALE", "How clear was the offer?", "Jak jasna była oferta?", null);
        long pick = question(survey, 1, "CHOICE", "What mattered most?", "Co było najważniejsze?", null);
        long why = question(survey, 2, "TEXT", "Anything else?", "Coś jeszcze?", null);
        jdbc.sql("update survey_questions set options = cast('{\"min\": 1, \"max\": 5}' as jsonb) where id = :id")
                .param("id", scale).update();
        jdbc.sql("update survey_questions set options = cast(:o as jsonb) where id = :id").param("id", pick)
                .param("o", "[{\"en\": \"Price\", \"pl\": \"Cena\"}, {\"en\": \"Speed\", \"pl\": \"Szybkość\"}, "
                        + "{\"en\": \"People\", \"pl\": \"Ludzie\"}]")
                .update();
        Object[][] given = { { 3, 1, "Szybko i miło" }, { 4, 1, null }, { 4, 0, "Drogo" } };
        for (Object[] g : given) {
            long response = jdbc.sql("""
                    insert into survey_responses (invitation_id, survey_id, kind, language, answered_at)
                    values (:i, :s, 'CUSTOM', 'pl', now()) returning id""")
                    .param("i", invite(survey, contact("Custom " + g[0]), day("2025-08-01"))).param("s", survey)
                    .query(Long.class).single();
            jdbc.sql("insert into survey_answers (response_id, question_id, score, choice, text) values "
                    + "(:r, :a, :score, null, null), (:r, :b, null, :choice, null), (:r, :c, null, null, :text)")
                    .param("r", response).param("a", scale).param("b", pick).param("c", why).param("score", g[0])
                    .param("choice", g[1]).param("text", g[2]).update();
        }

        String page = signedIn(testUsers.create(Role.READ_ONLY, "pl")).get("/surveys/" + survey).body();
        org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse(page);
        List<String> questions = doc.select(".question-result").eachText();
        assertThat(questions).hasSize(3);
        assertThat(questions.get(0)).contains("Jak jasna była oferta?", "3 odpowiedzi", "średnio 3,7 z 5");
        assertThat(doc.select(".question-result").get(0).select(".bars tr").eachText())
                .as("every value of the scale, also those nobody gave")
                .containsExactly("1 0", "2 0", "3 1", "4 2", "5 0");
        assertThat(doc.select(".question-result").get(1).select(".bars tr").eachText())
                .containsExactly("Cena 1", "Szybkość 2", "Ludzie 0");
        assertThat(questions.get(2)).contains("Coś jeszcze?", "2 odpowiedzi", "Szybko i miło", "Drogo");
    }

    @Test
    void the_card_shows_the_customers_answers_and_their_latest_nps() {
        long company = company(admin, "Card company " + suffix, "PL", null);
        long contact = admin.postJson("/api/v1/contacts", "{\"lastName\": \"Card " + suffix + "\", \"companyId\": "
                + company + "}").json().get("id").asLong();
        long nps = survey("NPS");
        long csat = survey("CSAT");
        answer(invite(nps, contact, day("2025-02-01")), 2, "Slow answers", day("2025-02-02"));
        answer(invite(nps, contact, day("2025-06-01")), 9, "Much better now", day("2025-06-02"));
        answer(invite(csat, contact, day("2025-07-01")), 5, null, day("2025-07-02"));
        Http reader = signedInAs(Role.READ_ONLY);
        String card = reader.get("/contacts/" + contact).body();
        assertThat(card).contains("Survey answers", "Latest NPS", "Promoters (9–10)", "Much better now",
                "Slow answers", "/surveys/results/responses/");
        JsonNode api = admin.get("/api/v1/surveys/results/responses?contact=" + contact).json();
        assertThat(api.get("total").asLong()).isEqualTo(3);
        assertThat(api.at("/items/0/kind").asString()).as("newest first").isEqualTo("CSAT");
        assertThat(reader.get("/companies/" + company).body()).contains("Latest NPS", "Much better now");
        assertThat(reader.get("/contacts/" + contact("No answers")).body()).doesNotContain("Latest NPS");
    }

    // ------------------------------------------------------------------ pages and bad input

    @Test
    void the_pages_show_each_score_with_its_trend_and_breakdowns() {
        long survey = survey("NPS");
        long team = team("Pages");
        answer(invite(survey, null, day("2025-02-10"), null, null, null, team), 10, "Great", day("2025-02-11"));
        answer(invite(survey, null, day("2025-05-10"), null, null, null, team), 4, "Meh", day("2025-05-11"));
        Http reader = signedInAs(Role.READ_ONLY);
        String page = reader.get("/surveys/results?kind=NPS&survey=" + survey + "&" + YEAR).body();
        assertThat(page).contains("Net Promoter Score", "<polyline", "By month", "Pages " + suffix,
                "Promoters (9–10)", "/surveys/results/responses?kind=NPS&amp;from=2025-01-01&amp;to=2025-12-31&amp;survey="
                        + survey + "&amp;band=LOW");
        assertThat(page).as("one promoter, one detractor").contains(">0<");
        assertThat(page).as("the filter keeps the survey chosen").containsPattern(
                "<select id=\"survey\" name=\"survey\">[\\s\\S]*?<option value=\"" + survey + "\" selected=\"selected\"");
        for (String kind : List.of("CES", "CSAT")) {
            assertThat(reader.get("/surveys/results?kind=" + kind).status()).isEqualTo(200);
        }
        String answers = reader.get("/surveys/results/responses?kind=NPS&survey=" + survey + "&q=meh").body();
        assertThat(answers).contains("Meh").doesNotContain("Great");
        assertThat(reader.get("/surveys/results?kind=NOPE").body())
                .contains("Results are counted for NPS, CES or CSAT.");
        assertThat(reader.get("/surveys/results?from=2025-05-01&to=2025-01-01").status()).isEqualTo(200);
        assertThat(reader.get("/surveys/results?from=2025-05-01&to=2025-01-01").body())
                .contains("The period ends before it starts.");
        assertThat(reader.get("/surveys/results/responses?from=nonsense&q=" + "x".repeat(300)).status())
                .isEqualTo(200);
    }

    @Test
    void bad_filters_are_refused_with_a_reason() {
        assertThat(admin.get("/api/v1/surveys/results?kind=NOPE").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/surveys/results?kind=CUSTOM").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/surveys/results?from=2025-02-01&to=2025-01-01").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/surveys/results?from=2015-01-01&to=2025-01-01").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/surveys/results?from=soon").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/surveys/results/responses?band=LOW").status()).as("a band of which scale?")
                .isEqualTo(400);
        assertThat(admin.get("/api/v1/surveys/results/responses?q=" + "x".repeat(201)).status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/surveys/results/responses?size=500").status()).isEqualTo(400);
        Http.Response refused = admin.get("/api/v1/surveys/results?kind=NOPE");
        assertThat(refused.header("Content-Type")).contains("problem+json");
    }

    @Test
    void the_score_bands_and_formulas_follow_the_scales() {
        assertThat(ResultKind.NPS.band(6)).isEqualTo(ScoreBand.LOW);
        assertThat(ResultKind.NPS.band(7)).isEqualTo(ScoreBand.MIDDLE);
        assertThat(ResultKind.NPS.band(9)).isEqualTo(ScoreBand.HIGH);
        assertThat(ResultKind.CES.band(3)).isEqualTo(ScoreBand.LOW);
        assertThat(ResultKind.CES.band(4)).isEqualTo(ScoreBand.MIDDLE);
        assertThat(ResultKind.CSAT.band(2)).isEqualTo(ScoreBand.LOW);
        assertThat(ResultKind.CSAT.band(4)).isEqualTo(ScoreBand.HIGH);
        assertThat(ResultKind.CSAT.from(ScoreBand.HIGH)).isEqualTo(4);
        assertThat(ResultKind.CSAT.to(ScoreBand.HIGH)).isEqualTo(5);
        Score score = Score.of(ResultKind.NPS, 3, 1, 1, 19);
        assertThat(score.lowPercent() + score.middlePercent() + score.highPercent()).isEqualTo(100);
        assertThat(Score.figure(new BigDecimal("20.0"), ResultKind.NPS, java.util.Locale.ENGLISH))
                .isEqualTo("+20");
        assertThat(Score.figure(new BigDecimal("-5.5"), ResultKind.NPS, java.util.Locale.ENGLISH))
                .isEqualTo("−5.5");
        assertThat(Score.figure(new BigDecimal("4.2"), ResultKind.CES, new java.util.Locale("pl")))
                .isEqualTo("4,2");
    }

    // ------------------------------------------------------------------ fixtures

    private BigDecimal value(String kind, long survey) {
        return admin.get("/api/v1/surveys/results?kind=" + kind + "&survey=" + survey + "&" + YEAR).json()
                .at("/score/value").decimalValue();
    }

    private long survey(String kind) {
        return jdbc.sql("insert into surveys (name, kind, trigger) values (:name, :kind, 'MANUAL') returning id")
                .param("name", "Results " + kind + " " + suffix + " " + ThreadLocalRandom.current().nextInt(1_000_000))
                .param("kind", kind).query(Long.class).single();
    }

    private long question(long survey, int position, String kind, String en, String pl, String cs) {
        return jdbc.sql("""
                insert into survey_questions (survey_id, position, kind, text_en, text_pl, text_cs)
                values (:s, :p, :k, :en, :pl, :cs) returning id""").param("s", survey).param("p", position)
                .param("k", kind).param("en", en).param("pl", pl).param("cs", cs).query(Long.class).single();
    }

    private long invite(long survey, Long contact, Instant sentAt) {
        return invite(survey, contact, sentAt, null, null, null, null);
    }

    private long invite(long survey, Long contact, Instant sentAt, String causeKind, Long causeId, Long agent,
            Long team) {
        byte[] token = new byte[32];
        ThreadLocalRandom.current().nextBytes(token);
        return jdbc.sql("""
                insert into survey_invitations (survey_id, contact_id, company_id, address, language, token_hash,
                    cause_kind, cause_id, agent_id, team_id, sent_at, expires_at)
                values (:survey, :contact, (select company_id from contacts where id = :contact), :address, 'en',
                    :hash, :cause, :causeId, :agent, :team, :sent, :expires) returning id""")
                .param("survey", survey).param("contact", contact).param("address", "results-" + suffix + "@example.com")
                .param("hash", HexFormat.of().formatHex(token)).param("cause", causeKind).param("causeId", causeId)
                .param("agent", agent).param("team", team).param("sent", Timestamp.from(sentAt))
                .param("expires", Timestamp.from(sentAt.plusSeconds(14 * 86_400))).query(Long.class).single();
    }

    private long answer(long invitation, int score, String comment, Instant at) {
        return answer(invitation, score, comment, at, "en");
    }

    private long answer(long invitation, int score, String comment, Instant at, String language) {
        jdbc.sql("update survey_invitations set answered_at = :at where id = :id").param("at", Timestamp.from(at))
                .param("id", invitation).update();
        return jdbc.sql("""
                insert into survey_responses (invitation_id, survey_id, kind, contact_id, company_id, agent_id,
                    team_id, score, comment, language, answered_at)
                select i.id, i.survey_id, s.kind, i.contact_id, i.company_id, i.agent_id, i.team_id, :score, :comment,
                    :language, :at
                from survey_invitations i join surveys s on s.id = i.survey_id where i.id = :id returning id""")
                .param("id", invitation).param("score", score).param("comment", comment).param("language", language)
                .param("at", Timestamp.from(at)).query(Long.class).single();
    }

    /** The answer to one score question of a response. */
    private void given(long response, long question, int score) {
        jdbc.sql("insert into survey_answers (response_id, question_id, score) values (:r, :q, :s)")
                .param("r", response).param("q", question).param("s", score).update();
    }

    /** Noon of a day in Warsaw: well inside the day whichever zone the reader has. */
    private static Instant day(String day) {
        return LocalDate.parse(day).atTime(12, 0).atZone(WARSAW).toInstant();
    }

    private long contact(String name) {
        return admin.postJson("/api/v1/contacts", "{\"lastName\": \"" + name + " " + suffix + "\"}").json()
                .get("id").asLong();
    }

    private long team(String name) {
        return admin.postJson("/api/v1/teams", "{\"name\": \"" + name + " " + suffix + "\"}").json().get("id")
                .asLong();
    }

    private long product(String name) {
        return admin.postJson("/api/v1/products", """
                {"sku": "R-%s-%s", "name": "%s %s", "unitPrice": 100, "currency": "PLN", "taxRate": 23}"""
                .formatted(name, suffix, name, suffix)).json().get("id").asLong();
    }

    /** The rows of a breakdown by their id ("null" for answers without one). */
    private static Map<String, JsonNode> rows(JsonNode rows) {
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        rows.forEach(row -> byId.put(row.get("id") == null || row.get("id").isNull() ? "null"
                : row.get("id").asString(), row));
        return byId;
    }

    private static List<Long> ids(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        response.json().get("items").forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }
}
