package app.klient.loyalty.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import app.klient.billing.Seller;
import app.klient.catalog.Products;
import app.klient.loyalty.AdjustmentForm;
import app.klient.loyalty.Accounts;
import app.klient.loyalty.ProgramForm;
import app.klient.loyalty.ProgramView;
import app.klient.loyalty.Programs;
import app.klient.loyalty.RuleForm;
import app.klient.platform.DemoData;
import net.datafaker.Faker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo company's loyalty program: points for the invoices paid over the last thirteen months (so the oldest have
 * expired), double in the birthday month, a bonus for a first purchase and for the first product category, and a few
 * goodwill adjustments, so the customer cards show balances, what expires when and a history.
 */
@Component
@Order(80)
class DemoLoyalty implements DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoLoyalty.class);

    private final Programs programs;
    private final Accounts accounts;
    private final Earning earning;
    private final Expiry expiry;
    private final Products products;
    private final Seller seller;
    private final JdbcClient jdbc;

    DemoLoyalty(Programs programs, Accounts accounts, Earning earning, Expiry expiry, Products products,
            Seller seller, JdbcClient jdbc) {
        this.programs = programs;
        this.accounts = accounts;
        this.earning = earning;
        this.expiry = expiry;
        this.products = products;
        this.seller = seller;
        this.jdbc = jdbc;
    }

    @Override
    public void fill(Faker faker) {
        LocalDate today = LocalDate.now(seller.get().zone());
        ProgramView program = programs.create(new ProgramForm("Klub Stałego Klienta", true, "INVOICE_PAID", "ALL",
                null, 12, today.minusMonths(13).withDayOfMonth(1), 30, null));
        long id = program.id();
        programs.addRule(id, new RuleForm("RATE", "PLN", BigDecimal.TEN, 1, null, null, null, null, null, null));
        programs.addRule(id, new RuleForm("RATE", "CZK", BigDecimal.valueOf(50), 1, null, null, null, null, null,
                null));
        programs.addRule(id, new RuleForm("RATE", "EUR", BigDecimal.valueOf(2), 1, null, null, null, null, null,
                null));
        programs.addRule(id, new RuleForm("BIRTHDAY", null, null, null, null, null, BigDecimal.valueOf(2), null, null,
                null));
        programs.addRule(id, new RuleForm("FIRST_PURCHASE", null, null, 50, null, null, null, null, null, null));
        List<String> categories = products.categories();
        if (!categories.isEmpty()) {
            programs.addRule(id, new RuleForm("CAMPAIGN", null, null, null, null, categories.get(0),
                    BigDecimal.valueOf(2), today.minusMonths(2), today.plusMonths(1), null));
        }
        Earning.Run run = earning.run(id);
        int expired = expiry.expire(today);
        // goodwill after a complaint, and a correction of points granted twice by mistake
        List<Long> busiest = jdbc.sql("""
                select a.id from loyalty_accounts a join loyalty_ledger l on l.account_id = a.id
                where a.program_id = :program group by a.id order by count(*) desc, a.id limit 3""")
                .param("program", id).query(Long.class).list();
        String[] reasons = { "Przeprosiny za opóźnioną dostawę (reklamacja)", "Gratis za udział w targach",
            "Omyłkowo naliczone punkty" };
        for (int i = 0; i < busiest.size(); i++) {
            int balance = accounts.get(busiest.get(i)).balance();
            int points = i < 2 ? 100 + 50 * i : -Math.min(20, balance);
            if (points != 0) {
                accounts.adjust(busiest.get(i), new AdjustmentForm(points, reasons[i]));
            }
        }
        log.info("Demo loyalty: {} purchases earned {} points, {} rows expired", run.purchases(), run.points(),
                expired);
    }
}
