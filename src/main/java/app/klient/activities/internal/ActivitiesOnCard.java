package app.klient.activities.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import app.klient.activities.ActivityType;
import app.klient.activities.Tasks;
import app.klient.customers.CardSection;
import app.klient.identity.OwnedRecords;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/** On a customer's card: its open tasks, a new task, and logging a call, meeting or note in one go. */
@Component
class ActivitiesOnCard implements CardSection {

    private final Tasks tasks;

    ActivitiesOnCard(Tasks tasks) {
        this.tasks = tasks;
    }

    @Override
    public Optional<Part> forCompany(long companyId) {
        return part(companyId, null, "/companies/" + companyId);
    }

    @Override
    public Optional<Part> forContact(long contactId) {
        return part(null, contactId, "/contacts/" + contactId);
    }

    private Optional<Part> part(Long companyId, Long contactId, String back) {
        Map<String, Object> data = new HashMap<>();
        data.put("tasks", tasks.list(new Tasks.Query(null, false, null, null, companyId, contactId, null),
                PageRequest.of(0, 10)).items());
        data.put("companyId", companyId);
        data.put("contactId", contactId);
        data.put("back", back);
        data.put("types", ActivityType.values());
        data.put("canWrite", OwnedRecords.canCreate());
        return Optional.of(new Part(5, "activities/card", "activities", data));
    }
}
