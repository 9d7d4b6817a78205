package app.klient.customers;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A contact as a list shows it: the first e-mail and phone, the company's name. */
public record ContactRow(long id, String firstName, String lastName, String email, String phone, String jobTitle,
        Long companyId, String companyName, String city, Long ownerId, String ownerName, List<String> tags,
        Map<String, Object> customFields, Instant updatedAt) {

    public String displayName() {
        return firstName == null || firstName.isBlank() ? lastName : firstName + " " + lastName;
    }
}
