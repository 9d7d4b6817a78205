package app.klient.billing.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import app.klient.billing.CorrectionForm;
import app.klient.billing.InvoiceForm;
import app.klient.billing.InvoiceView;
import app.klient.billing.Invoices;
import app.klient.billing.LineForm;
import app.klient.billing.OrderForm;
import app.klient.billing.OrderView;
import app.klient.billing.Orders;
import app.klient.billing.PaymentForm;
import app.klient.billing.PaymentMethod;
import app.klient.billing.QuoteForm;
import app.klient.billing.QuoteView;
import app.klient.billing.Quotes;
import app.klient.billing.Seller;
import app.klient.billing.SellerProfile;
import app.klient.customers.Companies;
import app.klient.customers.CompanyRow;
import app.klient.customers.CustomerQuery;
import app.klient.platform.DemoData;
import app.klient.sales.DealView;
import app.klient.sales.Deals;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/**
 * The demo company's paperwork: its seller profile, three years of purchases ({@link DemoPurchaseHistory}), and
 * today's quotes made from priced deals (some accepted, ordered and invoiced: paid, partly paid, corrected or
 * waiting), and shop orders.
 */
@Component
@Order(30)
class DemoBilling implements DemoData {

    private final Seller seller;
    private final Companies companies;
    private final Deals deals;
    private final Quotes quotes;
    private final Orders orders;
    private final Invoices invoices;
    private final app.klient.billing.Commissions commissions;
    private final app.klient.identity.Teams teams;
    private final app.klient.identity.Users users;
    private final DemoPurchaseHistory history;
    private List<Long> sellers = List.of();

    DemoBilling(Seller seller, Companies companies, Deals deals, Quotes quotes, Orders orders, Invoices invoices,
            app.klient.billing.Commissions commissions, app.klient.identity.Teams teams,
            app.klient.identity.Users users, DemoPurchaseHistory history) {
        this.history = history;
        this.users = users;
        this.commissions = commissions;
        this.teams = teams;
        this.seller = seller;
        this.companies = companies;
        this.deals = deals;
        this.quotes = quotes;
        this.orders = orders;
        this.invoices = invoices;
    }

    @Override
    public void fill(Faker faker) {
        SellerProfile current = seller.get();
        seller.update(new SellerProfile("Klient Demo", "Klient Demo Sp. z o.o.", "5261040828", "PL5261040828",
                "ul. Prosta 20", "Warszawa", "00-850", "PL", "PL61 1090 1014 0000 0712 1981 2874",
                "faktury@klient-demo.pl", "+48 22 123 45 67", current.invoicePattern(), current.correctionPattern(),
                14, current.taxRates(), null, current.version(), "012345678",
                "art. 43 ust. 1 pkt 29 lit. a ustawy o VAT"));
        // every team earns 3 % of what it sells, machines 5 %
        for (var team : teams.list().stream().filter(t -> t.name().startsWith("Sales")).toList()) {
            commissions.define(new app.klient.billing.CommissionRule(null, null, team.id(), null, new BigDecimal("3"),
                    null));
            commissions.define(new app.klient.billing.CommissionRule(null, null, team.id(), "Machines",
                    new BigDecimal("5"), null));
        }
        history.fill(seller.get());
        sellers = users.activeUsers().stream().filter(u -> u.role() == app.klient.identity.Role.SALES)
                .map(app.klient.identity.UserSummary::id).toList();
        List<CompanyRow> customers = companies.list(CustomerQuery.none(), PageRequest.of(0, 150)).items();
        int quoted = 0;
        for (CompanyRow company : customers) {
            if (quoted >= 12) {
                break;
            }
            DealView priced = deals.ofCompany(company.id()).stream().filter(d -> !d.lines().isEmpty()).findFirst()
                    .orElse(null);
            if (priced == null) {
                continue;
            }
            // what the demo people typed is in the customer's language, as the document is
            String terms = "CZ".equals(company.country()) ? "Dodání do 6 týdnů od objednávky; splatnost 14 dní."
                    : "Dostawa w ciągu 6 tygodni od zamówienia; płatność 14 dni.";
            QuoteView quote = quotes.create(new QuoteForm(null, null, priced.id(), null, null,
                    LocalDate.now().plusDays(30), terms, false,
                    null, priced.ownerId(), null));
            if (quoted % 3 == 0) {
                quote = quotes.markSent(quote.id(), quote.version());
            }
            else {
                OrderView order = quotes.accept(quote.id(), quote.version());
                if (quoted % 3 == 1) {
                    invoice(order, quoted);
                }
            }
            quoted++;
        }
        // a web shop's orders, sent over the API with its own ids
        for (int i = 0; i < Math.min(3, customers.size()); i++) {
            CompanyRow company = customers.get(customers.size() - 1 - i);
            orders.place(new OrderForm(company.id(), null, null, "CZ".equals(company.country()) ? "CZK" : "PLN",
                    false, List.of(new LineForm(null, "CZ".equals(company.country()) ? "Sada náhradních filtrů"
                            : "Zestaw filtrów zapasowych", BigDecimal.valueOf(2 + i),
                            "CZ".equals(company.country()) ? new BigDecimal("890") : new BigDecimal("159"), null,
                            new BigDecimal("23"), false)),
                    "shop", "WEB-" + (1001 + i), company.ownerId()));
        }
    }

    private void invoice(OrderView order, int n) {
        // today: the history before it has numbered every day up to yesterday, and dates never go back in a series
        LocalDate issued = invoices.today();
        InvoiceView invoice = invoices.issue(new InvoiceForm(null, null, order.id(), null, null, issued, issued,
                null, PaymentMethod.TRANSFER, null, null, sellers.isEmpty() ? order.ownerId()
                        : sellers.get(n % sellers.size()), null));
        boolean czech = "cs".equals(invoice.language());
        switch (n % 4) {
            case 0 -> invoices.pay(new PaymentForm(invoice.id(), invoice.grossTotal(), invoices.today(), null,
                    czech ? "Výpis 11/2026" : "Wyciąg 11/2026"));
            case 1 -> invoices.pay(new PaymentForm(invoice.id(), invoice.grossTotal()
                    .divide(BigDecimal.valueOf(2), 2, java.math.RoundingMode.DOWN), issued, null, null));
            case 2 -> {
                invoices.correct(invoice.id(), new CorrectionForm(czech ? "Sleva dohodnutá po dodání"
                        : "Rabat uzgodniony po dostawie", null,
                        List.of(new LineForm(null, czech ? "Sleva" : "Rabat", BigDecimal.ONE.negate(), invoice.lines().get(0)
                                .unitPrice().divide(BigDecimal.TEN, 2, java.math.RoundingMode.DOWN), null,
                                invoice.lines().get(0).taxRate(), invoice.lines().get(0).taxExempt()))));
                invoices.pay(new PaymentForm(invoice.id(), invoices.get(invoice.id()).outstanding(), invoices.today(),
                        null, null));
            }
            default -> {
                // left unpaid: overdue when its due date has passed
            }
        }
    }
}
