package app.klient.platform.privacy;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Who a privacy request is about, as far as Klient knows: the contacts and leads that are the person, and the
 * strings that name them (full names, e-mail addresses, phone numbers). Each module adds what it knows
 * ({@link PersonalData#identify}) until nothing new turns up; erasure then looks for these strings in free text.
 */
public final class DataSubject {

    /** What replaces a name, address or number in free text. */
    public static final String ERASED = "[erased]";

    private final Set<Long> contactIds = new TreeSet<>();
    private final Set<Long> leadIds = new TreeSet<>();
    private final Set<String> emails = new TreeSet<>();
    private final Set<String> phones = new TreeSet<>();
    private final Set<String> names = new TreeSet<>();
    private final Set<String> lastNames = new TreeSet<>();
    private boolean grown;
    private boolean narrow;

    public Set<Long> contactIds() {
        return Set.copyOf(contactIds);
    }

    public Set<Long> leadIds() {
        return Set.copyOf(leadIds);
    }

    public Set<String> emails() {
        return Set.copyOf(emails);
    }

    public Set<String> phones() {
        return Set.copyOf(phones);
    }

    public Set<String> names() {
        return Set.copyOf(names);
    }

    /**
     * Only the contacts and leads given so far are the person: what they say (names, addresses) is still looked
     * for, but other records sharing an address are not taken for the same person. Retention works this way.
     */
    public DataSubject narrow() {
        narrow = true;
        return this;
    }

    public void addContact(Long id) {
        if (id != null && !narrow) {
            grown |= contactIds.add(id);
        }
    }

    public void addLead(Long id) {
        if (id != null && !narrow) {
            grown |= leadIds.add(id);
        }
    }

    public void addEmail(String email) {
        if (email != null && email.contains("@") && email.strip().length() > 3) {
            grown |= emails.add(email.strip().toLowerCase(Locale.ROOT));
        }
    }

    public void addEmails(Collection<String> addresses) {
        if (addresses != null) {
            addresses.forEach(this::addEmail);
        }
    }

    public void addPhone(String phone) {
        if (phone != null && digits(phone).length() >= 6) {
            grown |= phones.add(phone.strip());
        }
    }

    public void addPhones(Collection<String> numbers) {
        if (numbers != null) {
            numbers.forEach(this::addPhone);
        }
    }

    /**
     * The person's name as written on a record. Only a first and a last name together count: a surname alone
     * names half a town, and erasing it everywhere would erase other people.
     */
    public void addName(String first, String last) {
        if (first != null && last != null && !first.isBlank() && !last.isBlank()) {
            grown |= names.add(first.strip().replaceAll("\\s+", " ") + " " + last.strip().replaceAll("\\s+", " "));
            lastNames.add(last.strip());
        }
    }

    /** Whether anything was added since the last call: the privacy service asks every module again until not. */
    public boolean grewSinceLastAsked() {
        boolean was = grown;
        grown = false;
        return was;
    }

    public boolean isEmpty() {
        return contactIds.isEmpty() && leadIds.isEmpty() && emails.isEmpty() && phones.isEmpty() && names.isEmpty();
    }

    /** Every string that names the person, for a search of stored files and free text outside SQL. */
    public Set<String> strings() {
        return Stream.of(emails, phones, names).flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * One PostgreSQL regular expression (for {@code ~*} and {@code regexp_replace(..., 'gi')}) that finds the person
     * in free text: each full name in either order and with any spacing, each e-mail address, each phone number with
     * or without its country code and with spaces, dots or dashes between the digits. Null when there is nothing to
     * look for.
     */
    public String pattern() {
        TreeSet<String> parts = new TreeSet<>();
        for (String name : names) {
            String[] words = name.split(" ");
            parts.add(String.join("\\s+", Stream.of(words).map(DataSubject::quote).toList()));
            if (words.length == 2) {
                parts.add(quote(words[1]) + ",?\\s+" + quote(words[0]));
            }
        }
        emails.forEach(e -> parts.add(quote(e)));
        for (String phone : phones) {
            String digits = digits(phone);
            parts.add(spaced(digits));
            // +48 601 234 567 is also written 601 234 567: the national part is the last nine digits in most of
            // Europe, and looking for fewer would find other numbers
            if (digits.length() > 9) {
                parts.add(spaced(digits.substring(digits.length() - 9)));
            }
        }
        return parts.isEmpty() ? null : "(" + String.join("|", parts) + ")";
    }

    /** The text without the person's names, addresses and numbers (for text about to be stored). */
    public String redact(String text) {
        String pattern = pattern();
        if (text == null || pattern == null) {
            return text;
        }
        // the expression uses only what Java's and PostgreSQL's regular expressions read alike
        return Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text)
                .replaceAll(Matcher.quoteReplacement(ERASED));
    }

    /**
     * A PostgreSQL regular expression for the person's surname as the value of a name field in JSON copied from
     * their record ({@code "lastName": "Nowak"} in an audit entry or a webhook's payload), where a surname alone
     * does name them; group 1 is what comes before the value and group 2 its closing quote. Null when no surname.
     */
    public String jsonNamePattern() {
        if (lastNames.isEmpty()) {
            return null;
        }
        return "(\"(?:last_?name|lastName|surname)\"\\s*:\\s*\")(?:"
                + String.join("|", lastNames.stream().map(DataSubject::quote).toList()) + ")(\")";
    }

    private static String spaced(String digits) {
        return digits.chars().mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining("[\\s./-]?"));
    }

    private static String digits(String s) {
        return s.replaceAll("\\D", "");
    }

    /** A literal for a PostgreSQL advanced regular expression. */
    static String quote(String literal) {
        StringBuilder quoted = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.toString();
    }

    @Override
    public String toString() {
        return "DataSubject[contacts=" + contactIds + ", leads=" + leadIds + "]";
    }
}
