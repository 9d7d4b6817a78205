package app.klient.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Merging two customers who both have an account in a program folds the merged account into the survivor's: the
 * balance is the sum, each earning keeps its expiry, every row tells which account it was written on, the tier is
 * recomputed, the survivor keeps its referral code, and points can be spent afterwards.
 */
class LoyaltyMergeTests extends WebTest {

    @Autowired
    Points points;

    @Autowired
    Accounts accounts;

    @Autowired
    PlatformTransactionManager transactions;

    private final LocalDate today = LocalDate.now(ZoneId.of("Europe/Warsaw"));

    private long program(Http api) {
        long program = api.postJson("/api/v1/loyalty/programs", "{\"name\": \"Merge club " + UUID.randomUUID()
                + "\", \"expireMonths\": 12}").json().get("id").asLong();
        jdbc.sql("""
                insert into loyalty_tiers (program_id, position, name_en, name_pl, name_cs, threshold, multiplier)
                values (:p, 1, 'Silver', 'Srebrny', 'Stříbrný', 100, 1) returning id""").param("p", program)
                .query(Long.class).single();
        return program;
    }

    /** Gives the account {@code bonus} points expiring on {@code expires}, then spends {@code spent} of them. */
    private void fill(long account, int bonus, LocalDate expires, int spent) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            points.post(account, new Points.Posting(Points.Kind.BONUS, bonus, expires, null, null, "welcome", null));
            if (spent > 0) {
                points.post(account, new Points.Posting(Points.Kind.ADJUSTED, -spent, null, null, null, "spent",
                        null));
            }
        });
    }

    private String code(long account) {
        return jdbc.sql("select code from loyalty_referral_codes where account_id = :a").param("a", account)
                .query(String.class).optional().orElse(null);
    }

    @Test
    void merging_two_companies_of_one_program_adds_their_points_and_keeps_where_each_row_came_from() {
        Http api = apiAs(Role.ADMIN);
        long program = program(api);
        long survivor = company(api, "Zwoliński " + UUID.randomUUID(), "PL", null);
        long merged = company(api, "Zwolinski " + UUID.randomUUID(), "PL", null);
        long kept = points.account(program, Points.Customer.company(survivor));
        long gone = points.account(program, Points.Customer.company(merged));
        fill(kept, 60, today.plusDays(200), 0);
        fill(gone, 60, today.plusDays(20), 10);
        String survivorCode = code(kept);
        assertThat(accounts.get(kept).tier()).as("60 points reach no tier").isNull();

        Http.Response done = api.postJson("/api/v1/duplicates/companies/merge",
                "{\"survivorId\": %d, \"mergedIds\": [%d]}".formatted(survivor, merged));
        assertThat(done.status()).as(done.body()).isEqualTo(200);

        assertThat(points.balance(kept)).as("60 + 50").isEqualTo(110);
        assertThat(points.expiring(kept)).as("each earning keeps its own day").containsExactly(
                new Points.Expiring(today.plusDays(20), 50), new Points.Expiring(today.plusDays(200), 60));
        assertThat(jdbc.sql("select count(*) from loyalty_accounts where id = :a").param("a", gone)
                .query(Long.class).single()).as("the emptied account is removed").isZero();
        assertThat(code(kept)).as("the survivor keeps its referral code").isEqualTo(survivorCode);
        assertThat(accounts.get(kept).tier()).as("120 points earned reach Silver").isEqualTo("Silver");

        List<Map<String, Object>> rows = jdbc.sql("""
                select kind, points, balance_after, merged_from_account, merged_from_company, merged_balance_after
                from loyalty_ledger where account_id = :a order by id""").param("a", kept).query().listOfRows();
        assertThat(rows).hasSize(3);
        assertThat(rows).filteredOn(r -> r.get("merged_from_account") == null).extracting(r -> r.get("points"))
                .containsExactly(60);
        assertThat(rows).filteredOn(r -> r.get("merged_from_account") != null)
                .allSatisfy(r -> {
                    assertThat(((Number) r.get("merged_from_account")).longValue()).isEqualTo(gone);
                    assertThat(((Number) r.get("merged_from_company")).longValue()).isEqualTo(merged);
                })
                .extracting(r -> r.get("points"), r -> r.get("merged_balance_after"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(60, 60), org.assertj.core.groups.Tuple.tuple(-10,
                        50));
        assertThat(rows.get(2).get("balance_after")).as("the last row holds the sum").isEqualTo(110);
        List<String> origins = new java.util.ArrayList<>();
        api.get("/api/v1/loyalty/accounts/" + kept + "/ledger").json().get("items")
                .forEach(row -> origins.add(row.get("mergedFromCompany").toString()));
        assertThat(origins).as("newest first").containsExactly(String.valueOf(merged), String.valueOf(merged), "null");
        assertThat(administrator().get("/loyalty/accounts/" + kept).body())
                .contains("from merged company #" + merged);

        new TransactionTemplate(transactions).executeWithoutResult(s -> points.post(kept, new Points.Posting(
                Points.Kind.REDEEMED, -100, null, "REWARD", System.nanoTime(), null, null)));
        assertThat(points.balance(kept)).isEqualTo(10);
        assertThat(points.expiring(kept)).as("the soonest-expiring (merged) points went first")
                .containsExactly(new Points.Expiring(today.plusDays(200), 10));
    }

    @Test
    void merging_two_contacts_of_one_program_adds_their_points() {
        Http api = apiAs(Role.ADMIN);
        long program = program(api);
        String marker = "Lm" + UUID.randomUUID().toString().substring(0, 8);
        long survivor = api.postJson("/api/v1/contacts", "{\"firstName\": \"Anna\", \"lastName\": \"" + marker
                + " Nowak\"}").json().get("id").asLong();
        long merged = api.postJson("/api/v1/contacts", "{\"firstName\": \"Anna\", \"lastName\": \"" + marker
                + " Nowakowa\"}").json().get("id").asLong();
        long kept = points.account(program, Points.Customer.contact(survivor));
        long gone = points.account(program, Points.Customer.contact(merged));
        fill(kept, 30, today.plusDays(100), 5);
        fill(gone, 40, today.plusDays(50), 0);

        Http.Response done = api.postJson("/api/v1/duplicates/contacts/merge",
                "{\"survivorId\": %d, \"mergedIds\": [%d]}".formatted(survivor, merged));
        assertThat(done.status()).as(done.body()).isEqualTo(200);

        assertThat(points.balance(kept)).isEqualTo(65);
        assertThat(jdbc.sql("select count(*) from loyalty_ledger where account_id = :a and merged_from_contact = :c")
                .param("a", kept).param("c", merged).query(Long.class).single()).isEqualTo(1);
        byte[] export = api.postJsonForBytes("/api/v1/privacy/exports", "{\"contactId\": " + survivor + "}");
        String ledger = null;
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(
                new java.io.ByteArrayInputStream(export))) {
            for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals("loyalty/ledger.json")) {
                    ledger = new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                            .replaceAll("\\s", "");
                }
            }
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(ledger).as("the person's export holds both histories").contains("\"merged_from_contact\":" + merged)
                .contains("\"points\":40").contains("\"points\":30").contains("\"points\":-5");
        new TransactionTemplate(transactions).executeWithoutResult(s -> points.post(kept, new Points.Posting(
                Points.Kind.REDEEMED, -65, null, "REWARD", System.nanoTime(), null, null)));
        assertThat(points.balance(kept)).isZero();
    }

    @Test
    void outside_a_merge_the_ledger_still_refuses_to_change_account() {
        Http api = apiAs(Role.ADMIN);
        long program = program(api);
        long one = points.account(program, Points.Customer.company(company(api, "Jeden " + UUID.randomUUID(), "PL",
                null)));
        long other = points.account(program, Points.Customer.company(company(api, "Drugi " + UUID.randomUUID(),
                "PL", null)));
        fill(one, 10, null, 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql(
                "update loyalty_ledger set account_id = :other where account_id = :one").param("other", other)
                .param("one", one).update()).hasMessageContaining("history");
    }
}
