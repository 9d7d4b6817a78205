package app.klient.identity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A team's name; {@code version} is required when renaming and ignored when creating. */
public record TeamForm(@NotBlank @Size(max = 100) String name, Integer version) {
}
