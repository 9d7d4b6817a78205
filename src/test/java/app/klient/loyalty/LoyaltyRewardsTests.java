package app.klient.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.loyalty.referral.Referrals;
import app.klient.loyalty.tier.MemberLinks;
import app.klient.loyalty.tier.Tiers;
import app.klient.support.Http;
import app.klient.support.Race;
import app.klient.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Tiers (up at once, down only at review), rewards redeemed into one-use codes (one winner of two at once), the
 * codes as discount lines of amounts, free products and gift cards, referrals earning for both, and the customer's
 * page by a signed link.
 */
class LoyaltyRewardsTests extends WebTest {

    @Autowired
    Points points;

    @Autowired
    Tiers tiers;

    @Autowired
    Referrals referrals;

    @Autowired
    MemberLinks links;

    @Autowired
    PlatformTransactionManager transactions;

    private Http marketer;
    private Http sales;
    private long program;
    private String unique;

    @BeforeEach
    void program() {
        unique = UUID.randomUUID().toString().substring(0, 8);
        marketer = apiAs(Role.MARKETING);
        sales = apiAs(Role.SALES);
        program = jdbc.sql("insert into loyalty_programs (name, referral_points) values (:name, 50) returning id")
                .param("name", "Club " + unique).query(Long.class).single();
    }

    private long contact(String email) {
        return sales.postJson("/api/v1/contacts", "{\"lastName\": \"Nowak " + unique + "\", \"emails\": [\"" + email
                + "\"], \"address\": {\"street\": \"ul. Piotrkowska 1\", \"city\": \"Łódź\", \"postalCode\": "
                + "\"90-001\", \"country\": \"PL\"}}").json().get("id").asLong();
    }

    private long account(long contactId) {
        return points.account(program, Points.Customer.contact(contactId));
    }

