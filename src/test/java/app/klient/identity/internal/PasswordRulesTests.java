package app.klient.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordRulesTests {

    private final PasswordRules rules = new PasswordRules(12);

    @Test
    void the_commonest_passwords_are_refused_without_regard_to_case_or_added_digits_and_symbols() {
        assertThat(rules.problem("password1234", "a@b.cz")).contains("validation.password.common");
        assertThat(rules.problem("111111111111", "a@b.cz")).contains("validation.password.common");
        assertThat(rules.problem("QwErTyUiOp12", "a@b.cz")).contains("validation.password.common");
        assertThat(rules.problem("football2026!!", "a@b.cz")).contains("validation.password.common");
        assertThat(rules.problem("zzzzzzzzzzzz", "a@b.cz")).contains("validation.password.common");
    }

    @Test
    void length_and_the_email_are_checked_first_and_uncommon_passwords_in_any_script_pass() {
        assertThat(rules.problem("short", "a@b.cz")).contains("validation.password.between");
        assertThat(rules.problem("x".repeat(129), "a@b.cz")).contains("validation.password.between");
        assertThat(rules.problem(" Jan@Firma.cz ", "jan@firma.cz")).contains("validation.password.weak");
        assertThat(rules.problem("correct-horse-1", "a@b.cz")).isEmpty();
        assertThat(rules.problem("Äöüß".repeat(10), "a@b.cz")).isEmpty();
        assertThat(rules.problem("Žluťoučký kůň 7", "a@b.cz")).isEmpty();
    }

    @Test
    void twelve_characters_by_default_and_more_when_configured_never_fewer() {
        assertThat(rules.problem("Tq7-vbn-Lk2", "a@b.cz")).as("11 characters").contains("validation.password.between");
        assertThat(rules.problem("Tq7-vbn-Lk2x", "a@b.cz")).as("12 characters").isEmpty();
        assertThat(rules.arguments()).containsExactly(12, 128);

        PasswordRules sixteen = new PasswordRules(16);
        assertThat(sixteen.problem("Tq7-vbn-Lk2x-9Mw", "a@b.cz")).isEmpty();
        assertThat(sixteen.problem("Tq7-vbn-Lk2x-9M", "a@b.cz")).contains("validation.password.between");
        assertThat(sixteen.minLength()).isEqualTo(16);
        assertThatThrownBy(() -> new PasswordRules(8)).hasMessageContaining("klient.passwords.min-length is 8");
    }
}
