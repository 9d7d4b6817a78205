package app.klient.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The service KPIs over a small hand-made February 2023 of one agent's tickets, in the support calendar's working
 * time (Europe/Warsaw, Monday to Friday 9:00–17:00; February 2023 is CET, UTC+1, with no holiday), and the survey
 * scores over that agent's answers. Every expected figure is worked out by hand beside its assertion.
 */
class ServiceKpiTests extends WebTest {

    private static final String FEBRUARY = "from=2023-02-01&to=2023-02-28";

    private UserSummary agent;
    private Http admin;
    private String suffix;
    private int tickets;

    @BeforeEach
    void setUp() {
        agent = testUsers.create(Role.SUPPORT);
        admin = apiAs(Role.ADMIN);
        suffix = UUID.randomUUID().toString().substring(0, 8);
        // the figures below are worked out in the calendar every installation starts with
        assertThat(jdbc.sql("select zone || ' ' || days || ' ' || opens || '-' || closes from support_calendar")
                .query(String.class).single()).isEqualTo("Europe/Warsaw 1,2,3,4,5 09:00:00-17:00:00");
    }

    /** A moment in Warsaw in winter: "2023-02-03 16:00". */
    private static Timestamp at(String local) {
        return local == null ? null : Timestamp.from(OffsetDateTime.parse(local.replace(' ', 'T') + ":00+01:00")
                .toInstant());
    }

    private long ticket(String status, String created, String responded, String resolved, String closed,
            Boolean firstContact, String responseDue, String resolutionDue, boolean breached, Long company) {
        return jdbc.sql("""
                insert into tickets (number, subject, channel, status, assignee_id, company_id, created_at,
                    first_response_due_at, resolution_due_at, resolution_minutes, first_responded_at, resolved_at,
                    closed_at, first_contact_resolution, breached)
                values (:number, :subject, 'EMAIL', :status, :agent, :company, :created, :responseDue,
                    :resolutionDue, 2400, :responded, :resolved, :closed, :fcr, :breached) returning id""")
                .param("number", "K" + suffix + "-" + (++tickets)).param("subject", "Ticket " + tickets + " " + suffix)
                .param("status", status).param("agent", agent.id()).param("company", company)
                .param("created", at(created)).param("responseDue", at(responseDue))
                .param("resolutionDue", at(resolutionDue)).param("responded", at(responded))
                .param("resolved", at(resolved)).param("closed", at(closed)).param("fcr", firstContact)
                .param("breached", breached).query(Long.class).single();
    }

    /**
     * T1 (company in CZ): Fri 02-03 16:00, answered Mon 02-06 10:00, resolved Mon 12:00, at first contact, targets met.
     * T2: Wed 02-08 08:00 (before opening), answered 09:30, resolved Thu 02-09 10:00 after its 09:00 deadline.
     * T3: Mon 02-13 09:00, answered 20:00 (after hours, after its 17:00 deadline), resolved Tue 02-14 09:30.
     * T4: Mon 02-20 10:00, answered 11:00, resolved 15:00, in time but marked breached.
     * T5: Mon 01-30 09:00, answered Tue 01-31 09:00 (late), resolved Wed 02-01 09:00.
     * T6: Mon 02-27 10:00, open. T7: Fri 02-10 09:00, answered 10:00, resolved only on 03-02.
     * T8: Wed 02-15 09:00, closed unresolved on 02-16. T9: Sun 03-05, new.
     */
    private void tickets() {
        long czech = jdbc.sql("insert into companies (name, country) values (:n, 'CZ') returning id")
                .param("n", "Service CZ " + suffix).query(Long.class).single();
        ticket("RESOLVED", "2023-02-03 16:00", "2023-02-06 10:00", "2023-02-06 12:00", null, true,
                "2023-02-06 12:00", "2023-02-07 17:00", false, czech);
        ticket("RESOLVED", "2023-02-08 08:00", "2023-02-08 09:30", "2023-02-09 10:00", null, false,
                "2023-02-08 10:00", "2023-02-09 09:00", false, null);
        ticket("RESOLVED", "2023-02-13 09:00", "2023-02-13 20:00", "2023-02-14 09:30", null, true,
                "2023-02-13 17:00", "2023-02-20 09:00", false, null);
        ticket("RESOLVED", "2023-02-20 10:00", "2023-02-20 11:00", "2023-02-20 15:00", null, true,
                "2023-02-20 12:00", "2023-02-21 10:00", true, null);
        ticket("RESOLVED", "2023-01-30 09:00", "2023-01-31 09:00", "2023-02-01 09:00", null, false,
                "2023-01-30 17:00", "2023-02-06 09:00", false, null);
        ticket("OPEN", "2023-02-27 10:00", null, null, null, null, "2023-02-27 18:00", "2023-03-06 10:00", true,
                null);
        ticket("RESOLVED", "2023-02-10 09:00", "2023-02-10 10:00", "2023-03-02 10:00", null, false,
                "2023-02-10 17:00", "2023-02-17 09:00", true, null);
        ticket("CLOSED", "2023-02-15 09:00", null, null, "2023-02-16 10:00", null, "2023-02-15 17:00",
                "2023-02-22 09:00", false, null);
        ticket("NEW", "2023-03-05 12:00", null, null, null, null, "2023-03-06 17:00", "2023-03-13 09:00", false,
                null);
    }

