package app.klient.projects.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import app.klient.customers.CardSection;
import app.klient.identity.OwnedRecords;
import app.klient.projects.Projects;
import org.springframework.stereotype.Component;

/** The projects of a company or private contact, on its card, with a link to start one. */
@Component
class ProjectsOnCard implements CardSection {

    private final Projects projects;

    ProjectsOnCard(Projects projects) {
        this.projects = projects;
    }

    @Override
    public Optional<Part> forCompany(long companyId) {
        return part(projects.ofCustomer(companyId, null), "/projects/new?companyId=" + companyId);
    }

    @Override
    public Optional<Part> forContact(long contactId) {
        return part(projects.ofCustomer(null, contactId), "/projects/new?contactId=" + contactId);
    }

    /** On a deal's page: the project delivering it, once there is one. */
    @Override
    public Optional<Part> forDeal(long dealId) {
        java.util.List<app.klient.projects.ProjectView> delivering = projects.list(new Projects.Query(null, null, null,
                null, null, dealId, null, null, null, null), org.springframework.data.domain.PageRequest.of(0, 10))
                .items();
        if (delivering.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> data = new HashMap<>();
        data.put("projects", delivering);
        data.put("newProjectUrl", null);
        return Optional.of(new Part(12, "projects/fragments", "onCard", data));
    }

    private static Optional<Part> part(Object list, String newUrl) {
        Map<String, Object> data = new HashMap<>();
        data.put("projects", list);
        data.put("newProjectUrl", OwnedRecords.canCreate() ? newUrl : null);
        return Optional.of(new Part(12, "projects/fragments", "onCard", data));
    }
}
