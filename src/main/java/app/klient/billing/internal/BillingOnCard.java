package app.klient.billing.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import app.klient.billing.Invoices;
import app.klient.billing.Orders;
import app.klient.billing.Quotes;
import app.klient.customers.CardSection;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/** A company's quotes, orders (its purchase history) and invoices, on its card. */
@Component
class BillingOnCard implements CardSection {

    private final Quotes quotes;
    private final Orders orders;
    private final Invoices invoices;

    BillingOnCard(Quotes quotes, Orders orders, Invoices invoices) {
        this.quotes = quotes;
        this.orders = orders;
        this.invoices = invoices;
    }

    @Override
    public Optional<Part> forCompany(long companyId) {
        Map<String, Object> data = new HashMap<>();
        data.put("companyId", companyId);
        data.put("quotes", quotes.list(new Quotes.Query(companyId, null, null), PageRequest.of(0, 5)));
        data.put("orders", orders.list(new Orders.Query(companyId, null, null, null), PageRequest.of(0, 5)));
        data.put("invoices", invoices.list(new Invoices.Query(null, companyId, null, null, null),
                PageRequest.of(0, 5)));
        data.put("canIssue", CurrentUser.hasRole(Role.ADMIN, Role.MANAGER, Role.SALES));
        return Optional.of(new Part(20, "billing/card", "documents", data));
    }

    @Override
    public Optional<Part> forContact(long contactId) {
        return Optional.empty();
    }
}
