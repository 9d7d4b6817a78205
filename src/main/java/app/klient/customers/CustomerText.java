package app.klient.customers;

import java.util.List;

import app.klient.customers.internal.Phones;
import app.klient.platform.SearchText;

/**
 * The folded text quick search looks in, built one way for every writer: the entities, the CSV import and the data
 * generator.
 */
public final class CustomerText {

    private CustomerText() {
    }

    public static String company(String name, String legalName, String taxId, String registrationNumber,
            String vatId, String email, String website, String city, List<String> tags, List<String> phones) {
        return SearchText.of(name, legalName, taxId, registrationNumber, vatId, email, website, city,
                String.join(" ", tags), String.join(" ", phones.stream().map(Phones::searchable).toList()));
    }

    public static String contact(String firstName, String lastName, List<String> emails, String jobTitle,
            String city, List<String> tags, List<String> phones) {
        return SearchText.of(firstName, lastName, String.join(" ", emails), jobTitle, city, String.join(" ", tags),
                String.join(" ", phones.stream().map(Phones::searchable).toList()));
    }
}
