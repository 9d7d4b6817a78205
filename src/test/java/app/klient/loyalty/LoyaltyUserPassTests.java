package app.klient.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import tools.jackson.databind.JsonNode;

/**
 * What a user pass through loyalty found (issue 19): referrals paid by "grant what is due now", tiers right whenever
 * they change, corrections of discounted invoices, forms that keep what was typed, and the account page.
 */
class LoyaltyUserPassTests extends WebTest {

    @Autowired
    Points points;

    @Autowired
    app.klient.loyalty.tier.Tiers tiers;

    private Http api;
    private long program;
    private String unique;

    @BeforeEach
    void program() {
        unique = UUID.randomUUID().toString().substring(0, 8);
        api = apiAs(Role.ADMIN);
        program = api.postJson("/api/v1/loyalty/programs", "{\"name\": \"Pass " + unique + "\"}").json().get("id")
                .asLong();
        assertThat(api.postJson("/api/v1/loyalty/programs/" + program + "/rules",
                "{\"kind\": \"RATE\", \"currency\": \"PLN\", \"perAmount\": 10, \"points\": 1}").status())
                .isEqualTo(201);
    }

    private static String line(String description, int quantity, int unitPrice) {
        return "{\"description\": \"%s\", \"quantity\": %d, \"unitPrice\": %d, \"taxRate\": 23}"
                .formatted(description, quantity, unitPrice);
    }

