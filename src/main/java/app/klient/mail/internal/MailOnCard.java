package app.klient.mail.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import app.klient.customers.CardSection;
import app.klient.identity.OwnedRecords;
import app.klient.mail.EmailTemplates;
import app.klient.mail.Emails;
import org.springframework.stereotype.Component;

/** On a contact's card: its e-mails in and out, and writing one (from a template or by hand). */
@Component
class MailOnCard implements CardSection {

    private final Emails emails;
    private final EmailTemplates templates;

    MailOnCard(Emails emails, EmailTemplates templates) {
        this.emails = emails;
        this.templates = templates;
    }

    @Override
    public Optional<Part> forCompany(long companyId) {
        return Optional.empty();
    }

    @Override
    public Optional<Part> forContact(long contactId) {
        Map<String, Object> data = new HashMap<>();
        data.put("emails", emails.ofContact(contactId, 10));
        data.put("templates", templates.list());
        data.put("contactId", contactId);
        data.put("canSend", OwnedRecords.canCreate());
        return Optional.of(new Part(6, "mail/card", "emails", data));
    }
}
