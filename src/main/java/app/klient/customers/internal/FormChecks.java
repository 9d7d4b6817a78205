package app.klient.customers.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import app.klient.customers.Address;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;

/**
 * Checks and normalizes the parts companies and contacts share: countries, e-mails, phones, tags, web addresses,
 * owners. Each problem goes to the collector under the form's field name, so the API and the page name the same
 * field.
 */
public final class FormChecks {

    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.&+-]*");

    private final InvalidFields.Collector errors = new InvalidFields.Collector();

    public InvalidFields.Collector errors() {
        return errors;
    }

    public String country(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return Identifiers.country(raw).orElseGet(() -> {
            errors.add(field, "customer.country.invalid");
            return null;
        });
    }

    public Address address(String field, Address raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        return new Address(trim(raw.street()), trim(raw.city()), trim(raw.postalCode()), trim(raw.region()),
                country(field + ".country", raw.country()));
    }

    public String email(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String email = raw.strip().toLowerCase(Locale.ROOT);
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            errors.add(field, "customer.email.invalid");
            return null;
        }
        return email;
    }

    public List<String> emails(String field, List<String> raw) {
        List<String> result = new ArrayList<>();
        if (raw == null) {
            return result;
        }
        for (int i = 0; i < raw.size(); i++) {
            String email = email(field + "[" + i + "]", raw.get(i));
            if (email != null && !result.contains(email)) {
                result.add(email);
            }
        }
        return result;
    }

    public List<String> phones(String field, List<String> raw, String region) {
        return phones(field, raw, region, stored -> false);
    }

    /**
     * The numbers in E.164; one that today's rules refuse is kept as written when Klient stores it already
     * ({@code stored}: a number imported or made before the rules, sent back with the record or brought by a
     * merge), so a record is never held back, or a number lost, for a number nobody typed now.
     */
    public List<String> phones(String field, List<String> raw, String region,
            java.util.function.Predicate<String> stored) {
        List<String> result = new ArrayList<>();
        if (raw == null) {
            return result;
        }
        for (int i = 0; i < raw.size(); i++) {
            if (raw.get(i) == null || raw.get(i).isBlank()) {
                continue;
            }
            Identifiers.Checked phone = Phones.normalize(raw.get(i), region);
            if (!phone.valid() && stored.test(raw.get(i).strip())) {
                if (!result.contains(raw.get(i).strip())) {
                    result.add(raw.get(i).strip());
                }
            }
            else if (!phone.valid()) {
                errors.add(field + "[" + i + "]", phone.errorKey(), raw.get(i));
            }
            else if (!result.contains(phone.value())) {
                result.add(phone.value());
            }
        }
        return result;
    }

    public List<String> tags(String field, List<String> raw) {
        List<String> result = new ArrayList<>();
        if (raw == null) {
            return result;
        }
        for (String tag : raw) {
            if (tag == null || tag.isBlank()) {
                continue;
            }
            String clean = tag.strip().toLowerCase(Locale.ROOT);
            if (clean.length() > 50 || !TAG.matcher(clean).matches()) {
                errors.add(field, "customer.tag.invalid", tag);
            }
            else if (!result.contains(clean)) {
                result.add(clean);
            }
        }
        return result;
    }

    public String website(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.strip();
        if (!value.matches("(?i)https?://.*")) {
            value = "https://" + value;
        }
        try {
            URI uri = URI.create(value);
            if (uri.getHost() != null && uri.getHost().contains(".") && value.length() <= 255) {
                return value;
            }
        }
        catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        errors.add(field, "customer.website.invalid");
        return null;
    }

    public Long owner(String field, Long ownerId, Users users) {
        if (ownerId == null) {
            return null;
        }
        java.util.Optional<String> problem = users.ownerProblem(ownerId);
        problem.ifPresent(key -> errors.add(field, key));
        return problem.isPresent() ? null : ownerId;
    }

    public static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
