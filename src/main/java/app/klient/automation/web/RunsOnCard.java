package app.klient.automation.web;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import app.klient.automation.RuleLog;
import app.klient.customers.CardSection;
import app.klient.identity.Permission;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/** What rules did to a company or contact, on its card: the newest runs, for those who make rules. */
@Component
class RunsOnCard implements CardSection {

    private final RuleLog log;

    RunsOnCard(RuleLog log) {
        this.log = log;
    }

    @Override
    public Optional<Part> forCompany(long companyId) {
        return part("company", companyId);
    }

    @Override
    public Optional<Part> forContact(long contactId) {
        return part("contact", contactId);
    }

    private Optional<Part> part(String type, long id) {
        if (!Permission.AUTOMATION.granted()) {
            return Optional.empty();
        }
        var runs = log.ofRecord(type, id, PageRequest.of(0, 5), null, null);
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> data = new HashMap<>();
        data.put("runs", runs);
        data.put("all", "/automation/runs?type=" + type + "&id=" + id);
        return Optional.of(new Part(40, "automation/card", "runs", data));
    }
}
