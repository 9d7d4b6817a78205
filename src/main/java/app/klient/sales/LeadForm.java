package app.klient.sales;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Size;

/** A lead as a form, the API or an import sends it; at least a last name, an e-mail, a phone or a company. */
// read-only fields of what GET answers: a record read and sent back unchanged is accepted, they are ignored
@JsonIgnoreProperties({"id", "source", "status", "disqualifiedReason", "ownerName", "score", "contactId",
        "companyId", "dealId", "convertedAt", "createdAt", "updatedAt"})
public record LeadForm(
        @Size(max = 100) String firstName,
        @Size(max = 100) String lastName,
        @Size(max = 254) String email,
        @Size(max = 40) String phone,
        @Size(max = 200) String companyName,
        @Size(max = 40) String companyTaxId,
        @Size(max = 150) String jobTitle,
        @Size(max = 2000) String message,
        @Size(max = 100) String utmSource,
        @Size(max = 100) String utmMedium,
        @Size(max = 100) String utmCampaign,
        @Size(max = 100) String utmTerm,
        Long ownerId,
        Long teamId,
        Integer version) {
}
