package app.klient.identity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Set;

import app.klient.platform.validation.ValidTimeZone;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An administrator's change of a user. {@code version} is the one the editor started from: if somebody saved in
 * between, the change is refused rather than silently overwriting theirs. A blank password keeps the current one;
 * no {@code teamIds} keeps the current teams, an empty set clears them.
 */
// read-only fields of what GET answers: a record read and sent back unchanged is accepted, they are ignored
@JsonIgnoreProperties({"id", "active", "teams", "createdAt", "updatedAt"})
public record UserUpdate(
        @NotBlank @Size(max = 254) @Email(regexp = Users.EMAIL_PATTERN) String email,
        @NotBlank @Size(max = 120) String name,
        @NotNull Role role,
        @Pattern(regexp = "en|pl|cs") String locale,
        @ValidTimeZone String timeZone,
        @Size(max = 50) Set<Long> teamIds,
        @Pattern(regexp = Users.OPTIONAL_PASSWORD_PATTERN, message = "{validation.password.sizeAtLeast12}") String password,
        @NotNull Integer version) {
}