    /** The n-th ticket as a drill-down names it: its number and subject. */
    private String name(int n) {
        return "K" + suffix + "-" + n + " Ticket " + n + " " + suffix;
    }

    private JsonNode kpi(String id, String query) {
        return admin.get("/api/v1/analytics/kpis/" + id + "?" + query + "&owner=" + agent.id()).json();
    }

    private static String value(JsonNode result, String which) {
        return result.at("/" + which + "/value").isNull() ? null
                : result.at("/" + which + "/value").decimalValue().toPlainString();
    }

    @Test
    void a_holiday_of_the_support_calendar_is_no_working_time_in_the_figure_nor_in_its_records() {
        // Fri 1999-12-24 16:00 to Tue 12-28 10:00: Fri 16–17 = 60 min, the weekend none, Mon 12-27 a holiday
        // (480 min on a working Monday), Tue 09–10 = 60: 120 min = 2.0 h (10.0 h if the holiday counted)
        ticket("RESOLVED", "1999-12-24 16:00", "1999-12-24 16:30", "1999-12-28 10:00", null, false,
                "1999-12-27 10:00", "1999-12-30 10:00", false, null);
        jdbc.sql("update support_calendar set holidays = array_append(holidays, date '1999-12-27')").update();
        try {
            String december = "from=1999-12-01&to=1999-12-31";
            assertThat(kpi("resolution-time", december).at("/current/value").decimalValue())
                    .isEqualByComparingTo("2.0");
            assertThat(admin.get("/api/v1/analytics/kpis/resolution-time/records?" + december + "&owner="
                    + agent.id()).json().at("/items/0/value").decimalValue()).isEqualByComparingTo("2.0");
        }
        finally {
            jdbc.sql("update support_calendar set holidays = array_remove(holidays, date '1999-12-27')").update();
        }
    }

    @Test
    void response_and_resolution_times_count_only_the_support_calendars_working_hours() {
        tickets();
        JsonNode response = kpi("first-response-time", FEBRUARY);
        // first answered in February: T1 Fri 16–17 + Mon 9–10 = 120 min; T2 09:00–09:30 = 30 (before opening is
        // no working time); T3 09:00–17:00 = 480 (the evening is not); T4 60; T7 60. T5 was answered in January.
        // 750 min over 5 tickets = 150 min = 2.5 h
        assertThat(response.at("/current/value").decimalValue()).isEqualByComparingTo("2.5");
        assertThat(response.at("/current/denominator").decimalValue()).isEqualByComparingTo("5");
        // January: T5 Mon 01-30 09:00 to Tue 01-31 09:00 = 480 min = 8 h
        assertThat(response.at("/previous/value").decimalValue()).isEqualByComparingTo("8.0");
        assertThat(value(response, "yearBefore")).as("no ticket in February 2022").isNull();

        JsonNode resolution = kpi("resolution-time", FEBRUARY);
        // resolved in February: T1 60 + 180 = 240 min; T2 Wed 480 + Thu 60 = 540; T3 480 + 30 = 510; T4 300;
        // T5 Mon 480 + Tue 480 + Wed 0 = 960. 2,550 min over 5 = 510 min = 8.5 h
        assertThat(resolution.at("/current/value").decimalValue()).isEqualByComparingTo("8.5");
        // by day: T4 resolved on the 20th took 5 h; nothing on the 19th (a Sunday)
        assertThat(resolution.at("/trend/19/value").decimalValue()).isEqualByComparingTo("5.0");
        assertThat(resolution.at("/trend/18/value").isNull()).isTrue();

        JsonNode records = admin.get("/api/v1/analytics/kpis/resolution-time/records?" + FEBRUARY + "&owner="
                + agent.id()).json();
        // newest resolution first: T4, T3, T2, T1, T5 with their own hours
        assertThat(records.at("/items").findValuesAsString("name")).containsExactly(name(4), name(3), name(2),
                name(1), name(5));
        assertThat(records.at("/items").findValues("value").stream().map(v -> v.decimalValue().toPlainString()))
                .containsExactly("5.0", "8.5", "9.0", "4.0", "16.0");
    }

