package app.klient.customers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A contact as a form or API body sends it: a person at a company, or a private customer without one. E-mails and
 * phones are lists, the first being the main one. {@code version} is required when changing a contact.
 */
// read-only fields of what GET answers: a record read and sent back unchanged is accepted, they are ignored
@JsonIgnoreProperties({"id", "companyName", "ownerName", "consentAt", "createdAt", "updatedAt"})
public record ContactForm(
        @Size(max = 100) String firstName,
        @NotBlank @Size(max = 100) String lastName,
        @Size(max = 50) String titleBefore,
        @Size(max = 50) String titleAfter,
        @Size(max = 10) List<@Size(max = 254) String> emails,
        @Size(max = 10) List<@Size(max = 40) String> phones,
        @Size(max = 150) String jobTitle,
        Long companyId,
        @Past LocalDate birthday,
        @Valid Address address,
        @Pattern(regexp = "^$|[a-z]{2}") String preferredLanguage,
        Channel preferredChannel,
        ContactSource source,
        @Size(max = 200) String sourceDetail,
        Long ownerId,
        @Size(max = 30) List<@Size(max = 50) String> tags,
        @io.swagger.v3.oas.annotations.media.Schema(description = "A shortcut into the consent history (the "
                + "marketing consents API keeps consent per purpose and channel): true records consent to the "
                + "newsletter and offers by e-mail (source API, consentMethod required), false withdraws every "
                + "marketing consent by e-mail, null or the value the contact already has changes nothing.")
        Boolean marketingConsent,
        @io.swagger.v3.oas.annotations.media.Schema(description = "How the consent was given; recorded with it.")
        ConsentMethod consentMethod,
        @io.swagger.v3.oas.annotations.media.Schema(description = "A note recorded with the consent or withdrawal.")
        @Size(max = 500) String consentNote,
        Map<String, Object> customFields,
        Integer version) {

    /** The same form with custom field values read from a page's request (see {@code CustomFieldParams}). */
    public ContactForm withCustomFields(Map<String, Object> values) {
        return new ContactForm(
                firstName, lastName, titleBefore, titleAfter, emails, phones, jobTitle, companyId, birthday, address,
                preferredLanguage, preferredChannel, source, sourceDetail, ownerId, tags, marketingConsent,
                consentMethod, consentNote, values, version);
    }
}
