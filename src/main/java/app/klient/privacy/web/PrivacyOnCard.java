package app.klient.privacy.web;

import java.util.Map;
import java.util.Optional;

import app.klient.customers.CardSection;
import app.klient.identity.Permission;
import org.springframework.stereotype.Component;

/** On a contact's card, for administrators: the way to the person's data, export and erasure. */
@Component
class PrivacyOnCard implements CardSection {

    @Override
    public Optional<Part> forCompany(long companyId) {
        return Optional.empty();
    }

    @Override
    public Optional<Part> forContact(long contactId) {
        if (!Permission.PRIVACY.granted()) {
            return Optional.empty();
        }
        return Optional.of(new Part(90, "privacy/card", "person",
                Map.of("href", "/admin/privacy/person?contactId=" + contactId)));
    }
}
