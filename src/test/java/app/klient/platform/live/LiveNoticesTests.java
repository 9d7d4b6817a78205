package app.klient.platform.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.platform.Phrase;
import app.klient.support.EventStream;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class LiveNoticesTests extends WebTest {

    @Autowired
    LiveNotices notices;

    @Test
    void a_notice_reaches_only_its_persons_open_page_worded_in_their_language() {
        UserSummary czech = testUsers.create(Role.SUPPORT, "cs");
        UserSummary other = testUsers.create(Role.SUPPORT);
        Http page = signedIn(czech);
        Http otherPage = signedIn(other);
        try (EventStream mine = page.events("/live", null); EventStream theirs = otherPage.events("/live", null)) {
            // the stream is open once the server has registered it: a first notice may be sent before that
            awaitOpen(mine);
            notices.tell(czech.id(), "call", Phrase.of("live.close"), "/contacts/1", Map.of("number", "+420601123456"));
            EventStream.Event event = mine.next("notice", 5);
            assertThat(event).isNotNull();
            assertThat(event.json().get("text").asString()).isEqualTo("Zavřít");
            assertThat(event.json().get("kind").asString()).isEqualTo("call");
            assertThat(event.json().get("url").asString()).isEqualTo("/contacts/1");
            assertThat(event.json().get("data").get("number").asString()).isEqualTo("+420601123456");
            assertThat(theirs.next("notice", 1)).isNull();
        }
        assertThat(browser().get("/live").status()).as("not signed in").isIn(302, 401, 403);
    }

    private void awaitOpen(EventStream stream) {
        long until = System.nanoTime() + 5_000_000_000L;
        while (stream.status() == 0 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(stream.status()).isEqualTo(200);
    }
}
