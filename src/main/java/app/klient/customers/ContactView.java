package app.klient.customers;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

public record ContactView(long id, String firstName, String lastName, String titleBefore, String titleAfter,
        List<String> emails, List<String> phones, String jobTitle, Long companyId, String companyName,
        LocalDate birthday, Address address, String preferredLanguage, Channel preferredChannel,
        ContactSource source, String sourceDetail, Long ownerId, String ownerName, List<String> tags,
        @io.swagger.v3.oas.annotations.media.Schema(description = "Whether the contact agrees to marketing by e-mail "
                + "now, for any purpose, as the consent history says (an unsubscribe turns it off)")
        boolean marketingConsent,
        @io.swagger.v3.oas.annotations.media.Schema(description = "When the contact's e-mail consent last changed")
        Instant consentAt, ConsentMethod consentMethod, String consentNote,
        Map<String, Object> customFields, Instant createdAt, Instant updatedAt, int version) {

    public String displayName() {
        return firstName == null || firstName.isBlank() ? lastName : firstName + " " + lastName;
    }

    public String fullName() {
        StringBuilder name = new StringBuilder();
        if (titleBefore != null && !titleBefore.isBlank()) {
            name.append(titleBefore).append(' ');
        }
        name.append(displayName());
        if (titleAfter != null && !titleAfter.isBlank()) {
            name.append(", ").append(titleAfter);
        }
        return name.toString();
    }
}
