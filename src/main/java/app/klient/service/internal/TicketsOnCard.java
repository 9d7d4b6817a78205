package app.klient.service.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import app.klient.customers.CardSection;
import app.klient.service.Tickets;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/** A customer's tickets on its card. */
@Component
class TicketsOnCard implements CardSection {

    private final Tickets tickets;

    TicketsOnCard(Tickets tickets) {
        this.tickets = tickets;
    }

    @Override
    public Optional<Part> forCompany(long companyId) {
        return part(new Tickets.Query(null, null, null, companyId, null, null));
    }

    @Override
    public Optional<Part> forContact(long contactId) {
        return part(new Tickets.Query(null, null, null, null, contactId, null));
    }

    private Optional<Part> part(Tickets.Query query) {
        Map<String, Object> data = new HashMap<>();
        data.put("tickets", tickets.list(query, PageRequest.of(0, 10)).items());
        return Optional.of(new Part(15, "service/card", "tickets", data));
    }
}
