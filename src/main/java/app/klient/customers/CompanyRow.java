package app.klient.customers;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A company as a list shows it. */
public record CompanyRow(long id, String name, String country, String city, String taxId,
        LifecycleStage lifecycleStage, Long ownerId, String ownerName, List<String> tags,
        Map<String, Object> customFields, Instant updatedAt) {
}
