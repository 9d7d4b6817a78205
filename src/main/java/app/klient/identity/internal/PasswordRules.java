package app.klient.identity.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import app.klient.platform.KlientException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * What a new password must be: 12 to 128 characters by default ({@code klient.passwords.min-length} raises the
 * minimum; any characters, in any script: Argon2 takes them all), not the e-mail
 * address, and not one of the commonest passwords that attackers try first, from the list shipped with Klient
 * ({@code identity/common-passwords.txt}), compared without regard to case, also when only digits or symbols were
 * added to one (password2026!), nor made of fewer than four different characters.
 */
@Component
public class PasswordRules {

    /** The least minimum: forms check it before the configured one is asked. */
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;
    private static final String LIST = "identity/common-passwords.txt";

    private final Set<String> common;
    private final int minLength;

    PasswordRules(@Value("${klient.passwords.min-length:12}") int minLength) {
        if (minLength < MIN_LENGTH || minLength > MAX_LENGTH) {
            throw new IllegalStateException("klient.passwords.min-length is " + minLength + ": it may be from "
                    + MIN_LENGTH + " to " + MAX_LENGTH);
        }
        this.minLength = minLength;
        this.common = load();
    }

    /** The fewest characters a new password may have. */
    public int minLength() {
        return minLength;
    }

    /** The values of the rules' messages: the least and the most characters. */
    public Object[] arguments() {
        return new Object[] { minLength, MAX_LENGTH };
    }

    /** Refuses a password that breaks a rule, with the rule's message key. */
    public void check(String password, String email) {
        Optional<String> problem = problem(password, email);
        if (problem.isPresent()) {
            throw KlientException.invalid(problem.get(), arguments());
        }
    }

    /** The message key of the first rule the password breaks. */
    public Optional<String> problem(String password, String email) {
        if (password == null || password.length() < minLength || password.length() > MAX_LENGTH) {
            return Optional.of("validation.password.between");
        }
        if (password.isBlank() || (email != null && password.strip().equalsIgnoreCase(email.strip()))) {
            return Optional.of("validation.password.weak");
        }
        String lower = password.strip().toLowerCase(Locale.ROOT);
        String stem = lower.replaceFirst("[\\p{N}\\p{P}\\p{S}\\s]+$", "");
        if (common.contains(lower) || (stem.length() >= 4 && common.contains(stem))
                || lower.codePoints().distinct().count() < 4) {
            return Optional.of("validation.password.common");
        }
        return Optional.empty();
    }

    private static Set<String> load() {
        Set<String> passwords = new HashSet<>(64_000);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new ClassPathResource(LIST).getInputStream(), StandardCharsets.UTF_8))) {
            lines.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT)).forEach(passwords::add);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Klient's list of common passwords is missing: " + LIST, e);
        }
        return passwords;
    }
}