    private long invoice(String customer, String lines) {
        Http.Response made = api.postJson("/api/v1/invoices", "{" + customer + ", \"currency\": \"PLN\", "
                + "\"lines\": [" + lines + "]}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json().get("id").asLong();
    }

    private void pay(long invoice) {
        JsonNode read = api.get("/api/v1/invoices/" + invoice).json();
        BigDecimal due = read.get("grossTotal").decimalValue().add(read.get("correctedTotal").decimalValue());
        assertThat(api.postJson("/api/v1/payments", "{\"invoiceId\": %d, \"amount\": %s}".formatted(invoice,
                due.toPlainString())).status()).isEqualTo(201);
    }

    private void grantDueNow() {
        Http.Response ran = page().postForm("/admin/loyalty/" + program + "/run", Map.of());
        assertThat(ran.status()).isEqualTo(302);
    }

    /** The administrator in the browser, with the session's CSRF token. */
    private Http page() {
        Http browser = administrator();
        browser.get("/account");
        return browser;
    }

    private List<Points.Entry> ledger(long account) {
        return points.history(account, PageRequest.of(0, 100)).getContent();
    }

    @Test
    void a_referred_company_paying_its_first_invoice_earns_both_their_points_when_what_is_due_is_granted() {
        jdbc.sql("update loyalty_programs set referral_points = 25 where id = :id").param("id", program).update();
        long friend = company(api, "Polecający " + unique, "PL", null);
        long referrer = points.account(program, Points.Customer.company(friend));
        String code = api.get("/api/v1/loyalty/accounts/" + referrer + "/referrals").json().get("code").asString();
        long newcomer = company(api, "Nowy klient " + unique, "PL", null);
        Http.Response recorded = api.postJson("/api/v1/loyalty/referrals", "{\"code\": \"" + code
                + "\", \"companyId\": " + newcomer + "}");
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        long referred = recorded.json().get("referredAccountId").asLong();
        long first = invoice("\"companyId\": " + newcomer, line("Regał", 1, 400));
        // paid today: billing dates the settlement at the start of the day, before the referral was recorded
        pay(first);

        grantDueNow();
        grantDueNow();

        assertThat(ledger(referrer)).extracting(Points.Entry::kind, Points.Entry::points)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Points.Kind.REFERRAL, 25));
        assertThat(ledger(referred)).extracting(Points.Entry::kind, Points.Entry::points)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Points.Kind.REFERRAL, 25),
                        org.assertj.core.groups.Tuple.tuple(Points.Kind.EARNED, 40));
        assertThat(api.get("/api/v1/loyalty/accounts/" + referrer + "/referrals").json().get("referred").get(0)
                .get("state").asString()).isEqualTo("REWARDED");
    }

    @Test
    void a_correction_of_an_invoice_with_a_percentage_coupon_gives_back_the_discounted_price_and_its_points() {
        long company = company(api, "Rabat " + unique, "PL", null);
        long account = points.account(program, Points.Customer.company(company));
        jdbc.sql("""
                insert into loyalty_ledger (account_id, kind, points, balance_after, reason)
                values (:a, 'ADJUSTED', 500, 500, 'start')""").param("a", account).update();
        Http.Response reward = apiAs(Role.MARKETING).postJson("/api/v1/loyalty/rewards", "{\"programId\": " + program
                + ", \"nameEn\": \"Ten off " + unique + "\", \"namePl\": \"Dziesięć\", \"nameCs\": \"Deset\", "
                + "\"kind\": \"PERCENT\", \"percent\": 10, \"points\": 100}");
        assertThat(reward.status()).as(reward.body()).isEqualTo(201);
        Http.Response redeemed = api.postJson("/api/v1/loyalty/accounts/" + account + "/redemptions",
                "{\"rewardId\": " + reward.json().get("id").asLong() + "}");
        assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(201);
        String code = redeemed.json().get("code").asString();
        Http.Response made = api.postJson("/api/v1/invoices", "{\"companyId\": " + company + ", \"currency\": "
                + "\"PLN\", \"couponCode\": \"" + code + "\", \"lines\": [" + line("Widget", 3, 1000) + "]}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        long invoice = made.json().get("id").asLong();
        // 3 × 1,000 less 10 % = 2,700 net, 3,321 gross
        assertThat(made.json().get("grossTotal").decimalValue()).isEqualByComparingTo("3321.00");
        pay(invoice);
        grantDueNow();
        assertThat(points.balance(account)).as("400 + 2,700 / 10").isEqualTo(400 + 270);

        Http page = page();
        String form = page.get("/invoices/" + invoice).body();
        assertThat(form).as("the coupon's line is not offered to take back").doesNotContain("name=\"back1\"");
        Http.Response corrected = page.postForm("/invoices/" + invoice + "/corrections", Map.of("back0", "1",
                "reason", "one returned"));
        assertThat(corrected.status()).isEqualTo(302);
        JsonNode correction = api.get("/api/v1/invoices/" + api.get("/api/v1/invoices/" + invoice).json()
                .get("correctionIds").get(0).asLong()).json();
        // one widget back: −1,000 net, its 10 % discount +100 back: −900 net, −1,107 gross (not −1,230)
        assertThat(correction.get("netTotal").decimalValue()).isEqualByComparingTo("-900.00");
        assertThat(correction.get("grossTotal").decimalValue()).isEqualByComparingTo("-1107.00");
        grantDueNow();
        assertThat(ledger(account).get(0).points()).as("900 of 2,700: 90 of 270 points (not 100)").isEqualTo(-90);
    }

    private long tier(String name, int threshold) {
        Http.Response made = apiAs(Role.MARKETING).postJson("/api/v1/loyalty/tiers", """
                {"programId": %d, "nameEn": "%s", "namePl": "%s", "nameCs": "%s", "threshold": %d}"""
                .formatted(program, name, name, name, threshold));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json().get("id").asLong();
    }

    private JsonNode standing(long account) {
        return api.get("/api/v1/loyalty/accounts/" + account + "/tier").json();
    }

    @Test
    void tiers_are_right_whenever_tiers_change_and_the_next_tier_is_one_above() {
        long account = points.account(program, Points.Customer.company(company(api, "Progi " + unique, "PL", null)));
        jdbc.sql("""
                insert into loyalty_ledger (account_id, kind, points, balance_after, cause_kind, cause_id)
                values (:a, 'EARNED', 630, 630, 'INVOICE', -1)""").param("a", account).update();
        long silver = tier("Silver " + unique, 1000);
        tier("Platinum " + unique, 2500);
        assertThat(standing(account).get("tier").isNull()).as("630 reaches no tier").isTrue();
        assertThat(standing(account).path("next").path("id").asLong()).isEqualTo(silver);

        long bronze = tier("Bronze " + unique, 100);
        JsonNode now = standing(account);
        assertThat(now.path("tier").path("id").asLong()).as("a new tier reached: held at once").isEqualTo(bronze);
        assertThat(now.path("next").path("id").asLong()).as("next is above the tier held").isEqualTo(silver);
        assertThat(tiers.standing(account).toNext()).as("1,000 − 630").isEqualByComparingTo("370");

        JsonNode read = apiAs(Role.MARKETING).get("/api/v1/loyalty/tiers/" + silver).json();
        Http.Response lowered = apiAs(Role.MARKETING).putJson("/api/v1/loyalty/tiers/" + silver, """
                {"programId": %d, "nameEn": "Silver", "namePl": "Srebrny", "nameCs": "Stříbrná", "threshold": 600,
                 "version": %d}""".formatted(program, read.get("version").asInt()));
        assertThat(lowered.status()).as(lowered.body()).isEqualTo(200);
        assertThat(standing(account).path("tier").path("id").asLong()).as("a threshold lowered: up at once")
                .isEqualTo(silver);
    }

    @Test
    void points_are_dated_when_their_purchase_was_paid_so_a_tier_counts_only_the_period() {
        long company = company(api, "Dawno " + unique, "PL", null);
        long old = invoice("\"companyId\": " + company, line("Szafa", 1, 3000));
        pay(old);
        jdbc.sql("update invoices set paid_at = now() - interval '14 months' where id = :id").param("id", old)
                .update();
        jdbc.sql("update loyalty_programs set earn_from = current_date - 500 where id = :id").param("id", program)
                .update();
        grantDueNow();
        long account = points.account(program, Points.Customer.company(company));
        Points.Entry earned = ledger(account).get(0);
        assertThat(earned.points()).isEqualTo(300);
        assertThat(earned.at()).as("dated on the day it was paid, not today")
                .isBefore(java.time.Instant.now().minus(java.time.Duration.ofDays(400)));
        tier("Gold " + unique, 200);
        assertThat(standing(account).get("tier").isNull()).as("earned 14 months ago: outside the 12 months")
                .isTrue();
    }

    @Test
    void the_loyalty_forms_keep_what_was_typed_and_say_beside_each_field_what_is_wrong() {
        Http page = page();
        String rules = "/admin/loyalty/" + program + "/rules";
        Http.Response invented = page.postForm(rules, Map.of("kind", "RATE", "currency", "XYZ", "perAmount", "25",
                "points", "3"));
        assertThat(invented.status()).as("the form again, not a 400 page").isEqualTo(200);
        assertThat(invented.body()).contains("value=\"XYZ\"").contains("value=\"25\"").contains("value=\"3\"")
                .contains("is not a currency code of ISO 4217");
        Http.Response fourLetters = page.postForm(rules, Map.of("kind", "RATE", "currency", "EURO", "perAmount",
                "25", "points", "3"));
        assertThat(fourLetters.status()).isEqualTo(200);
        assertThat(fourLetters.body()).contains("value=\"EURO\"").contains("is not a currency code");
        Http.Response letters = page.postForm(rules, Map.of("kind", "BIRTHDAY", "multiplier", "dwa"));
        assertThat(letters.status()).isEqualTo(200);
        assertThat(letters.body()).contains("value=\"dwa\"").contains("Write a number such as 2 or 1.5")
                .doesNotContain("whole number");
        assertThat(page.postForm(rules, Map.of("kind", "BIRTHDAY", "multiplier", "1.5")).status())
                .as("a decimal multiplier is a multiplier").isEqualTo(302);

        String tooLong = "Klub " + "x".repeat(5000);
        Http.Response named = page.postForm("/admin/loyalty", Map.of("name", tooLong, "earnOn", "INVOICE_PAID",
                "participation", "ALL", "noticeDays", "30"));
        assertThat(named.status()).isEqualTo(200);
        assertThat(named.body()).contains("At most 100 characters").contains(tooLong);
        assertThat(jdbc.sql("select count(*) from loyalty_programs where name like 'Klub xxxx%'").query(Long.class)
                .single()).as("refused, not cut to 100").isZero();

        Http marketer = signedInAs(Role.MARKETING);
        marketer.get("/account");
        Http.Response tier = marketer.postForm("/loyalty/tiers", Map.of("programId", String.valueOf(program),
                "nameEn", "Gold " + unique, "namePl", "Złoty", "nameCs", "", "threshold", "tysiąc"));
        assertThat(tier.status()).as("letters in a threshold: the form again").isEqualTo(200);
        assertThat(tier.body()).contains("value=\"Gold " + unique + "\"").contains("value=\"tysiąc\"")
                .contains("Enter a number.").doesNotContain("„nameCs“").doesNotContain("Check the field");
        Http.Response unnamed = marketer.postForm("/loyalty/tiers", Map.of("programId", String.valueOf(program),
                "nameEn", "Gold " + unique, "namePl", "Złoty", "nameCs", "", "threshold", "1000"));
        assertThat(unnamed.status()).isEqualTo(200);
        assertThat(unnamed.body()).contains("Fill this in.").contains("value=\"Gold " + unique + "\"")
                .doesNotContain("nameCs“");

        long account = points.account(program, Points.Customer.company(company(api, "Korekta " + unique, "PL",
                null)));
        Http.Response adjusted = page.postForm("/loyalty/accounts/" + account + "/adjust", Map.of("points", "12,5",
                "reason", "Przeprosiny " + unique));
        assertThat(adjusted.status()).isEqualTo(200);
        assertThat(adjusted.body()).contains("value=\"Przeprosiny " + unique + "\"").contains("value=\"12,5\"");
    }

    @Test
    void the_account_page_names_its_customer_and_pages_through_the_ledger_and_codes_read_in_the_readers_language() {
        long company = company(api, "Księgarnia " + unique, "PL", null);
        long account = points.account(program, Points.Customer.company(company));
        for (int i = 1; i <= 3; i++) {
            jdbc.sql("""
                    insert into loyalty_ledger (account_id, kind, points, balance_after, cause_kind, cause_id)
                    values (:a, 'EARNED', 100, :b, 'INVOICE', :c)""").param("a", account).param("b", 100 * i)
                    .param("c", -10 - i).update();
        }
        Http page = page();
        String first = page.get("/loyalty/accounts/" + account).body();
        assertThat(first).contains("Księgarnia " + unique);
        String second = page.get("/loyalty/accounts/" + account + "?page=1&size=2").body();
        assertThat(second).as("the second page of two rows holds the first row").contains("+100")
                .doesNotContain("No points yet.");
        assertThat(page.get("/loyalty/accounts/" + account + "?page=1").body()).as("past the end: the last page")
                .contains("+100").doesNotContain("No points yet.");

        Http.Response reward = apiAs(Role.MARKETING).postJson("/api/v1/loyalty/rewards", "{\"programId\": "
                + program + ", \"nameEn\": \"Ten off\", \"namePl\": \"Dziesięć procent\", \"nameCs\": "
                + "\"Deset procent\", \"kind\": \"PERCENT\", \"percent\": 10, \"points\": 100}");
        api.postJson("/api/v1/loyalty/accounts/" + account + "/redemptions", "{\"rewardId\": "
                + reward.json().get("id").asLong() + "}");
        assertThat(apiAs(Role.SALES).language("pl").get("/api/v1/loyalty/accounts/" + account + "/redemptions")
                .json().get("items").get(0).get("rewardName").asString()).isEqualTo("Dziesięć procent");
        assertThat(apiAs(Role.SALES).language("cs").get("/api/v1/loyalty/accounts/" + account + "/redemptions")
                .json().get("items").get(0).get("rewardName").asString()).isEqualTo("Deset procent");
        assertThat(api.get("/api/v1/loyalty/accounts/" + account + "/balance").json().get("balance").asInt())
                .isEqualTo(200);
    }
}
