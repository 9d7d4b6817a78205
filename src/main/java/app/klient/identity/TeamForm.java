package app.klient.identity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A team's name; {@code version} is required when renaming and ignored when creating. */
// read-only fields of what GET answers: a record read and sent back unchanged is accepted, they are ignored
@JsonIgnoreProperties({"id", "createdAt"})
public record TeamForm(@NotBlank @Size(max = 100) String name, Integer version) {
}