    private void earn(long account, int amount, long cause) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> points.post(account, new Points.Posting(
                Points.Kind.EARNED, amount, null, "INVOICE", cause, null, null)));
    }

    private long tier(String name, int threshold) {
        return marketer.postJson("/api/v1/loyalty/tiers", """
                {"programId": %d, "nameEn": "%s", "namePl": "%s PL", "nameCs": "%s CS", "threshold": %d,
                 "multiplier": 1.5}""".formatted(program, name, name, name, threshold)).json().get("id").asLong();
    }

    private long reward(String body) {
        Http.Response made = marketer.postJson("/api/v1/loyalty/rewards", "{\"programId\": " + program
                + ", \"nameEn\": \"R " + unique + "\", \"namePl\": \"N\", \"nameCs\": \"O\", " + body + "}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        return made.json().get("id").asLong();
    }

    private JsonNode redeem(long account, long reward) {
        Http.Response r = sales.postJson("/api/v1/loyalty/accounts/" + account + "/redemptions",
                "{\"rewardId\": " + reward + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    @Test
    void two_redemptions_of_the_same_points_at_once_leave_exactly_one_winner() {
        long account = account(contact("race-" + unique + "@loyalty.test"));
        earn(account, 100, 1);
        long reward = reward("\"kind\": \"PERCENT\", \"percent\": 10, \"points\": 80");
        Http other = apiAs(Role.SUPPORT);
        String body = "{\"rewardId\": " + reward + "}";
        List<Integer> statuses = Race.run(
                () -> sales.postJson("/api/v1/loyalty/accounts/" + account + "/redemptions", body).status(),
                () -> other.postJson("/api/v1/loyalty/accounts/" + account + "/redemptions", body).status());
        assertThat(statuses).containsExactlyInAnyOrder(201, 400);
        assertThat(points.balance(account)).isEqualTo(20);
        assertThat(jdbc.sql("select count(*) from loyalty_redemptions where account_id = :a").param("a", account)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from loyalty_ledger where account_id = :a and kind = 'REDEEMED'")
                .param("a", account).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_tier_goes_up_at_once_with_an_email_and_down_only_at_review() {
        String email = "tier-" + unique + "@loyalty.test";
        long account = account(contact(email));
        long silver = tier("Silver " + unique, 100);
        long gold = tier("Gold " + unique, 500);
        long goldOnly = reward("\"kind\": \"AMOUNT\", \"amount\": 20, \"currency\": \"PLN\", \"points\": 50, "
                + "\"tierId\": " + gold);
        earn(account, 150, 11);
        assertThat(tiers.standing(account).tier().id()).isEqualTo(silver);
        Http.Response refused = sales.postJson("/api/v1/loyalty/accounts/" + account + "/redemptions",
                "{\"rewardId\": " + goldOnly + "}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Gold " + unique);
        earn(account, 400, 12);
        Tiers.Standing standing = tiers.standing(account);
        assertThat(standing.tier().id()).as("up at once").isEqualTo(gold);
        assertThat(standing.reviewOn()).isAfter(LocalDate.now().plusMonths(11));
        assertThat(jdbc.sql("select count(*) from outgoing_mail where :to = any(to_addresses)").param("to", email)
                .query(Long.class).single()).as("one e-mail per upgrade").isEqualTo(2);
        redeem(account, goldOnly);
        assertThat(tiers.standing(account).tier().id()).as("spending points never takes a tier down").isEqualTo(gold);
        // the period passed with nothing earned in it: the review takes the tier away, not before its day
        assertThat(tiers.review(LocalDate.now(), 1000)).isGreaterThanOrEqualTo(0);
        assertThat(tiers.standing(account).tier().id()).as("not reviewed before its day").isEqualTo(gold);
        jdbc.sql("update loyalty_tiers set threshold = threshold + 10000 where id in (:s, :g)")
                .param("s", silver).param("g", gold).update();
        jdbc.sql("update loyalty_accounts set tier_review_on = current_date - 1 where id = :a").param("a", account)
                .update();
        assertThat(tiers.review(LocalDate.now(), 1000)).isGreaterThanOrEqualTo(1);
        assertThat(tiers.standing(account).tier()).as("down at review").isNull();
        assertThat(jdbc.sql("select reason from loyalty_tier_changes where account_id = :a order by id")
                .param("a", account).query(String.class).list()).containsExactly("UPGRADE", "UPGRADE", "REVIEW");
    }

    @Test
    void a_tier_counted_by_spend_counts_the_net_paid_over_the_period() {
        long contactId = contact("spend-" + unique + "@loyalty.test");
        long account = account(contactId);
        int version = tiers.program(program).version();
        assertThat(marketer.putJson("/api/v1/loyalty/programs/" + program + "/tier-settings", "{\"basis\": "
                + "\"SPEND\", \"months\": 6, \"referralPoints\": 50, \"version\": " + version + "}").status())
                .isEqualTo(200);
        long vip = tier("VIP " + unique, 150);
        long invoice = sales.postJson("/api/v1/invoices", "{\"contactId\": " + contactId + ", \"lines\": "
                + "[{\"description\": \"Service\", \"quantity\": 1, \"unitPrice\": 120, \"taxRate\": 23}]}").json()
                .get("id").asLong();
        earn(account, 10, 51);
        assertThat(tiers.standing(account).tier()).as("an unpaid invoice counts nothing").isNull();
        jdbc.sql("update invoices set paid_total = gross_total, paid_at = now() where id = :id").param("id", invoice)
                .update();
        earn(account, 10, 52);
        assertThat(tiers.standing(account).reached()).as("net, not gross").isEqualByComparingTo("120");
        assertThat(tiers.standing(account).tier()).isNull();
        long second = sales.postJson("/api/v1/invoices", "{\"contactId\": " + contactId + ", \"lines\": "
                + "[{\"description\": \"Service\", \"quantity\": 1, \"unitPrice\": 40, \"taxRate\": 23}]}").json()
                .get("id").asLong();
        jdbc.sql("update invoices set paid_total = gross_total, paid_at = now() where id = :id").param("id", second)
                .update();
        earn(account, 10, 53);
        assertThat(tiers.standing(account).tier().id()).isEqualTo(vip);
    }

    @Test
    void codes_take_an_amount_a_free_product_and_a_gift_card_off_a_document() {
        long contactId = contact("codes-" + unique + "@loyalty.test");
        long account = account(contactId);
        earn(account, 1000, 21);
        String amount = redeem(account, reward("\"kind\": \"AMOUNT\", \"amount\": 50, \"currency\": \"PLN\", "
                + "\"points\": 100")).get("code").asString();
        String line = "\"lines\": [{\"description\": \"Service\", \"quantity\": 1, \"unitPrice\": 100, "
                + "\"taxRate\": 23}]";
        JsonNode quote = sales.postJson("/api/v1/quotes", "{\"contactId\": " + contactId + ", \"currency\": "
                + "\"PLN\", \"couponCode\": \"" + amount + "\", " + line + "}").json();
        assertThat(quote.get("grossTotal").decimalValue()).isEqualByComparingTo("73.00");
        Http.Response again = sales.postJson("/api/v1/quotes", "{\"contactId\": " + contactId
                + ", \"couponCode\": \"" + amount + "\", " + line + "}");
        assertThat(again.status()).as("a code is used once").isEqualTo(400);

        String euro = redeem(account, reward("\"kind\": \"AMOUNT\", \"amount\": 5, \"currency\": \"EUR\", "
                + "\"points\": 100")).get("code").asString();
        Http.Response otherCurrency = sales.postJson("/api/v1/quotes", "{\"contactId\": " + contactId
                + ", \"currency\": \"PLN\", \"couponCode\": \"" + euro + "\", " + line + "}");
        assertThat(otherCurrency.status()).isEqualTo(400);
        assertThat(otherCurrency.body()).contains("EUR");

        long product = apiAs(Role.ADMIN).postJson("/api/v1/products", """
                {"sku": "LR-%s", "name": "Kettle", "unit": "pcs", "category": "Home", "unitPrice": 40,
                 "currency": "PLN", "taxRate": 8}""".formatted(unique)).json().get("id").asLong();
        String free = redeem(account, reward("\"kind\": \"FREE_PRODUCT\", \"productId\": " + product
                + ", \"points\": 100")).get("code").asString();
        Http.Response missing = sales.postJson("/api/v1/quotes", "{\"contactId\": " + contactId
                + ", \"couponCode\": \"" + free + "\", " + line + "}");
        assertThat(missing.status()).as("the free product must be on the document").isEqualTo(400);
        JsonNode withProduct = sales.postJson("/api/v1/quotes", "{\"contactId\": " + contactId + ", \"currency\": "
                + "\"PLN\", \"couponCode\": \"" + free + "\", \"lines\": [{\"description\": \"Service\", "
                + "\"quantity\": 1, \"unitPrice\": 100, \"taxRate\": 23}, {\"productId\": " + product
                + ", \"quantity\": 2}]}").json();
        // 100 at 23 % and 2 × 40 at 8 %, one kettle free: 123 + 43.20 = 166.20
        assertThat(withProduct.get("grossTotal").decimalValue()).as(withProduct.toString())
                .isEqualByComparingTo("166.20");

        String gift = redeem(account, reward("\"kind\": \"GIFT_CARD\", \"amount\": 200, \"currency\": \"PLN\", "
                + "\"points\": 100")).get("code").asString();
        long friend = contact("friend-" + unique + "@loyalty.test");
        JsonNode given = sales.postJson("/api/v1/quotes", "{\"contactId\": " + friend + ", \"currency\": \"PLN\", "
                + "\"couponCode\": \"" + gift + "\", " + line + "}").json();
        assertThat(given.get("grossTotal").decimalValue()).as("a gift card is anybody's, up to the total")
                .isEqualByComparingTo("0.00");
    }

    @Test
    void a_referred_customers_first_paid_purchase_earns_points_for_both_once() {
        long referrerContact = contact("referrer-" + unique + "@loyalty.test");
        long referrer = account(referrerContact);
        String made = jdbc.sql("select code from loyalty_referral_codes where account_id = :id").param("id", referrer)
                .query(String.class).optional().orElse(null);
        assertThat(made).as("the account has its code before anybody reads it").matches("[A-HJ-NP-Z2-9]{8}");
        String code = sales.get("/api/v1/loyalty/accounts/" + referrer + "/referrals").json().get("code")
                .asString();
        assertThat(code).isEqualTo(made);
        long newcomer = contact("newcomer-" + unique + "@loyalty.test");
        assertThat(sales.postJson("/api/v1/loyalty/referrals", "{\"code\": \"" + code + "\", \"contactId\": "
                + referrerContact + "}").status()).as("not one's own code").isEqualTo(400);
        Http.Response recorded = sales.postJson("/api/v1/loyalty/referrals", "{\"code\": \"" + code.toLowerCase()
                + "\", \"contactId\": " + newcomer + "}");
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        assertThat(sales.postJson("/api/v1/loyalty/referrals", "{\"code\": \"" + code + "\", \"contactId\": "
                + newcomer + "}").status()).as("referred once").isEqualTo(400);
        long referred = recorded.json().path("referredAccountId").asLong();
        assertThat(referred).as(recorded.body()).isPositive();
        referrals.rewardDue(null, 0, 10000);
        assertThat(points.balance(referred)).as("nothing before a paid purchase").isZero();
        Http.Response issued = sales.postJson("/api/v1/invoices", "{\"contactId\": " + newcomer + ", \"lines\": "
                + "[{\"description\": \"Service\", \"quantity\": 1, \"unitPrice\": 100, \"taxRate\": 23}]}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        long invoice = issued.json().get("id").asLong();
        jdbc.sql("update invoices set paid_total = gross_total, paid_at = now() where id = :id").param("id", invoice)
                .update();
        referrals.rewardDue(null, 0, 10000);
        referrals.rewardDue(null, 0, 10000);
        assertThat(points.balance(referrer)).isEqualTo(50);
        assertThat(points.balance(referred)).isEqualTo(50);
        assertThat(sales.get("/api/v1/loyalty/accounts/" + referrer + "/referrals").json().get("referred").get(0)
                .get("state").asString()).isEqualTo("REWARDED");
        String card = signedInAs(Role.SALES).get("/contacts/" + referrerContact).body();
        assertThat(card).contains(code).contains("Nowak " + unique);
    }

    @Test
    void the_customers_page_by_a_signed_link_shows_their_points_and_refuses_forged_and_expired_links() {
        long account = account(contact("page-" + unique + "@loyalty.test"));
        earn(account, 120, 31);
        String url = sales.get("/api/v1/loyalty/accounts/" + account + "/link").json().get("url").asString();
        String path = url.substring(url.indexOf("/forms/"));
        Http.Response page = browser().get(path);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("120").contains("Nowak " + unique);
        String token = path.substring(path.lastIndexOf('/') + 1);
        String forged = token.substring(0, 5) + (token.charAt(5) == 'A' ? 'B' : 'A') + token.substring(6);
        Http.Response refused = browser().get("/forms/loyalty/" + forged);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).contains("This link does not work").doesNotContain("Nowak");
        assertThat(browser().get("/forms/loyalty/%3Cscript%3E").status()).isEqualTo(404);
        Http.Response expired = browser().get("/forms/loyalty/" + expiredToken(account));
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.body()).contains("expired").doesNotContain("Nowak");
    }

    @Test
    void two_nodes_reviewing_at_the_same_moment_review_each_account_once() {
        long gold = tier("Gold " + unique, 100);
        List<Long> accounts = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long account = account(contact("review" + i + "-" + unique + "@loyalty.test"));
            earn(account, 150, 40 + i);
            accounts.add(account);
        }
        assertThat(accounts).allSatisfy(a -> assertThat(tiers.standing(a).tier().id()).isEqualTo(gold));
        jdbc.sql("update loyalty_tiers set threshold = 100000 where id = :g").param("g", gold).update();
        jdbc.sql("update loyalty_accounts set tier_review_on = current_date - 1 where id = any(cast(:ids as bigint[]))")
                .param("ids", accounts.toArray(Long[]::new)).update();
        LocalDate today = LocalDate.now();
        Race.run(() -> tiers.review(today, 1000), () -> tiers.review(today, 1000), () -> tiers.review(today, 1000));
        assertThat(jdbc.sql("""
                select count(*) from loyalty_tier_changes
                where reason = 'REVIEW' and account_id = any(cast(:ids as bigint[]))""")
                .param("ids", accounts.toArray(Long[]::new)).query(Long.class).single()).isEqualTo(6);
        assertThat(accounts).allSatisfy(a -> assertThat(tiers.standing(a).tier()).isNull());
        assertThat(jdbc.sql("select count(*) from outgoing_mail where to_addresses[1] like :pattern")
                .param("pattern", "review%-" + unique + "@loyalty.test").query(Long.class).single())
                .as("one e-mail per account for going up, one for the review").isEqualTo(12);
    }

    private String expiredToken(long account) {
        String link = links.link(account, LocalDate.now().minusDays(MemberLinks.VALID_DAYS + 1));
        return link.substring(link.lastIndexOf('/') + 1);
    }
}
