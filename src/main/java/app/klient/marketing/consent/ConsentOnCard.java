package app.klient.marketing.consent;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.customers.CardSection;
import app.klient.identity.OwnedRecords;
import app.klient.marketing.Consents;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/**
 * On a contact's card: where each purpose stands on each channel, giving or withdrawing one by hand, and the whole
 * history (purpose, channel, state, source, by whom, when, address, wording).
 */
@Component
class ConsentOnCard implements CardSection {

    static final int HISTORY = 200;

    private final ConsentBook book;
    private final Purposes purposes;

    ConsentOnCard(ConsentBook book, Purposes purposes) {
        this.book = book;
        this.purposes = purposes;
    }

    @Override
    public Optional<Part> forCompany(long companyId) {
        return Optional.empty();
    }

    @Override
    public Optional<Part> forContact(long contactId) {
        List<Purposes.Purpose> all = purposes.list(false);
        Map<Long, Purposes.Purpose> byId = new LinkedHashMap<>();
        all.forEach(p -> byId.put(p.id(), p));
        Map<String, ConsentBook.ConsentStateView> current = new HashMap<>();
        book.current(contactId).forEach(c -> current.put(c.purposeId() + ":" + c.channel(), c));
        Map<String, Object> data = new HashMap<>();
        data.put("contactId", contactId);
        data.put("purposes", all.stream().filter(p -> Boolean.TRUE.equals(p.active())
                || current.keySet().stream().anyMatch(k -> k.startsWith(p.id() + ":"))).toList());
        data.put("active", all.stream().filter(p -> Boolean.TRUE.equals(p.active())).toList());
        data.put("byId", byId);
        data.put("channels", List.of(Consents.Channel.values()));
        data.put("current", current);
        var history = book.history(contactId, null, PageRequest.of(0, HISTORY));
        data.put("history", history.getContent());
        Map<Long, app.klient.platform.Phrase> details = new HashMap<>();
        for (ConsentBook.ConsentEntry entry : history.getContent()) {
            app.klient.platform.Phrase phrase = ConsentDetails.phrase(entry.source(), entry.sourceDetail());
            if (phrase != null) {
                details.put(entry.id(), phrase);
            }
        }
        data.put("details", details);
        data.put("more", history.getTotalElements() > HISTORY);
        data.put("canChange", OwnedRecords.canCreate());
        return Optional.of(new Part(7, "marketing/consent/card", "consents", data));
    }
}
