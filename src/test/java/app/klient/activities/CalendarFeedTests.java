package app.klient.activities;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class CalendarFeedTests extends WebTest {

    @Autowired
    app.klient.identity.Users users;

    private static String meeting(String subject, OffsetDateTime at, String extra) {
        return """
                {"type": "MEETING", "subject": "%s", "occurredAt": "%s", "durationMinutes": 45,
                 "location": "Kraków, ul. Długa 5"%s}""".formatted(subject, at, extra);
    }

    @Test
    void the_feed_parses_and_holds_the_persons_meetings_and_tasks_and_nothing_of_anyone_else() throws Exception {
        UserSummary ann = testUsers.create(Role.SALES);
        UserSummary bob = testUsers.create(Role.SALES);
        Http annApi = api(ann);
        Http bobApi = api(bob);
        OffsetDateTime tomorrow = OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).withNano(0);
        annApi.postJson("/api/v1/activities", meeting("Ann meets Żabka", tomorrow, ""));
        bobApi.postJson("/api/v1/activities", meeting("Bob's private lunch", tomorrow, ""));
        bobApi.postJson("/api/v1/activities", meeting("Bob invites Ann", tomorrow.plusHours(2),
                ", \"participantUserIds\": [" + ann.id() + "]"));
        annApi.postJson("/api/v1/tasks", "{\"title\": \"Send the contract\", \"dueAt\": \"" + tomorrow + "\"}");

        String url = annApi.postJson("/api/v1/calendar/feeds", "").json().get("url").asString();
        String path = url.substring(url.indexOf("/api/"));
        Http.Response feed = Http.on(port).get(path);
        assertThat(feed.status()).isEqualTo(200);
        assertThat(feed.contentType()).startsWith("text/calendar");
        Calendar calendar = new CalendarBuilder().build(new StringReader(feed.body()));
        List<String> summaries = calendar.<VEvent>getComponents("VEVENT").stream()
                .map(e -> e.getProperty(Property.SUMMARY).orElseThrow().getValue()).toList();
        assertThat(summaries).contains("Ann meets Żabka", "Bob invites Ann", "☐ Send the contract")
                .doesNotContain("Bob's private lunch");
        assertThat(calendar.<VEvent>getComponents("VEVENT")).allSatisfy(e -> assertThat(e.getProperties("DTSTAMP"))
                .as("one DTSTAMP an event").hasSize(1));
        assertThat(feed.body().lines()).allSatisfy(line -> assertThat(line.getBytes(java.nio.charset.StandardCharsets
                .UTF_8)).as("folded at 75 octets").hasSizeLessThanOrEqualTo(75));
        VEvent first = calendar.<VEvent>getComponents("VEVENT").stream().filter(e -> e.getProperty(Property.SUMMARY)
                .orElseThrow().getValue().equals("Ann meets Żabka")).findFirst().orElseThrow();
        assertThat(first.getProperty(Property.LOCATION).orElseThrow().getValue()).isEqualTo("Kraków, ul. Długa 5");

        assertThat(Http.on(port).get("/api/v1/calendar/feed/" + "A".repeat(43) + ".ics").status()).isEqualTo(404);
        assertThat(Http.on(port).get("/api/v1/calendar/feed/short.ics").status()).isEqualTo(404);
        String second = annApi.postJson("/api/v1/calendar/feeds", "").json().get("url").asString();
        assertThat(Http.on(port).get(path).status()).as("a new address retires the old").isEqualTo(404);
        annApi.delete("/api/v1/calendar/feeds");
        assertThat(Http.on(port).get(second.substring(second.indexOf("/api/"))).status()).isEqualTo(404);

        Http browser = signedIn(ann);
        // the week that holds tomorrow in Ann's time zone: near midnight on a Sunday it is already next week
        String week = "/calendar?date=" + tomorrow.atZoneSameInstant(java.time.ZoneId.of("Europe/Warsaw")).toLocalDate();
        assertThat(browser.get(week).body()).contains("Ann meets Żabka").contains("Send the contract")
                .doesNotContain("Bob's private lunch");
        assertThat(browser.get("/calendar?view=month&date=nonsense").status()).isEqualTo(200);
        browser.get("/calendar");
        Http.Response created = browser.postForm("/calendar/feed", java.util.Map.of());
        assertThat(browser.get(created.location()).body()).contains("/api/v1/calendar/feed/");
    }

    @Test
    void a_deactivated_persons_feed_is_not_served_until_they_are_active_again() {
        UserSummary ann = testUsers.create(Role.SALES);
        Http annApi = api(ann);
        annApi.postJson("/api/v1/activities", meeting("Ann's secret meeting",
                OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).withNano(0), ""));
        String url = annApi.postJson("/api/v1/calendar/feeds", "").json().get("url").asString();
        String path = url.substring(url.indexOf("/api/"));
        assertThat(Http.on(port).get(path).body()).contains("Ann's secret meeting");

        long admin = users.findByEmail(app.klient.support.TestUsers.ADMIN_EMAIL).orElseThrow().id();
        users.deactivate(ann.id(), admin);
        Http.Response deactivated = Http.on(port).get(path);
        assertThat(deactivated.status()).isEqualTo(404);
        assertThat(deactivated.body()).doesNotContain("Ann's secret meeting");

        users.activate(ann.id());
        assertThat(Http.on(port).get(path).status()).isEqualTo(200);
    }
}