    @Test
    void first_contact_resolution_and_sla_met_are_shares_of_the_tickets_resolved_in_the_period() {
        tickets();
        JsonNode fcr = kpi("first-contact-resolution", FEBRUARY);
        // resolved in February: T1, T2, T3, T4, T5; at first contact T1, T3, T4: 3 of 5 = 60 %
        assertThat(fcr.at("/current/value").decimalValue()).isEqualByComparingTo("60.0");
        assertThat(fcr.at("/current/numerator").decimalValue()).isEqualByComparingTo("3");
        assertThat(fcr.at("/current/denominator").decimalValue()).isEqualByComparingTo("5");
        // of the company in CZ only T1: 1 of 1
        assertThat(kpi("first-contact-resolution", FEBRUARY + "&country=CZ").at("/current/value").decimalValue())
                .isEqualByComparingTo("100.0");

        JsonNode sla = kpi("sla-met", FEBRUARY);
        // T1 met both targets; T2 resolved after its deadline, T3 answered after its deadline, T4 was marked
        // breached, T5 answered late: 1 of 5 = 20 %
        assertThat(sla.at("/current/value").decimalValue()).isEqualByComparingTo("20.0");
        JsonNode records = admin.get("/api/v1/analytics/kpis/sla-met/records?" + FEBRUARY + "&owner=" + agent.id())
                .json();
        assertThat(records.at("/items").findValuesAsString("noteKey")).containsExactly("kpi.sla-met.no",
                "kpi.sla-met.no", "kpi.sla-met.no", "kpi.sla-met.yes", "kpi.sla-met.no");
        assertThat(value(sla, "previous")).as("nothing resolved in January").isNull();
    }

    @Test
    void the_backlog_is_what_was_open_at_the_end_of_each_period() {
        tickets();
        JsonNode backlog = kpi("backlog", FEBRUARY);
        // open at midnight after 02-28: T6 (still open) and T7 (resolved on 03-02); T1–T5 were resolved, T8
        // closed, T9 not yet created: 2
        assertThat(backlog.at("/current/value").decimalValue()).isEqualByComparingTo("2");
        // at the end of January: T5 (created 01-30, resolved 02-01)
        assertThat(backlog.at("/previous/value").decimalValue()).isEqualByComparingTo("1");
        // at the end of 02-27: T6 (10:00 that day) and T7
        assertThat(backlog.at("/trend/26/value").decimalValue()).isEqualByComparingTo("2");
        // at the end of 02-10: T7 (09:00 that day)
        assertThat(backlog.at("/trend/9/value").decimalValue()).isEqualByComparingTo("1");
        JsonNode records = admin.get("/api/v1/analytics/kpis/backlog/records?" + FEBRUARY + "&owner=" + agent.id())
                .json();
        assertThat(records.at("/items").findValuesAsString("name")).containsExactly(name(7), name(6));
    }

    // ------------------------------------------------------------------ survey scores

    private long survey(String kind) {
        long survey = jdbc.sql("insert into surveys (name, kind, trigger) values (:name, :kind, 'MANUAL') returning id")
                .param("name", "KPI " + kind + " " + suffix).param("kind", kind).query(Long.class).single();
        jdbc.sql("insert into survey_questions (survey_id, position, kind, text_en) values (:s, 0, :k, 'Score?')")
                .param("s", survey).param("k", kind).update();
        return survey;
    }

