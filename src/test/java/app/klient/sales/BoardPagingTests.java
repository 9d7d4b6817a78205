package app.klient.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Issue 16: a board column holds its first cards and fetches the next ones on request; its header counts them all. */
class BoardPagingTests extends WebTest {

    /** The cards a column shows at first (Deals.COLUMN_PAGE). */
    static final int PAGE = 25;

    private static final Pattern MORE = Pattern.compile("href=\"(/deals/board/column\\?[^\"]+)\"");

    @Test
    void a_long_column_shows_its_first_cards_and_loads_the_rest_page_by_page() {
        UserSummary seller = testUsers.create(Role.SALES);
        Http api = api(seller);
        LocalDate first = LocalDate.now().plusDays(10);
        for (int i = 0; i < 30; i++) {
            // every third without a close date: those come last
            String close = i % 3 == 0 ? "null" : "\"" + first.plusDays(i) + "\"";
            assertThat(api.postJson("/api/v1/deals", """
                    {"name": "Deal %02d", "amount": 100, "currency": "PLN", "ownerId": %d, "expectedCloseDate": %s}"""
                    .formatted(i, seller.id(), close)).status()).isEqualTo(201);
        }

        JsonNode column = api.get("/api/v1/pipelines/" + api.get("/api/v1/pipelines").json().get(0).get("id").asLong()
                + "/board?ownerId=" + seller.id()).json().get("columns").get(0);
        assertThat(column.get("count").asLong()).isEqualTo(30);
        assertThat(column.get("totals").get("PLN").decimalValue()).isEqualByComparingTo("3000");
        assertThat(column.get("cards")).hasSize(PAGE);
        assertThat(column.get("cards").get(0).get("name").asString()).isEqualTo("Deal 01");
        assertThat(column.get("next").isNull()).isFalse();

        Http page = signedIn(seller);
        String board = page.get("/deals/board?ownerId=" + seller.id()).body();
        assertThat(board).contains("30 deals").contains("3,000 PLN");
        assertThat(board.split("class=\"deal-card").length - 1).isEqualTo(PAGE);
        Matcher more = MORE.matcher(board);
        assertThat(more.find()).as("a link to the next cards").isTrue();
        String url = more.group(1).replace("&amp;", "&");
        assertThat(url).contains("ownerId=" + seller.id()).contains("after=");

        Http.Response rest = page.get(url, Map.of("HX-Request", "true"));
        assertThat(rest.status()).isEqualTo(200);
        assertThat(rest.body()).doesNotContain("<html").doesNotContain("/deals/board/column");
        assertThat(rest.body().split("class=\"deal-card").length - 1).isEqualTo(30 - PAGE);
        assertThat(rest.body()).contains("Deal 27").doesNotContain("Deal 01");
        assertThat(page.get(url).body()).as("without script: a page of its own").contains("<html").contains("Deal 27");

        assertThat(page.get("/deals/board/column?stageId=" + column.get("stage").get("id").asLong()
                + "&after=bogus").status()).isEqualTo(400);
    }
}
