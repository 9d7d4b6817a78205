package app.klient.sales.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import app.klient.customers.CardSection;
import app.klient.identity.OwnedRecords;
import app.klient.sales.Deals;
import org.springframework.stereotype.Component;

/** The deals of a company or contact, on its card. */
@Component
class DealsOnCard implements CardSection {

    private final Deals deals;

    DealsOnCard(Deals deals) {
        this.deals = deals;
    }

    @Override
    public Optional<Part> forCompany(long companyId) {
        Map<String, Object> data = new HashMap<>();
        data.put("deals", deals.ofCompany(companyId));
        data.put("newDealUrl", OwnedRecords.canCreate() ? "/deals/new?companyId=" + companyId : null);
        return Optional.of(new Part(10, "sales/card", "deals", data));
    }

    @Override
    public Optional<Part> forContact(long contactId) {
        Map<String, Object> data = new HashMap<>();
        data.put("deals", deals.ofContact(contactId));
        data.put("newDealUrl", null);
        return Optional.of(new Part(10, "sales/card", "deals", data));
    }
}