    /** An invitation about the agent's work answered with {@code score} at noon of {@code day} (Warsaw). */
    private void answer(long survey, String kind, int score, String day) {
        byte[] token = new byte[32];
        ThreadLocalRandom.current().nextBytes(token);
        Instant at = LocalDate.parse(day).atTime(12, 0).atZone(java.time.ZoneId.of("Europe/Warsaw")).toInstant();
        long invitation = jdbc.sql("""
                insert into survey_invitations (survey_id, address, language, token_hash, agent_id, sent_at,
                    expires_at, answered_at)
                values (:survey, :address, 'en', :hash, :agent, :at, :at, :at) returning id""")
                .param("survey", survey).param("address", "kpi-" + suffix + "@example.com")
                .param("hash", HexFormat.of().formatHex(token)).param("agent", agent.id())
                .param("at", Timestamp.from(at)).query(Long.class).single();
        long response = jdbc.sql("""
                insert into survey_responses (invitation_id, survey_id, kind, agent_id, score, language, answered_at)
                values (:invitation, :survey, :kind, :agent, :score, 'en', :at) returning id""")
                .param("invitation", invitation).param("survey", survey).param("kind", kind)
                .param("agent", agent.id()).param("score", score).param("at", Timestamp.from(at))
                .query(Long.class).single();
        jdbc.sql("""
                insert into survey_answers (response_id, question_id, score)
                select :response, q.id, :score from survey_questions q where q.survey_id = :survey""")
                .param("response", response).param("score", score).param("survey", survey).update();
    }

    @Test
    void csat_ces_and_nps_are_the_survey_results_scores_of_the_answers_given_in_the_period() {
        long nps = survey("NPS");
        for (int score : new int[] { 10, 9, 9, 7, 3 }) {
            answer(nps, "NPS", score, "2023-02-14");
        }
        answer(nps, "NPS", 0, "2023-01-20");
        long csat = survey("CSAT");
        for (int score : new int[] { 5, 4, 3, 1 }) {
            answer(csat, "CSAT", score, "2023-02-03");
        }
        long ces = survey("CES");
        for (int score : new int[] { 7, 5, 2 }) {
            answer(ces, "CES", score, "2023-02-27");
        }

        JsonNode score = kpi("nps", FEBRUARY);
        // promoters 10, 9, 9 (3), passive 7, detractor 3 (1): (3 − 1) / 5 × 100 = 40.0
        assertThat(score.at("/current/value").decimalValue()).isEqualByComparingTo("40.0");
        assertThat(score.at("/current/denominator").decimalValue()).isEqualByComparingTo("5");
        // January: one detractor: −100
        assertThat(score.at("/previous/value").decimalValue()).isEqualByComparingTo("-100.0");
        // NPS over time: the 14th of February has the five answers
        assertThat(score.at("/trend/13/value").decimalValue()).isEqualByComparingTo("40.0");
        // satisfied 5 and 4 of 4 answers: 50.0 %
        assertThat(kpi("csat", FEBRUARY).at("/current/value").decimalValue()).isEqualByComparingTo("50.0");
        // (7 + 5 + 2) / 3 = 4.67
        assertThat(kpi("ces", FEBRUARY).at("/current/value").decimalValue()).isEqualByComparingTo("4.67");
        assertThat(kpi("ces", FEBRUARY + "&country=PL").at("/notApplied/0").asString()).isEqualTo("COUNTRY");

        JsonNode records = admin.get("/api/v1/analytics/kpis/nps/records?" + FEBRUARY + "&owner=" + agent.id())
                .json();
        assertThat(records.at("/items").size()).isEqualTo(5);
        assertThat(records.at("/items").findValuesAsString("noteKey")).contains("surveyResults.band.NPS.HIGH",
                "surveyResults.band.NPS.LOW");
    }

    @Test
    void the_service_kpi_pages_read_in_the_readers_language() {
        tickets();
        Http reader = signedIn(testUsers.create(Role.READ_ONLY, "cs"));
        String page = reader.get("/analytics/kpis/resolution-time?" + FEBRUARY + "&owner=" + agent.id()).body();
        assertThat(page).contains("Doba vyřešení", "Ticket 4 " + suffix, "8,5");
        assertThat(reader.get("/analytics/kpis/backlog?" + FEBRUARY + "&owner=" + agent.id()).body())
                .contains("Nevyřízené požadavky", "Ticket 6 " + suffix);
        for (String id : new String[] { "first-contact-resolution", "first-response-time", "sla-met", "csat", "ces",
                "nps" }) {
            assertThat(reader.get("/analytics/kpis/" + id + "?" + FEBRUARY).status()).as(id).isEqualTo(200);
        }
    }
}
