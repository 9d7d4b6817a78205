package app.klient.marketing.tracking;

import java.util.Map;
import java.util.Optional;

import app.klient.customers.CardSection;
import org.springframework.stereotype.Component;

/** A contact's latest website visits on its card, each with the pages seen in it; nothing for one never seen. */
@Component
class VisitsOnCard implements CardSection {

    private final SiteVisits visits;

    VisitsOnCard(SiteVisits visits) {
        this.visits = visits;
    }

    @Override
    public Optional<Part> forCompany(long companyId) {
        return Optional.empty();
    }

    @Override
    public Optional<Part> forContact(long contactId) {
        var recent = visits.recent(contactId, 5);
        return recent.isEmpty() ? Optional.empty()
                : Optional.of(new Part(60, "marketing/tracking/card", "visits", Map.of("visits", recent)));
    }
}
