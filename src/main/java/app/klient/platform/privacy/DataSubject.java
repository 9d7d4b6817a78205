package app.klient.platform.privacy;

import java.util.Collection;
import java.util.List;
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

    /** A letter of a Latin alphabet, as both Java's and PostgreSQL's regular expressions read it. */
    private static final String LETTER = "[A-Za-z\u00C0-\u024F]";
    private static final char LAST_LATIN = '\u024F';
    private static final String NOT_AFTER_LETTER = "(?<!" + LETTER + ")";
    private static final String NOT_BEFORE_LETTER = "(?!" + LETTER + ")";

    /** The letters written with and without a diacritic in Polish, Czech, Slovak and German names. */
    private static final List<String> ACCENTED = List.of("aąáäâ", "cćč", "dď", "eęéěë", "ií", "lłĺľ", "nńňñ",
            "oóôöő", "rřŕ", "sśš", "tť", "uúůüű", "yý", "zźżž");

    private final Set<Long> contactIds = new TreeSet<>();
    private final Set<Long> leadIds = new TreeSet<>();
    private final Set<Long> mergedContactIds = new TreeSet<>();
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

    /**
     * Contacts merged into the person's contacts: gone, but their history (the audit log) still spells the person as
     * those records did.
     */
    public Set<Long> mergedContactIds() {
        return Set.copyOf(mergedContactIds);
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

    /** A contact merged into one of the person's (also when narrow: it was the same person's record). */
    public void addMergedContact(Long id) {
        if (id != null) {
            grown |= mergedContactIds.add(id);
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
     * in free text: each full name in either order, with any spacing and also inflected ({@link #inflected}), each
     * e-mail address, each phone number with or without its country code and with spaces, dots or dashes between the
     * digits. Null when there is nothing to look for.
     */
    public String pattern() {
        TreeSet<String> parts = new TreeSet<>();
        for (String name : names) {
            List<String> words = Stream.of(name.split(" ")).map(DataSubject::inflected).toList();
            parts.add(String.join("\\s+", words));
            if (words.size() == 2) {
                parts.add(words.get(1) + ",?\\s+" + words.get(0));
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

    /**
     * A word of a name as Polish and Czech also write it — "Łukasza Żółtowskiego", "Zofii", "Nováková" — and with or
     * without its diacritics ("Lukasza Zoltowskiego"): a whole word that begins with the name word's stem and is at
     * most three letters longer than the name word. The stem is the word without its last two letters (five letters
     * or more: Marek, Marka), without its last letter (four: Anna, Annie), or the whole word (three or fewer: Jan,
     * Jana). Only a full name is looked for, its words side by side, so a stem never meets a common word alone;
     * what it may still find is a namesake whose names both share these stems (Jan Nowak: Janusz Nowicki), the price
     * of finding the person however the name is declined. A word with other than Latin letters (O'Neil, a hyphen,
     * Cyrillic) is looked for as written.
     */
    static String inflected(String word) {
        if (!word.chars().allMatch(c -> Character.isLetter(c) && c <= LAST_LATIN)) {
            return quote(word);
        }
        int length = word.length();
        int cut = length >= 5 ? 2 : length == 4 ? 1 : 0;
        StringBuilder stem = new StringBuilder(NOT_AFTER_LETTER);
        word.substring(0, length - cut).chars().forEach(c -> stem.append(anyAccent((char) c)));
        return stem.append(LETTER).append("{0,").append(cut + 3).append('}').append(NOT_BEFORE_LETTER).toString();
    }

    /** A character class for a letter in either case, with or without its diacritic. */
    private static String anyAccent(char letter) {
        char lower = Character.toLowerCase(letter);
        String family = ACCENTED.stream().filter(f -> f.indexOf(lower) >= 0).findFirst().orElse(String.valueOf(lower));
        return "[" + family + family.toUpperCase(Locale.ROOT) + "]";
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
