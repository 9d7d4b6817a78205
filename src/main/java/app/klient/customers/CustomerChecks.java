package app.klient.customers;

import java.util.List;
import java.util.Optional;

import app.klient.customers.internal.FormChecks;
import app.klient.customers.internal.Identifiers;

/**
 * The rules companies and contacts apply to phones, e-mails, web addresses, countries and tax numbers, for other
 * modules' forms (a lead) so that what they accept becomes a contact and a company without a second refusal. Each
 * answers the normalized value, or empty when the value breaks the rule.
 */
public final class CustomerChecks {

    /** The message key of a phone number the rules refuse; its argument is the number as typed. */
    public static final String PHONE_INVALID = "phone.invalid";

    private CustomerChecks() {
    }

    /** E.164 of a number; one without +country is read as a number of {@code country} (PL when none). */
    public static Optional<String> phone(String raw, String country) {
        FormChecks checks = new FormChecks();
        List<String> phones = checks.phones("phone", List.of(raw), country);
        return checks.errors().has("phone[0]") || phones.isEmpty() ? Optional.empty() : Optional.of(phones.get(0));
    }

    public static Optional<String> email(String raw) {
        return Optional.ofNullable(new FormChecks().email("email", raw));
    }

    public static Optional<String> website(String raw) {
        return Optional.ofNullable(new FormChecks().website("website", raw));
    }

    /** The ISO code of a country given as a code (pl, CZ). */
    public static Optional<String> country(String raw) {
        return Identifiers.country(raw);
    }

    /** Why a tax number is wrong for its country (a message key), or empty when it is right or there is none. */
    public static Optional<String> taxIdProblem(String country, String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        Identifiers.Checked checked = Identifiers.taxId(country, raw);
        return checked.valid() ? Optional.empty() : Optional.of(checked.errorKey());
    }
}
