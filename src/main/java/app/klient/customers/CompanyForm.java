package app.klient.customers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A company as a form or API body sends it. Identifiers are checked by the company's country in the service
 * (NIP/REGON in Poland, DIČ/IČO in Czechia), phones are read in that country and stored in E.164. {@code version} is
 * required when changing a company.
 */
// read-only fields of what GET answers: a record read and sent back unchanged is accepted, they are ignored
@JsonIgnoreProperties({"id", "ownerName", "createdAt", "updatedAt"})
public record CompanyForm(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 250) String legalName,
        @Size(max = 2) String country,
        @Size(max = 40) String taxId,
        @Size(max = 40) String registrationNumber,
        @Size(max = 24) String vatId,
        @Size(max = 100) String industry,
        CompanySize size,
        @Size(max = 255) String website,
        @Size(max = 254) String email,
        @Size(max = 10) List<@Size(max = 40) String> phones,
        @Valid Address billingAddress,
        @Valid Address shippingAddress,
        Long ownerId,
        Long teamId,
        @Size(max = 30) List<@Size(max = 50) String> tags,
        LifecycleStage lifecycleStage,
        Map<String, Object> customFields,
        Integer version) {

    /** The same form with custom field values read from a page's request (see {@code CustomFieldParams}). */
    public CompanyForm withCustomFields(Map<String, Object> values) {
        return new CompanyForm(
                name, legalName, country, taxId, registrationNumber, vatId, industry, size, website, email, phones,
                billingAddress, shippingAddress, ownerId, teamId, tags, lifecycleStage, values, version);
    }
}
