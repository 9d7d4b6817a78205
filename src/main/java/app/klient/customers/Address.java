package app.klient.customers;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.persistence.Embeddable;
import jakarta.validation.constraints.Size;

/** A postal address; every part may be empty. The country is an ISO code (PL, CZ, DE...). */
@Embeddable
public record Address(@Size(max = 200) String street, @Size(max = 100) String city,
        @Size(max = 20) String postalCode, @Size(max = 100) String region, @Size(max = 2) String country) {

    public static final Address EMPTY = new Address(null, null, null, null, null);

    @JsonIgnore // a question about the address, not a part of it: GET must not show what PUT refuses
    public boolean isEmpty() {
        return blank(street) && blank(city) && blank(postalCode) && blank(region) && blank(country);
    }

    public String oneLine() {
        StringBuilder line = new StringBuilder();
        for (String part : new String[] { street, join(postalCode, city), region, country }) {
            if (!blank(part)) {
                if (!line.isEmpty()) {
                    line.append(", ");
                }
                line.append(part);
            }
        }
        return line.toString();
    }

    /** The audit log and logs show an address as one line. */
    @Override
    public String toString() {
        return oneLine();
    }

    private static String join(String a, String b) {
        return blank(a) ? b : blank(b) ? a : a + " " + b;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
