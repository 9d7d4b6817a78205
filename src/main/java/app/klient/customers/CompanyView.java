package app.klient.customers;

import java.time.Instant;
import java.util.List;
import java.util.Map;

public record CompanyView(long id, String name, String legalName, String country, String taxId,
        String registrationNumber, String vatId, String industry, CompanySize size, String website, String email,
        List<String> phones, Address billingAddress, Address shippingAddress, Long ownerId, String ownerName,
        Long teamId, List<String> tags, LifecycleStage lifecycleStage, Map<String, Object> customFields,
        Instant createdAt, Instant updatedAt, int version) {
}
