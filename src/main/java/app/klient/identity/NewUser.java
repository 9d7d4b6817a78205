package app.klient.identity;

import java.util.Set;

import app.klient.platform.validation.ValidTimeZone;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What an administrator fills in to create a user (form and API body). */
public record NewUser(
        @NotBlank @Size(max = 254) @Email(regexp = Users.EMAIL_PATTERN) String email,
        @NotBlank @Size(max = 120) String name,
        @NotNull Role role,
        @NotBlank @Size(min = Users.MIN_PASSWORD, max = Users.MAX_PASSWORD, message = "{validation.password.size}") String password,
        @Pattern(regexp = "en|pl|cs") String locale,
        @ValidTimeZone String timeZone,
        @Size(max = 50) Set<Long> teamIds) {
}
