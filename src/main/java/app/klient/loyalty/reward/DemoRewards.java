package app.klient.loyalty.reward;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

import app.klient.billing.CouponCodes;
import app.klient.loyalty.Points;
import app.klient.loyalty.tier.TierForm;
import app.klient.loyalty.tier.TierSettings;
import app.klient.loyalty.tier.Tiers;
import app.klient.platform.DemoData;
import net.datafaker.Faker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo company's tiers (Silver, Gold, Platinum), rewards catalog, a few redeemed codes and referrals, after the
 * loyalty program and its earned points (made by the program's own demo data, which comes first; when there is none,
 * a program and a year of earnings are made here). Members are placed in their tiers without e-mails: the demo
 * customers are told nothing.
 */
@Component
@Order(85)
class DemoRewards implements DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoRewards.class);

    private final JdbcClient jdbc;
    private final Tiers tiers;
    private final Rewards rewards;
    private final Points points;

    DemoRewards(JdbcClient jdbc, Tiers tiers, Rewards rewards, Points points) {
        this.jdbc = jdbc;
        this.tiers = tiers;
        this.rewards = rewards;
        this.points = points;
    }

    @Override
    public void fill(Faker faker) {
        List<Long> contacts = jdbc.sql("""
                select id from contacts where cardinality(emails) > 0 order by company_id nulls first, id limit 40""")
                .query(Long.class).list();
        if (contacts.size() < 10) {
            return;
        }
        Random random = new Random(75);
        Long program = jdbc.sql("select id from loyalty_programs order by id limit 1").query(Long.class).optional()
                .orElse(null);
        if (program == null) {
            program = jdbc.sql("insert into loyalty_programs (name, expire_months) values ('Klient Club', 24) "
                    + "returning id").query(Long.class).single();
        }
        int version = tiers.program(program).version();
        tiers.settings(program, new TierSettings(TierSettings.Basis.POINTS, 12, 100, version));
        long silver = tiers.create(new TierForm(program, "Silver", "Srebrny", "Stříbrná", new BigDecimal("300"),
                new BigDecimal("1.25"), null), false).id();
        long gold = tiers.create(new TierForm(program, "Gold", "Złoty", "Zlatá", new BigDecimal("1000"),
                new BigDecimal("1.5"), null), false).id();
        tiers.create(new TierForm(program, "Platinum", "Platynowy", "Platinová", new BigDecimal("2500"),
                new BigDecimal("2"), null), false);
        Long product = jdbc.sql("select id from products where active order by id limit 1").query(Long.class)
                .optional().orElse(null);
        long tenOff = rewards.create(new RewardForm(program, CouponCodes.Kind.PERCENT, "10 % off your next order",
                "10 % rabatu na kolejne zamówienie", "Sleva 10 % na další objednávku", 250, BigDecimal.TEN, null,
                null, null, null, 90, true, null)).id();
        long fiftyOff = rewards.create(new RewardForm(program, CouponCodes.Kind.AMOUNT, "100 PLN off",
                "100 zł rabatu", "Sleva 100 PLN", 500, null, new BigDecimal("100"), "PLN", null, null, 90, true,
                null)).id();
        if (product != null) {
            rewards.create(new RewardForm(program, CouponCodes.Kind.FREE_PRODUCT, "A product of ours, free",
                    "Nasz produkt gratis", "Náš produkt zdarma", 800, null, null, null, product, silver, 60, true,
                    null));
        }
        rewards.create(new RewardForm(program, CouponCodes.Kind.GIFT_CARD, "Gift card 500 PLN",
                "Karta podarunkowa 500 zł", "Dárková karta 500 PLN", 2000, null, new BigDecimal("500"), "PLN", null,
                gold, 365, true, null));

        boolean earned = jdbc.sql("select exists (select 1 from loyalty_ledger)").query(Boolean.class).single();
        List<Long> accounts = contacts.stream().map(c -> points.account(program(), Points.Customer.contact(c)))
                .toList();
        if (!earned) {
            // a year of purchases, in the past: written as they were, not as if earned today
            for (int i = 0; i < accounts.size(); i++) {
                int balance = 0;
                int purchases = 1 + random.nextInt(6);
                for (int p = 0; p < purchases; p++) {
                    int earnedNow = 40 + random.nextInt(i % 5 == 0 ? 900 : 300);
                    balance += earnedNow;
                    jdbc.sql("""
                            insert into loyalty_ledger (account_id, kind, points, balance_after, expires_on, reason, at)
                            values (:account, 'EARNED', :points, :balance, current_date + 700, 'demo',
                                    now() - make_interval(days => :days))""")
                            .param("account", accounts.get(i)).param("points", earnedNow).param("balance", balance)
                            .param("days", 300 - p * 45 - random.nextInt(30)).update();
                }
            }
        }
        tiers.settle(accounts);
        // two customers took rewards
        redeem(accounts.get(0), tenOff);
        redeem(accounts.get(5), fiftyOff);
        // a recommendation that earned points, and one still waiting for the first paid purchase
        for (int i = accounts.size() - 1, made = 0; i > 10 && made < 4; i--, made++) {
            referral(accounts.get(made + 1), accounts.get(i), made % 2 == 0);
        }
        log.info("Demo loyalty: 3 tiers, 4 rewards, {} members placed", accounts.size());
    }

    private long program() {
        return jdbc.sql("select id from loyalty_programs order by id limit 1").query(Long.class).single();
    }

    private void redeem(long account, long reward) {
        if (points.balance(account) >= rewards.get(reward).points()) {
            rewards.redeem(account, reward);
        }
    }

    /** A referral as it happened: recorded before the newcomer's first paid invoice, and rewarded by it if paid. */
    private void referral(long referrerAccount, long newcomerAccount, boolean rewarded) {
        long newcomer = jdbc.sql("select contact_id from loyalty_accounts where id = :a").param("a", newcomerAccount)
                .query(Long.class).single();
        record Paid(long id, java.sql.Timestamp at) {
        }
        Paid first = jdbc.sql("""
                select id, paid_at from invoices where contact_id = :c and kind = 'INVOICE' and paid_at is not null
                order by paid_at, id limit 1""").param("c", newcomer)
                .query((rs, n) -> new Paid(rs.getLong(1), rs.getTimestamp(2))).optional().orElse(null);
        if (rewarded != (first != null)) {
            return;
        }
        long id = jdbc.sql("""
                insert into loyalty_referrals (referrer_account_id, referred_account_id, state, invoice_id,
                                               created_at, rewarded_at)
                values (:referrer, :referred, :state, :invoice,
                        coalesce(cast(:paid as timestamptz) - interval '12 days', now() - interval '3 days'),
                        cast(:paid as timestamptz))
                on conflict (referred_account_id) do nothing returning id""")
                .param("referrer", referrerAccount).param("referred", newcomerAccount)
                .param("state", rewarded ? "REWARDED" : "PENDING").param("invoice", first == null ? null : first.id())
                .param("paid", first == null ? null : first.at()).query(Long.class).optional().orElse(0L);
        if (id == 0 || !rewarded) {
            return;
        }
        for (long account : new long[] { referrerAccount, newcomerAccount }) {
            jdbc.sql("""
                    insert into loyalty_ledger (account_id, kind, points, balance_after, cause_kind, cause_id, at)
                    values (:account, 'REFERRAL', 100, :balance, 'REFERRAL', :id, :paid)""")
                    .param("account", account).param("balance", points.balance(account) + 100).param("id", id)
                    .param("paid", first.at()).update();
        }
    }
}
