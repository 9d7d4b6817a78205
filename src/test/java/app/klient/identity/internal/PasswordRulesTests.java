package app.klient.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordRulesTests {

    private final PasswordRules rules = new PasswordRules();

    @Test
    void the_commonest_passwords_are_refused_without_regard_to_case_or_added_digits_and_symbols() {
        assertThat(rules.problem("password12", "a@b.cz")).contains("validation.password.common");
        assertThat(rules.problem("1234567890", "a@b.cz")).contains("validation.password.common");
        assertThat(rules.problem("QwErTyUiOp", "a@b.cz")).contains("validation.password.common");
        assertThat(rules.problem("football2026!!", "a@b.cz")).contains("validation.password.common");
        assertThat(rules.problem("zzzzzzzzzzzz", "a@b.cz")).contains("validation.password.common");
    }

    @Test
    void length_and_the_email_are_checked_first_and_uncommon_passwords_in_any_script_pass() {
        assertThat(rules.problem("short", "a@b.cz")).contains("validation.password.length");
        assertThat(rules.problem("x".repeat(129), "a@b.cz")).contains("validation.password.length");
        assertThat(rules.problem(" Jan@Firma.cz ", "jan@firma.cz")).contains("validation.password.weak");
        assertThat(rules.problem("correct-horse-1", "a@b.cz")).isEmpty();
        assertThat(rules.problem("Äöüß".repeat(10), "a@b.cz")).isEmpty();
        assertThat(rules.problem("Žluťoučký kůň 7", "a@b.cz")).isEmpty();
    }
}
