package app.klient.automation.webhook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

import jakarta.validation.constraints.Size;

/**
 * A subscription as made or changed: the receiver's address (HTTPS; HTTP only to a network the administrator
 * allowed), what it is for, the events it wants ({@code *} for all), whether it starts switched on (a new one only;
 * later it is switched by its own transitions), and the version it was edited from.
 */
// read-only fields of what GET answers: a subscription read and sent back unchanged is accepted, they are ignored
@JsonIgnoreProperties({ "id", "disabledReason", "failingSince", "secret", "previousSecret", "previousSecretUntil",
    "ownerId", "createdAt", "updatedAt", "lastDelivery" })
public record WebhookForm(
        @Size(max = 2000) String url,
        @Size(max = 200) String description,
        @Size(max = 100) List<String> eventTypes,
        Boolean enabled,
        Integer version) {
}
