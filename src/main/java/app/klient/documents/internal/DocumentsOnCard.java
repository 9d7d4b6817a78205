package app.klient.documents.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import app.klient.customers.CardSection;
import app.klient.documents.Documents;
import app.klient.documents.Templates;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import org.springframework.stereotype.Component;

/** On a company's card: its generated documents, and a template to make one from in one step. */
@Component
class DocumentsOnCard implements CardSection {

    private final Documents documents;
    private final Templates templates;

    DocumentsOnCard(Documents documents, Templates templates) {
        this.documents = documents;
        this.templates = templates;
    }

    @Override
    public Optional<Part> forCompany(long companyId) {
        Map<String, Object> data = new HashMap<>();
        data.put("documents", documents.ofCompany(companyId, 10));
        data.put("templates", templates.list(false));
        data.put("recordType", "COMPANY");
        data.put("recordId", companyId);
        data.put("canGenerate", CurrentUser.hasRole(Role.ADMIN, Role.MANAGER, Role.SALES));
        return Optional.of(new Part(30, "documents/card", "documents", data));
    }

    @Override
    public Optional<Part> forContact(long contactId) {
        return Optional.empty();
    }
}
