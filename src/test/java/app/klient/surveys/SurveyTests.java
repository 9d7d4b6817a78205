package app.klient.surveys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.Race;
import app.klient.support.WebTest;
import app.klient.surveys.internal.Invitations;
import app.klient.surveys.internal.SurveyRun;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Surveys over the real HTTP stack, the real database and a real SMTP server: who is asked, when, in which language and
 * how often; the one-use link and every way it may not work; answers out of range; the timeline, the call-back task
 * and the ticket that keep the answer.
 */
class SurveyTests extends WebTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final Pattern LINK = Pattern.compile("/forms/survey/([A-Za-z0-9_-]{43})");

    @Autowired
    SurveyRun run;

    private final String domain = "s-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    /** Surveys made here that send by themselves: switched off after each test, so other tests meet none of them. */
    private final List<Long> made = new ArrayList<>();
    private Http admin;
    private Http seller;

    @BeforeEach
    void smtp() {
        jdbc.sql("""
                update mail_settings set smtp_host = 'localhost', smtp_port = :port, smtp_security = 'NONE',
                    smtp_username = null, smtp_password = null, from_address = 'hello@klient.test',
                    from_name = 'Klient' where id = 1""").param("port", mail.getSmtp().getPort()).update();
        admin = apiAs(Role.ADMIN);
        seller = apiAs(Role.SALES);
    }

    @AfterEach
    void switchOff() {
        if (!made.isEmpty()) {
            jdbc.sql("update surveys set active = false where id in (:ids)").param("ids", made).update();
        }
    }

    @Test
    void a_resolved_ticket_asks_its_customer_at_once_in_their_language_and_the_answer_shows_on_ticket_and_timeline()
            throws Exception {
        long contact = contact(seller, "Jana", "jana", "cs", null);
        UserSummary agentUser = testUsers.create(Role.SUPPORT);
        Http agent = api(agentUser);
        JsonNode ticket = agent.postJson("/api/v1/tickets", """
                {"subject": "Tiskárna nefunguje", "contactId": %d, "assigneeId": %d}""".formatted(contact,
                agentUser.id())).json();
        long id = ticket.get("id").asLong();
        agent.postJson("/api/v1/tickets/" + id + "/status", "{\"status\": \"RESOLVED\", \"version\": 0}");

        MimeMessage invitation = last("jana@" + domain);
        assertThat(invitation.getSubject()).as("asked at once, in Czech").isEqualTo("[" + ticket.get("number")
                .asString() + "] Jak jsme si vedli? (jste spokojeni?)");
        String body = invitation.getContent().toString();
        assertThat(body).contains("váš požadavek " + ticket.get("number").asString());
        String token = token(invitation);
        assertThat(jdbc.sql("select token_hash from survey_invitations where cause_kind = 'TICKET' and cause_id = :id")
                .param("id", id).query(String.class).single()).as("only the hash is kept")
                .isEqualTo(Invitations.hash(token));

        Http customer = Http.on(port);
        String page = customer.get("/forms/survey/" + token).body();
        assertThat(page).as("the page in the invitation's language").contains("lang=\"cs\"")
                .contains("Jak jste spokojeni").contains("Tiskárna nefunguje");
        Http.Response answered = customer.postFormRaw("/forms/survey/" + token, Map.of("csat", "5", "ces", "6",
                "comment", "Rychlé <b>a</b> milé"));
        assertThat(answered.body()).contains("Děkujeme");

        JsonNode onTicket = agent.get("/api/v1/tickets/" + id).json();
        assertThat(onTicket.get("csat").asInt()).isEqualTo(5);
        assertThat(onTicket.get("ces").asInt()).isEqualTo(6);
        assertThat(signedIn(agentUser).get("/tickets/" + id).body()).contains("5 / 5").contains("Rychlé &lt;b&gt;a");
        assertThat(signedInAs(Role.SALES).get("/contacts/" + contact).body())
                .as("on the timeline, worded for the reader").contains("CSAT 5 of 5").contains("Rychlé &lt;b&gt;a");
        agent.postJson("/api/v1/tickets/" + id + "/status", "{\"status\": \"REOPENED\", \"version\": "
                + onTicket.get("version").asInt() + "}");
        JsonNode reopened = agent.get("/api/v1/tickets/" + id).json();
        agent.postJson("/api/v1/tickets/" + id + "/status", "{\"status\": \"RESOLVED\", \"version\": "
                + reopened.get("version").asInt() + "}");
        assertThat(mail.getReceivedMessagesForDomain(domain)).as("one ticket is asked about once").hasSize(1);
    }

    @Test
    void two_surveys_about_a_ticket_say_which_is_which_in_its_thread_and_the_ticket_keeps_its_satisfaction_answer()
            throws Exception {
        long contact = contact(seller, "Ola", "ola", "pl", null);
        UserSummary agentUser = testUsers.create(Role.SUPPORT);
        Http agent = api(agentUser);
        JsonNode ticket = agent.postJson("/api/v1/tickets", """
                {"subject": "Drukarka nie działa", "contactId": %d, "assigneeId": %d}""".formatted(contact,
                agentUser.id())).json();
        long id = ticket.get("id").asLong();
        String number = ticket.get("number").asString();
        JsonNode replied = agent.postJson("/api/v1/tickets/" + id + "/replies",
                "{\"body\": \"Wymieniliśmy toner.\", \"version\": 0}").json();
        String reply = last("ola@" + domain).getMessageID();
        long nps = survey("NPS", "TICKET_RESOLVED", null);
        agent.postJson("/api/v1/tickets/" + id + "/status", "{\"status\": \"RESOLVED\", \"version\": "
                + replied.get("version").asInt() + "}");

        MimeMessage[] asked = Arrays.stream(mail.getReceivedMessagesForDomain(domain))
                .filter(m -> to(m).equals("ola@" + domain) && !reply.equals(messageId(m))).toArray(MimeMessage[]::new);
        assertThat(asked).as("the ticket's satisfaction survey and the NPS survey").hasSize(2);
        MimeMessage satisfaction = Arrays.stream(asked).filter(m -> subject(m).contains("zadowolony")).findFirst()
                .orElseThrow();
        MimeMessage recommend = Arrays.stream(asked).filter(m -> subject(m).contains("polecisz")).findFirst()
                .orElseThrow();
        assertThat(subject(satisfaction)).isEqualTo("[" + number + "] Jak nam poszło? (czy jesteś zadowolony?)");
        assertThat(subject(recommend)).isEqualTo("[" + number + "] Jak nam poszło? (czy nas polecisz?)");
        assertThat(content(recommend)).contains("polecisz nas innym (0–10)");
        // each answers the newest message of the thread: the agent's reply, then the survey mail before it
        List<String> thread = new ArrayList<>(List.of(reply, messageId(asked[0]), messageId(asked[1])));
        for (MimeMessage m : asked) {
            assertThat(m.getHeader("In-Reply-To", null)).as("in the ticket's thread").isIn(thread)
                    .isNotEqualTo(messageId(m));
            assertThat(m.getHeader("References", null)).isIn(thread);
        }
        assertThat(Arrays.stream(asked).map(m -> header(m, "In-Reply-To"))).contains(reply);
        List<String> bodies = new ArrayList<>();
        agent.get("/api/v1/tickets/" + id).json().get("messages").forEach(m -> bodies.add(m.path("body").asString()));
        assertThat(bodies).as("both survey mails shown on the ticket, without the customer's link")
                .anyMatch(body -> body.contains("(czy nas polecisz?)") && !body.contains("/forms/survey/"))
                .anyMatch(body -> body.contains("(czy jesteś zadowolony?)"));
        assertThat(signedIn(agentUser).get("/tickets/" + id).body()).contains("(czy nas polecisz?)")
                .contains("Klient (sent automatically)");

        Http customer = Http.on(port);
        customer.postFormRaw("/forms/survey/" + token(satisfaction), Map.of("csat", "1", "ces", "2", "comment",
                "Trzy dni bez drukarki."));
        customer.postFormRaw("/forms/survey/" + token(recommend), Map.of("nps", "10", "comment",
                "Ale ogólnie polecam."));
        JsonNode onTicket = agent.get("/api/v1/tickets/" + id).json();
        assertThat(onTicket.get("csat").asInt()).isEqualTo(1);
        assertThat(onTicket.get("ces").asInt()).isEqualTo(2);
        assertThat(onTicket.get("surveyComment").asString()).as("the satisfaction survey's comment, not the NPS one's")
                .isEqualTo("Trzy dni bez drukarki.");
        assertThat(signedInAs(Role.SALES).get("/contacts/" + contact).body())
                .as("the timeline names the kind").contains("NPS 10 of 10").contains("answered a survey")
                .doesNotContain("answered a satisfaction survey");
    }

    @Test
    void a_link_works_once_and_forged_expired_and_replayed_links_get_a_clear_page() throws Exception {
        long survey = survey("NPS", "MANUAL", null);
        long anna = contact(seller, "Anna", "anna", "en", null);
        long piotr = contact(seller, "Piotr", "piotr", "pl", null);
        assertThat(invite(survey, anna)).isEqualTo("INVITED");
        assertThat(invite(survey, piotr)).isEqualTo("INVITED");
        String annasToken = token(last("anna@" + domain));
        String piotrsToken = token(last("piotr@" + domain));
        Http customer = Http.on(port);

        Http.Response forged = customer.get("/forms/survey/" + "A".repeat(43));
        assertThat(forged.status()).isEqualTo(404);
        assertThat(forged.body()).contains("This link does not work");
        assertThat(customer.get("/forms/survey/not-a-token").status()).isEqualTo(404);
        assertThat(customer.postFormRaw("/forms/survey/" + "B".repeat(43), Map.of("nps", "9")).status())
                .isEqualTo(404);

        // both at the same moment: one answer counts, the other is told the link was used
        List<Http.Response> both = Race.run(() -> Http.on(port).postFormRaw("/forms/survey/" + annasToken,
                Map.of("nps", "9")), () -> Http.on(port).postFormRaw("/forms/survey/" + annasToken,
                        Map.of("nps", "2")));
        assertThat(both.stream().map(Http.Response::status).sorted().toList()).containsExactly(200, 410);
        assertThat(jdbc.sql("select count(*) from survey_responses where survey_id = :s").param("s", survey)
                .query(Long.class).single()).isEqualTo(1);
        Http.Response replayed = customer.get("/forms/survey/" + annasToken);
        assertThat(replayed.status()).isEqualTo(410);
        assertThat(replayed.body()).contains("You have answered already");

        jdbc.sql("update survey_invitations set expires_at = now() - interval '1 minute' where token_hash = :h")
                .param("h", Invitations.hash(piotrsToken)).update();
        Http.Response expired = customer.postFormRaw("/forms/survey/" + piotrsToken, Map.of("nps", "10"));
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.body()).as("in Piotr's language").contains("Ta ankieta jest już zamknięta");
        assertThat(jdbc.sql("select count(*) from survey_responses where survey_id = :s").param("s", survey)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void answers_out_of_range_are_refused_and_the_link_still_works() {
        JsonNode made = admin.postJson("/api/v1/surveys", """
                {"name": "Range %s", "kind": "NPS", "trigger": "MANUAL", "questions": [
                  {"kind": "CHOICE", "textEn": "What matters most?", "textPl": "Co jest najważniejsze?",
                   "options": [{"en": "Price", "pl": "Cena"}, {"en": "Speed", "pl": "Szybkość"}], "required": true},
                  {"kind": "SCALE", "textEn": "How often do you order?", "min": 1, "max": 4}]}"""
                .formatted(UUID.randomUUID())).json();
        long survey = made.get("id").asLong();
        this.made.add(survey);
        assertThat(made.get("questions").findValuesAsString("kind")).containsExactly("NPS", "CHOICE", "SCALE");
        long ewa = contact(seller, "Ewa", "ewa", "en", null);
        invite(survey, ewa);
        String token = token(last("ewa@" + domain));
        Http customer = Http.on(port);
        for (Map<String, String> bad : List.of(Map.of("nps", "11", "q1", "0"), Map.of("nps", "-1", "q1", "0"),
                Map.of("nps", "ten", "q1", "0"), Map.of("nps", "9", "q1", "2"), Map.of("nps", "9"),
                Map.of("nps", "9", "q1", "1", "q2", "5"), Map.of("q1", "1"),
                Map.of("nps", "9", "q1", "1", "comment", "x".repeat(2001)))) {
            Http.Response refused = customer.postFormRaw("/forms/survey/" + token, bad);
            assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
            assertThat(refused.body()).contains("Please check the marked answers");
        }
        assertThat(customer.postFormRaw("/forms/survey/" + token, Map.of("nps", "12", "q1", "1")).body())
                .contains("Choose a number from 0 to 10");
        assertThat(jdbc.sql("select answered_at is null from survey_invitations where token_hash = :h")
                .param("h", Invitations.hash(token)).query(Boolean.class).single()).as("the link still works")
                .isTrue();
        assertThat(customer.postFormRaw("/forms/survey/" + token, Map.of("nps", "10", "q1", "1", "q2", "4"))
                .status()).isEqualTo(200);
        JsonNode response = admin.get("/api/v1/surveys/" + survey + "/responses").json().get("items").get(0);
        JsonNode full = apiAs(Role.ADMIN).language("pl").get("/api/v1/survey-responses/" + response.get("id").asLong()).json();
        assertThat(full.get("score").asInt()).isEqualTo(10);
        assertThat(full.get("answers").findValuesAsString("choice")).as("worded for the reader").contains("Szybkość");
    }

    @Test
    void a_detractor_makes_a_task_for_the_owner_and_the_answer_shows_when_it_is_done() {
        UserSummary owner = testUsers.create(Role.SALES);
        Http ownerApi = api(owner);
        long survey = survey("NPS", "MANUAL", null);
        long unhappy = contact(ownerApi, "Olga", "olga", "en", null);
        long happy = contact(ownerApi, "Adam", "adam", "en", null);
        invite(survey, unhappy);
        invite(survey, happy);
        Http customer = Http.on(port);
        customer.postFormRaw("/forms/survey/" + token(last("olga@" + domain)), Map.of("nps", "3", "comment",
                "Nobody called me back."));
        customer.postFormRaw("/forms/survey/" + token(last("adam@" + domain)), Map.of("nps", "9"));

        JsonNode answers = admin.get("/api/v1/surveys/" + survey + "/responses").json().get("items");
        JsonNode detractor = find(answers, "contactId", unhappy);
        JsonNode promoter = find(answers, "contactId", happy);
        assertThat(promoter.get("followUpTaskId").isNull()).as("a promoter needs no call").isTrue();
        long task = detractor.get("followUpTaskId").asLong();
        assertThat(detractor.get("followUpDone").asBoolean()).isFalse();
        JsonNode made = ownerApi.get("/api/v1/tasks/" + task).json();
        assertThat(made.get("assigneeId").asLong()).as("for the customer's owner").isEqualTo(owner.id());
        assertThat(made.get("contactId").asLong()).isEqualTo(unhappy);
        assertThat(made.get("title").asString()).contains("Olga").contains("NPS 3 of 10");
        assertThat(made.get("description").asString()).contains("Nobody called me back.");

        ownerApi.postJson("/api/v1/tasks/" + task + "/done", "{\"done\": true, \"version\": "
                + made.get("version").asInt() + "}");
        JsonNode after = find(admin.get("/api/v1/surveys/" + survey + "/responses").json().get("items"), "contactId",
                unhappy);
        assertThat(after.get("followUpDone").asBoolean()).isTrue();
        assertThat(signedInAs(Role.MANAGER).get("/surveys/" + survey).body()).contains("Done");
    }

    @Test
    void nobody_gets_two_surveys_of_one_kind_within_the_quiet_period_even_asked_at_the_same_moment() {
        long first = survey("NPS", "MANUAL", null);
        long second = survey("NPS", "MANUAL", null);
        long other = survey("CES", "MANUAL", null);
        long marta = contact(seller, "Marta", "marta", "pl", null);
        List<String> outcomes = Race.run(() -> outcome(first, marta), () -> outcome(second, marta));
        assertThat(outcomes).containsExactlyInAnyOrder("INVITED", "QUIET");
        assertThat(invite(other, marta)).as("another kind is another question").isEqualTo("INVITED");
        assertThat(admin.postJson("/api/v1/surveys/" + first + "/invitations", "{\"contactId\": " + marta + "}")
                .status()).as("one occasion asks once").isIn(409);
        assertThat(mail.getReceivedMessagesForDomain(domain)).hasSize(2);

        // the quiet period over, the same kind may ask again
        jdbc.sql("update survey_invitations set sent_at = sent_at - interval '91 days' where contact_id = :c")
                .param("c", marta).update();
        long third = survey("NPS", "MANUAL", null);
        assertThat(invite(third, marta)).isEqualTo("INVITED");
    }

    @Test
    void a_segment_is_asked_once_only_where_consent_allows_each_in_their_own_language() throws Exception {
        long agreed = contact(seller, "Zofia", "zofia", "pl", null);
        long czech = contact(seller, "Petr", "petr", "cs", null);
        long silent = contact(seller, "Karol", "karol", "pl", null);
        long withdrew = contact(seller, "Irena", "irena", "pl", null);
        long blocked = contact(seller, "Lech", "lech", "pl", null);
        consent(agreed, "GIVEN");
        consent(czech, "GIVEN");
        consent(withdrew, "WITHDRAWN");
        consent(blocked, "GIVEN");
        jdbc.sql("insert into suppressions (address, reason) values (:a, 'MANUAL')").param("a", "lech@" + domain)
                .update();
        long segment = admin.postJson("/api/v1/marketing/segments", "{\"name\": \"Survey list " + domain
                + "\", \"kind\": \"STATIC\"}").json().get("id").asLong();
        admin.postJson("/api/v1/marketing/segments/" + segment + "/members", "{\"contactIds\": " + List.of(agreed,
                czech, silent, withdrew, blocked) + "}");
        long survey = survey("CSAT", "SEGMENT", segment);

        assertThat(run.run(survey)).as("nothing before it is started").isZero();
        assertThat(seller.postJson("/api/v1/surveys/" + survey + "/start", "{}").status()).isEqualTo(403);
        JsonNode started = admin.postJson("/api/v1/surveys/" + survey + "/start", "{}").json();
        assertThat(started.get("segmentStartedAt").isNull()).isFalse();
        assertThat(admin.postJson("/api/v1/surveys/" + survey + "/start", "{}").status()).as("sent once")
                .isEqualTo(409);
        assertThat(run.run(survey)).isEqualTo(2);
        assertThat(run.run(survey)).as("done").isZero();

        MimeMessage[] received = mail.getReceivedMessagesForDomain(domain);
        assertThat(Arrays.stream(received).map(SurveyTests::to)).containsExactlyInAnyOrder("zofia@" + domain,
                "petr@" + domain);
        assertThat(Arrays.stream(received).filter(m -> to(m).startsWith("petr")).findFirst().orElseThrow()
                .getSubject()).isEqualTo("Řeknete nám, co si myslíte? (jste spokojeni?)");
        assertThat(Arrays.stream(received).filter(m -> to(m).startsWith("zofia")).findFirst().orElseThrow()
                .getSubject()).isEqualTo("Powiesz nam, co myślisz? (czy jesteś zadowolony?)");
        JsonNode log = admin.get("/api/v1/surveys/" + survey + "/occasions").json().get("items");
        assertThat(find(log, "contactId", silent).get("outcome").asString()).isEqualTo("NO_CONSENT");
        assertThat(find(log, "contactId", withdrew).get("outcome").asString()).isEqualTo("NO_CONSENT");
        assertThat(find(log, "contactId", blocked).get("outcome").asString()).isEqualTo("SUPPRESSED");
        assertThat(find(log, "contactId", czech).get("language").asString()).isEqualTo("cs");
    }

    @Test
    void an_order_delivered_and_a_deal_won_are_asked_after_the_survey_waits_its_days_and_only_once() throws Exception {
        long buyer = contact(seller, "Tomasz", "tomasz", "pl", null);
        long late = contact(seller, "Beata", "beata", "pl", null);
        long delivery = survey("CSAT", "ORDER_DELIVERED", null);
        admin.patchJson("/api/v1/surveys/" + delivery, "{\"delayDays\": 2, \"version\": 0}");
        backdate(delivery, 10);
        long order = delivered(buyer, 3);
        delivered(late, 1);
        // other tests' orders may be due as well: what counts is what happened to these two
        run.run(delivery);
        run.run(delivery);
        assertThat(outcomes(delivery, buyer)).as("delivered three days ago: due, and asked once")
                .containsExactly("INVITED");
        assertThat(outcomes(delivery, late)).as("delivered a day ago: not yet").isEmpty();
        assertThat(received("tomasz@" + domain)).isEqualTo(1);
        MimeMessage asked = last("tomasz@" + domain);
        assertThat(asked.getSubject()).contains(jdbc.sql("select number from orders where id = :id")
                .param("id", order).query(String.class).single());

        long won = survey("NPS", "DEAL_WON", null);
        backdate(won, 10);
        long partner = contact(seller, "Ola", "ola", "en", null);
        JsonNode deal = seller.postJson("/api/v1/deals", "{\"name\": \"Pumps for " + domain + "\", \"contactIds\": ["
                + partner + "]}").json();
        seller.postJson("/api/v1/deals/" + deal.get("id").asLong() + "/won", "{\"version\": "
                + deal.get("version").asInt() + "}");
        run.run(won);
        run.run(won);
        assertThat(outcomes(won, partner)).containsExactly("INVITED");
        assertThat(received("ola@" + domain)).isEqualTo(1);
        assertThat(last("ola@" + domain).getSubject()).isEqualTo("How was working with us? (would you recommend us?)");
    }

    @Test
    void only_the_administrator_defines_surveys_and_the_questions_stay_once_somebody_was_asked() {
        String name = "Defined " + UUID.randomUUID();
        assertThat(seller.postJson("/api/v1/surveys", "{\"name\": \"" + name + "\", \"kind\": \"NPS\", "
                + "\"trigger\": \"MANUAL\"}").status()).isEqualTo(403);
        for (String bad : List.of("{\"kind\": \"NPS\", \"trigger\": \"MANUAL\"}",
                "{\"name\": \"" + name + "\", \"kind\": \"CUSTOM\", \"trigger\": \"MANUAL\"}",
                "{\"name\": \"" + name + "\", \"kind\": \"NPS\", \"trigger\": \"SEGMENT\"}",
                "{\"name\": \"" + name + "\", \"kind\": \"NPS\", \"trigger\": \"MANUAL\", \"questions\": [{\"kind\": "
                        + "\"CHOICE\", \"textEn\": \"Why?\", \"options\": [{\"en\": \"Only one\"}]}]}",
                "{\"name\": \"" + name + "\", \"kind\": \"NPS\", \"trigger\": \"MANUAL\", \"questions\": [{\"kind\": "
                        + "\"NPS\"}, {\"kind\": \"NPS\"}]}",
                "{\"name\": \"" + name + "\", \"kind\": \"NPS\", \"trigger\": \"MANUAL\", \"questions\": [{\"kind\": "
                        + "\"SCALE\", \"textEn\": \"How much?\", \"min\": 5, \"max\": 2}]}",
                "{\"name\": \"" + name + "\", \"kind\": \"NPS\", \"trigger\": \"MANUAL\", \"quietDays\": -1}",
                "{\"name\": \"" + name + "\", \"kind\": \"SOMETHING\", \"trigger\": \"MANUAL\"}")) {
            assertThat(admin.postJson("/api/v1/surveys", bad).status()).as(bad).isEqualTo(400);
        }
        JsonNode survey = admin.postJson("/api/v1/surveys", "{\"name\": \"" + name + "\", \"kind\": \"NPS\", "
                + "\"trigger\": \"MANUAL\", \"questions\": [{\"kind\": \"TEXT\", \"textEn\": \"What should we "
                + "change?\"}]}").json();
        long id = survey.get("id").asLong();
        made.add(id);
        JsonNode score = survey.get("questions").get(0);
        assertThat(score.get("kind").asString()).as("the score first, in the standard wording").isEqualTo("NPS");
        assertThat(score.get("textPl").asString()).startsWith("Jak bardzo prawdopodobne");
        assertThat(score.get("textCs").asString()).startsWith("Jak pravděpodobné");
        assertThat(admin.postJson("/api/v1/surveys", "{\"name\": \"" + name.toUpperCase() + "\", \"kind\": \"NPS\", "
                + "\"trigger\": \"MANUAL\"}").status()).as("names are unique without regard to case").isEqualTo(400);

        invite(id, contact(seller, "Kasia", "kasia", "pl", null));
        int version = admin.get("/api/v1/surveys/" + id).json().get("version").asInt();
        assertThat(admin.patchJson("/api/v1/surveys/" + id, "{\"kind\": \"CSAT\", \"version\": " + version + "}")
                .status()).isEqualTo(400);
        assertThat(admin.patchJson("/api/v1/surveys/" + id, "{\"questions\": [{\"kind\": \"NPS\"}], \"version\": "
                + version + "}").status()).as("a question taken away").isEqualTo(400);
        Http.Response reworded = admin.patchJson("/api/v1/surveys/" + id, "{\"questions\": [{\"kind\": \"NPS\"}, "
                + "{\"kind\": \"TEXT\", \"textEn\": \"What one thing should we change?\", \"textPl\": \"Co jedno "
                + "powinniśmy zmienić?\"}], \"version\": " + version + "}");
        assertThat(reworded.status()).as(reworded.body()).isEqualTo(200);
        assertThat(reworded.json().get("questions").get(1).get("textPl").asString())
                .isEqualTo("Co jedno powinniśmy zmienić?");
        assertThat(admin.patchJson("/api/v1/surveys/" + id, "{\"name\": \"Stale\", \"version\": " + version + "}")
                .status()).as("a stale version").isEqualTo(409);
    }

    @Test
    void every_survey_error_a_user_can_cause_over_the_api_is_worded_by_klient_in_their_language() {
        Http polish = apiAs(Role.ADMIN).language("pl");
        Http.Response refused = polish.postJson("/api/v1/surveys", """
                {"name": "%s", "kind": "NPS", "trigger": "MANUAL", "delayDays": 999, "quietDays": -1,
                 "validDays": 0, "questions": [{"kind": null, "textEn": "%s", "min": 11,
                 "options": [{"en": "%s"}]}]}""".formatted("N".repeat(101), "Q".repeat(501), "O".repeat(201)));
        assertThat(refused.status()).isEqualTo(400);
        Map<String, String> messages = new java.util.HashMap<>();
        refused.json().get("errors").forEach(e -> messages.put(e.get("field").asString(),
                e.get("message").asString()));
        assertThat(messages).containsEntry("name", "Nazwa ankiety ma najwyżej 100 znaków.")
                .containsEntry("delayDays", "Odczekaj od 0 do 365 dni po zdarzeniu.")
                .containsEntry("quietDays", "Dni spokoju to od 0 do 3650.")
                .containsEntry("validDays", "Link jest ważny od 1 do 365 dni.")
                .containsEntry("questions[0].kind", "Wybierz rodzaj każdego pytania.")
                .containsEntry("questions[0].textEn", "Treść pytania ma najwyżej 500 znaków.")
                .containsEntry("questions[0].min", "Skala biegnie od mniejszej do większej liczby, między 0 a 10.")
                .containsEntry("questions[0].options[0].en", "Treść odpowiedzi ma najwyżej 200 znaków.");
        long survey = survey("NPS", "MANUAL", null);
        Http.Response nobody = apiAs(Role.SALES).language("cs").postJson("/api/v1/surveys/" + survey
                + "/invitations", "{}");
        assertThat(nobody.status()).isEqualTo(400);
        assertThat(nobody.json().at("/errors/0/message").asString()).isEqualTo("Zvolte kontakt, kterého se chcete zeptat.");
    }

    @Test
    void a_survey_form_refused_shows_again_with_what_was_typed_and_each_problem_under_its_field() {
        Http page = signedInAs(Role.ADMIN);
        page.get("/surveys");
        String tooLong = "Po dostawie " + "x".repeat(100);
        Http.Response created = page.postForm("/surveys", Map.of("name", tooLong, "kind", "CES", "trigger", "MANUAL",
                "delayDays", "0", "quietDays", "5000", "validDays", "30"));
        assertThat(created.status()).as("shown again, not redirected").isEqualTo(200);
        assertThat(created.body()).contains("value=\"" + tooLong + "\"").as("nothing cut: refused")
                .contains("A survey&#39;s name has at most 100 characters.")
                .contains("The quiet days are 0 to 3,650.").contains("value=\"5000\"").contains("value=\"30\"")
                .containsPattern("<option value=\"CES\" selected");
        assertThat(jdbc.sql("select count(*) from surveys where name like 'Po dostawie %'").query(Long.class).single())
                .isZero();

        long survey = survey("NPS", "MANUAL", null);
        int version = admin.get("/api/v1/surveys/" + survey).json().get("version").asInt();
        Map<String, String> fields = new java.util.HashMap<>(Map.of("version", Integer.toString(version), "name",
                "Kept name " + survey, "kind", "NPS", "trigger", "MANUAL", "delayDays", "0", "quietDays", "90",
                "validDays", "14", "active", "true", "kind_0", "NPS"));
        fields.putAll(Map.of("en_0", "", "kind_1", "CHOICE", "en_1", "Which shop?", "options_1", "Only one"));
        Http.Response saved = page.postForm("/surveys/" + survey, fields);
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.body()).contains("value=\"Kept name " + survey + "\"").contains("value=\"Which shop?\"")
                .contains(">Only one</textarea>").contains("Please check the marked fields");
        Http.Response invited = page.postForm("/surveys/" + survey + "/invite", Map.of("contactQ", "nobody here",
                "contactId", "999999999"));
        assertThat(invited.status()).isEqualTo(200);
        assertThat(invited.body()).contains("There is no such contact.").contains("value=\"nobody here\"");
    }

    @Test
    void before_a_segment_is_asked_the_page_says_how_many_would_be_and_why_not_the_others() {
        long given = contact(seller, "Zofia", "zofia", "pl", null);
        long unasked = contact(seller, "Piotr", "piotr", "pl", null);
        long noAddress = seller.postJson("/api/v1/contacts", "{\"firstName\": \"Bez\", \"lastName\": \"Adresu\"}")
                .json().get("id").asLong();
        consent(given, "GIVEN");
        long segment = admin.postJson("/api/v1/marketing/segments", "{\"name\": \"Reach " + UUID.randomUUID()
                + "\", \"kind\": \"STATIC\"}").json().get("id").asLong();
        admin.postJson("/api/v1/marketing/segments/" + segment + "/members", "{\"contactIds\": [" + given + ", "
                + unasked + ", " + noAddress + "]}");
        long survey = survey("CSAT", "SEGMENT", segment);
        String page = signedInAs(Role.ADMIN).get("/surveys/" + survey).body();
        // three members: one with consent is asked, one never consented, one has no address
        assertThat(page).contains("Sent now, it would ask 1 person of the segment&#39;s 3 members.")
                .contains("1 has not given consent to surveys").contains("1 has no e-mail address");

        long none = admin.postJson("/api/v1/marketing/segments", "{\"name\": \"Nobody " + UUID.randomUUID()
                + "\", \"kind\": \"STATIC\"}").json().get("id").asLong();
        admin.postJson("/api/v1/marketing/segments/" + none + "/members", "{\"contactIds\": [" + unasked + "]}");
        assertThat(signedInAs(Role.ADMIN).get("/surveys/" + survey("NPS", "SEGMENT", none)).body())
                .contains("Nobody would be asked");
    }

    @Test
    void the_public_page_names_the_company_that_asks_and_tasks_lead_to_my_day() {
        long survey = survey("NPS", "MANUAL", null);
        invite(survey, contact(seller, "Ewa", "ewa", "en", null));
        String company = jdbc.sql("select name from seller_profile limit 1").query(String.class).single();
        assertThat(Http.on(port).get("/forms/survey/" + token(last("ewa@" + domain))).body())
                .contains("A question from " + org.springframework.web.util.HtmlUtils.htmlEscape(company));
        Http.Response tasks = signedInAs(Role.SALES).get("/tasks");
        assertThat(tasks.status()).as("not 405").isIn(200, 302);
        if (tasks.status() == 302) {
            assertThat(tasks.header("Location")).endsWith("/my-day");
        }
    }

    // ---------------------------------------------------------------- fixtures

    private long survey(String kind, String trigger, Long segment) {
        Http.Response response = admin.postJson("/api/v1/surveys", "{\"name\": \"" + kind + " " + trigger + " "
                + UUID.randomUUID() + "\", \"kind\": \"" + kind + "\", \"trigger\": \"" + trigger + "\""
                + (segment == null ? "" : ", \"segmentId\": " + segment) + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        long id = response.json().get("id").asLong();
        made.add(id);
        return id;
    }

    /** A survey that has existed for some days: the events of those days are its occasions. */
    private void backdate(long survey, int days) {
        jdbc.sql("update surveys set created_at = now() - make_interval(days => :d) where id = :id")
                .param("d", days).param("id", survey).update();
    }

    private String invite(long survey, long contact) {
        Http.Response response = seller.postJson("/api/v1/surveys/" + survey + "/invitations",
                "{\"contactId\": " + contact + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("outcome").asString();
    }

    private String outcome(long survey, long contact) {
        return apiAs(Role.SUPPORT).postJson("/api/v1/surveys/" + survey + "/invitations", "{\"contactId\": " + contact
                + "}").json().get("outcome").asString();
    }

    private long contact(Http api, String first, String local, String language, Long company) {
        return api.postJson("/api/v1/contacts", """
                {"firstName": "%s", "lastName": "Survey", "emails": ["%s@%s"]%s%s}""".formatted(first, local, domain,
                language == null ? "" : ", \"preferredLanguage\": \"" + language + "\"",
                company == null ? "" : ", \"companyId\": " + company)).json().get("id").asLong();
    }

    /** The contact's consent to surveys by e-mail, as the consent part of marketing records it. */
    private void consent(long contact, String state) {
        long id = jdbc.sql("""
                insert into consents (contact_id, address, purpose_id, channel, state, source)
                select c.id, c.emails[1], p.id, 'EMAIL', :state, 'MANUAL' from contacts c, consent_purposes p
                where c.id = :contact and p.key = 'surveys' returning id""").param("contact", contact)
                .param("state", state).query(Long.class).single();
        jdbc.sql("""
                insert into consent_states (contact_id, purpose_id, channel, state, consent_id, since)
                select contact_id, purpose_id, channel, state, id, at from consents where id = :id""")
                .param("id", id).update();
    }

    private long delivered(long contact, int daysAgo) {
        JsonNode order = seller.postJson("/api/v1/orders", "{\"contactId\": " + contact + ", \"lines\": [{"
                + "\"description\": \"Pompa\", \"quantity\": 1, \"unitPrice\": 100, \"taxRate\": 23}]}").json();
        Http.Response done = seller.postJson("/api/v1/orders/" + order.get("id").asLong() + "/status",
                "{\"status\": \"FULFILLED\", \"version\": " + order.get("version").asInt() + "}");
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        jdbc.sql("update orders set fulfilled_at = now() - make_interval(days => :d) where id = :id")
                .param("d", daysAgo).param("id", order.get("id").asLong()).update();
        return order.get("id").asLong();
    }

    private List<String> outcomes(long survey, long contact) {
        return jdbc.sql("select outcome from survey_occasions where survey_id = :s and contact_id = :c")
                .param("s", survey).param("c", contact).query(String.class).list();
    }

    private long received(String address) {
        return Arrays.stream(mail.getReceivedMessagesForDomain(domain)).filter(m -> to(m).equals(address)).count();
    }

    private MimeMessage last(String address) {
        MimeMessage[] all = Arrays.stream(mail.getReceivedMessagesForDomain(domain))
                .filter(m -> to(m).equals(address)).toArray(MimeMessage[]::new);
        assertThat(all).as("mail to " + address).isNotEmpty();
        return all[all.length - 1];
    }

    private static String token(MimeMessage message) {
        Matcher link = LINK.matcher(content(message));
        assertThat(link.find()).as("a survey link").isTrue();
        return link.group(1);
    }

    private static String content(MimeMessage message) {
        try {
            return message.getContent().toString();
        }
        catch (java.io.IOException | jakarta.mail.MessagingException e) {
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

    private static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name, null);
        }
        catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        }
        catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String to(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        }
        catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode find(JsonNode items, String field, long value) {
        for (JsonNode item : items) {
            if (item.path(field).asLong() == value) {
                return item;
            }
        }
        throw new AssertionError("no item with " + field + " " + value + " in " + items);
    }
}
