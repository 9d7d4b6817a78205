package app.klient.sales;

import java.math.BigDecimal;
import java.time.Instant;

public record LeadView(long id, String firstName, String lastName, String email, String phone, String companyName,
        String companyTaxId, String jobTitle, String message, LeadSource source, String utmSource, String utmMedium,
        String utmCampaign, String utmTerm, String utmContent, String country, String website, String street,
        String city, String postalCode, BigDecimal expectedValue, String currency, LeadStatus status,
        String disqualifiedReason, Long ownerId, String ownerName, Long teamId, int score, Long contactId,
        Long companyId, Long dealId, Instant convertedAt, Instant createdAt, Instant updatedAt, int version) {
}
