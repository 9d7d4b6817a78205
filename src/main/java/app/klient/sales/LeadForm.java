package app.klient.sales;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A lead as a form, the API or an import sends it; at least a last name, an e-mail, a phone or a company. Phones,
 * e-mails, web sites, countries and tax numbers follow the rules of contacts and companies (a phone without
 * +country is read in the lead's country), so a lead that is accepted can be converted. The expected value and its
 * currency become the deal's amount at conversion.
 */
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
        @Size(max = 100) String utmContent,
        @Size(max = 2) String country,
        @Size(max = 255) String website,
        @Size(max = 200) String street,
        @Size(max = 100) String city,
        @Size(max = 20) String postalCode,
        @DecimalMin("0") @DecimalMax("9999999999999999") @Digits(integer = 16, fraction = 2) BigDecimal expectedValue,
        @Pattern(regexp = "^$|[A-Z]{3}") String currency,
        Long ownerId,
        Long teamId,
        Integer version) {

    /** The same lead with another owner and team (a web form's rotation, the creator). */
    public LeadForm assignedTo(Long owner, Long team) {
        return new LeadForm(firstName, lastName, email, phone, companyName, companyTaxId, jobTitle, message,
                utmSource, utmMedium, utmCampaign, utmTerm, utmContent, country, website, street, city, postalCode,
                expectedValue, currency, owner, team, version);
    }
}
