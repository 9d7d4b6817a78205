package app.klient.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * How the analytics pages read: stages in the pipeline's order, amounts with their currency, a breakdown kept while
 * filtering. Each on a small hand-made data set owned by a salesperson of its own.
 */
class AnalyticsPagesTests extends WebTest {

    private UserSummary owner;
    private Http admin;
    private String suffix;

    @BeforeEach
    void setUp() {
        owner = testUsers.create(Role.SALES);
        admin = apiAs(Role.ADMIN);
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    private long stage(long pipeline, String name, int position) {
        return jdbc.sql("insert into stages (pipeline_id, name, position, probability) values (:p, :n, :pos, 50)"
                + " returning id").param("p", pipeline).param("n", name).param("pos", position)
                .query(Long.class).single();
    }

    private void deal(long pipeline, long stage) {
        jdbc.sql("""
                insert into deals (name, pipeline_id, stage_id, owner_id, amount, currency, status)
                values (:name, :pipeline, :stage, :owner, 100, 'PLN', 'OPEN')""").param("name", "Deal " + suffix)
                .param("pipeline", pipeline).param("stage", stage).param("owner", owner.id()).update();
    }

    @Test
    void deal_stages_group_in_the_pipelines_order_not_the_alphabets() {
        long pipeline = jdbc.sql("insert into pipelines (name, position) values (:n, 98) returning id")
                .param("n", "Order " + suffix).query(Long.class).single();
        long zeta = stage(pipeline, "Zeta", 1);
        long alpha = stage(pipeline, "Alpha", 2);
        long mid = stage(pipeline, "Mid", 3);
        deal(pipeline, mid);
        deal(pipeline, alpha);
        deal(pipeline, alpha);
        deal(pipeline, zeta);

        JsonNode result = admin.postJson("/api/v1/analytics/reports/run", """
                {"subject": "deals", "filters": [{"field": "owner", "op": "EQ", "value": "%d"}],
                 "groupBy": [{"field": "stage"}], "measures": [{"fn": "COUNT"}]}""".formatted(owner.id())).json();
        List<String> rows = new ArrayList<>();
        result.at("/rows").forEach(r -> rows.add(r.get(0).asString() + " " + r.get(1).asLong()));
        assertThat(rows).containsExactly("Zeta 1", "Alpha 2", "Mid 1");

        // the stage history's stages too, and the second dimension keeps its own order within each stage
        for (long[] move : new long[][] { { mid, alpha }, { alpha, zeta } }) {
            jdbc.sql("""
                    insert into deal_stage_history (deal_id, from_stage_id, to_stage_id, status, moved_at, moved_by)
                    select d.id, :from, :to, 'OPEN', now(), :owner from deals d where d.owner_id = :owner limit 1""")
                    .param("from", move[0]).param("to", move[1]).param("owner", owner.id()).update();
        }
        JsonNode history = admin.postJson("/api/v1/analytics/reports/run", """
                {"subject": "dealStageHistory", "filters": [{"field": "owner", "op": "EQ", "value": "%d"}],
                 "groupBy": [{"field": "toStage"}, {"field": "fromStage"}]}""".formatted(owner.id())).json();
        List<String> moves = new ArrayList<>();
        history.at("/rows").forEach(r -> moves.add(r.get(0).asString() + "←" + r.get(1).asString()));
        assertThat(moves).containsExactly("Zeta←Alpha", "Alpha←Mid");
    }

    private void invoice(LocalDate issued, String net) {
        long company = jdbc.sql("insert into companies (name, country, owner_id) values (:n, 'PL', :o) returning id")
                .param("n", "Buyer " + suffix).param("o", owner.id()).query(Long.class).single();
        jdbc.sql("""
                insert into invoices (number, kind, company_id, owner_id, language, currency, issue_date, sale_date,
                    due_date, payment_method, seller_name, buyer_name, net_total, tax_total, gross_total, paid_total)
                values (:number, 'INVOICE', :company, :owner, 'en', 'PLN', :day, :day, :day, 'TRANSFER', 'Seller',
                    'Buyer', :net, 0, :net, 0)""").param("number", "AP/" + UUID.randomUUID())
                .param("company", company).param("owner", owner.id()).param("day", issued)
                .param("net", new BigDecimal(net)).update();
    }

    @Test
    void the_records_of_a_money_kpi_show_each_amount_as_money_with_the_company_currency() {
        invoice(LocalDate.of(2009, 3, 3), "1234.5");
        String page = signedIn(testUsers.create(Role.MANAGER)).get(
                "/analytics/kpis/revenue?from=2009-03-01&to=2009-03-31&owner=" + owner.id()).body();
        assertThat(page).contains("1,234.50 PLN").doesNotContain(">1,234.5<");
        // a count's records stay plain numbers (a sales cycle's days)
        String days = signedIn(testUsers.create(Role.MANAGER)).get(
                "/analytics/kpis/sales-cycle?from=2009-03-01&to=2009-03-31&owner=" + owner.id()).body();
        assertThat(days).doesNotContain(" PLN</td>");
    }

    @Test
    void the_margins_filter_keeps_the_breakdown_chosen() {
        Http manager = signedIn(testUsers.create(Role.MANAGER));
        String page = manager.get("/analytics/margins?by=PRODUCT&from=2009-01-01&to=2009-12-31").body();
        assertThat(page).contains("<input type=\"hidden\" name=\"by\" value=\"PRODUCT\">");
        // the other analytics pages' filters send no breakdown of their own
        assertThat(manager.get("/analytics/cohorts?from=2009-01-01&to=2009-12-31").body())
                .doesNotContain("name=\"by\"");
    }
}
