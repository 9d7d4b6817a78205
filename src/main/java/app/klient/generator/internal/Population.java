package app.klient.generator.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import app.klient.platform.SearchText;
import net.datafaker.Faker;

/**
 * Reproducible people and companies: names, streets and cities from Datafaker in Polish (60 %), Czech (30 %) and
 * English (10 %), drawn once into pools and then combined by a seeded random, so a million rows take seconds and
 * the same seed gives the same data. Tax identifiers carry valid check digits; e-mails are unique; phones are valid
 * mobile numbers of the person's country.
 */
public final class Population {

    /** One generated company, as the companies table and the contacts CSV need it. */
    public record Company(String name, String country, String taxId, String registrationNumber, String city,
            String street, String postalCode, String domain, String industry, String size) {
    }

    private record Pools(String country, String language, List<String> firstNames, List<String> lastNames,
            List<String> cities, List<String> streets, List<String> postalCodes, List<String> jobs,
            List<String> companyNames, String[] freeMail) {
    }

    private static final String[] INDUSTRIES = { "Manufacturing", "Retail", "Construction", "Logistics",
        "Software", "Healthcare", "Food", "Energy", "Automotive", "Finance" };
    private static final String[] SIZES = { "MICRO", "SMALL", "SMALL", "MEDIUM", "MEDIUM", "LARGE", "ENTERPRISE" };
    private static final String[] TAGS = { "vip", "newsletter", "trade fair", "partner", "key account" };

    private final long seed;
    private final List<Pools> pools;

    public Population(long seed) {
        this.seed = seed;
        this.pools = List.of(pools("pl", "PL", seed, new String[] { "wp.pl", "onet.pl", "gmail.com", "o2.pl" }),
                pools("cs", "CZ", seed + 1, new String[] { "seznam.cz", "email.cz", "gmail.com", "centrum.cz" }),
                pools("en", "GB", seed + 2, new String[] { "gmail.com", "outlook.com", "yahoo.co.uk" }));
    }

    private static Pools pools(String language, String country, long seed, String[] freeMail) {
        Faker faker = new Faker(Locale.forLanguageTag(language), new Random(seed));
        List<String> first = new ArrayList<>();
        List<String> last = new ArrayList<>();
        List<String> cities = new ArrayList<>();
        List<String> streets = new ArrayList<>();
        List<String> postal = new ArrayList<>();
        List<String> jobs = new ArrayList<>();
        List<String> companies = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            first.add(faker.name().firstName());
        }
        for (int i = 0; i < 1500; i++) {
            last.add(faker.name().lastName());
        }
        for (int i = 0; i < 300; i++) {
            cities.add(faker.address().city());
            streets.add(faker.address().streetName());
            postal.add(faker.address().zipCode());
            jobs.add(faker.job().title());
        }
        for (int i = 0; i < 2000; i++) {
            companies.add(faker.company().name());
        }
        return new Pools(country, language, first, last, cities, streets, postal, jobs, companies, freeMail);
    }

    private Pools pick(Random random) {
        int r = random.nextInt(10);
        return pools.get(r < 6 ? 0 : r < 9 ? 1 : 2);
    }

    private static String any(List<String> list, Random random) {
        return list.get(random.nextInt(list.size()));
    }

    /** {@code count} companies with unique names. */
    public List<Company> companies(int count) {
        Random random = new Random(seed * 31 + 7);
        Set<String> used = new HashSet<>(count * 2);
        List<Company> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Pools p = pick(random);
            String city = any(p.cities(), random);
            String name = any(p.companyNames(), random);
            if (!used.add(name.toLowerCase(Locale.ROOT))) {
                name = name + " " + city;
                if (!used.add(name.toLowerCase(Locale.ROOT))) {
                    name = name + " " + (i + 1);
                    used.add(name.toLowerCase(Locale.ROOT));
                }
            }
            String domain = SearchText.fold(name).replaceAll("[^a-z0-9]+", "").replaceAll("^(.{1,24}).*", "$1")
                    + (i % 97) + ("PL".equals(p.country()) ? ".pl" : "CZ".equals(p.country()) ? ".cz" : ".co.uk");
            String id = taxId(p.country(), random);
            result.add(new Company(name.length() > 200 ? name.substring(0, 200) : name, p.country(),
                    id == null ? null : "CZ".equals(p.country()) ? "CZ" + id : id,
                    "CZ".equals(p.country()) ? id : null, city, any(p.streets(), random) + " " + (1 + random.nextInt(120)),
                    any(p.postalCodes(), random), domain, INDUSTRIES[random.nextInt(INDUSTRIES.length)],
                    SIZES[random.nextInt(SIZES.length)]));
        }
        return result;
    }

    /**
     * A Polish NIP (10 digits) or a Czech IČO (8 digits; the DIČ is CZ and the IČO) with its check digit; none for
     * British companies.
     */
    static String taxId(String country, Random random) {
        if ("PL".equals(country)) {
            int[] weights = { 6, 5, 7, 2, 3, 4, 5, 6, 7 };
            while (true) {
                int[] d = new int[9];
                int sum = 0;
                d[0] = 1 + random.nextInt(9);
                for (int i = 1; i < 9; i++) {
                    d[i] = random.nextInt(10);
                }
                for (int i = 0; i < 9; i++) {
                    sum += d[i] * weights[i];
                }
                if (sum % 11 != 10) {
                    StringBuilder nip = new StringBuilder();
                    for (int x : d) {
                        nip.append(x);
                    }
                    return nip.append(sum % 11).toString();
                }
            }
        }
        if ("CZ".equals(country)) {
            int[] d = new int[7];
            int sum = 0;
            for (int i = 0; i < 7; i++) {
                d[i] = random.nextInt(10);
                sum += d[i] * (8 - i);
            }
            StringBuilder ico = new StringBuilder();
            for (int x : d) {
                ico.append(x);
            }
            return ico.append((11 - sum % 11) % 10).toString();
        }
        return null;
    }

    /** The header of the contacts CSV, in Klient's import column names. */
    public static final String HEADER = "firstName,lastName,email,phone,jobTitle,company,street,city,postalCode,"
            + "country,language,tags,owner,consent\n";

    /**
     * Writes {@code count} contacts as CSV: four in five work at one of the companies, the rest are private
     * customers; owners are the given salespeople.
     */
    public void contacts(int count, List<Company> companies, List<String> owners, Writer out) throws IOException {
        Random random = new Random(seed * 17 + 3);
        out.write(HEADER);
        StringBuilder row = new StringBuilder(256);
        for (int i = 0; i < count; i++) {
            Pools p = pick(random);
            Company company = companies.isEmpty() || random.nextInt(5) == 0 ? null
                    : companies.get(random.nextInt(companies.size()));
            String first = any(p.firstNames(), random);
            String last = any(p.lastNames(), random);
            String local = SearchText.fold(first + "." + last).replaceAll("[^a-z0-9.]+", "");
            String email = local + "." + (i + 1) + "@" + (company != null ? company.domain()
                    : p.freeMail()[random.nextInt(p.freeMail().length)]);
            row.setLength(0);
            cell(row, first).append(',');
            cell(row, last).append(',');
            cell(row, email).append(',');
            cell(row, phone(p.country(), random)).append(',');
            cell(row, any(p.jobs(), random)).append(',');
            cell(row, company == null ? null : company.name()).append(',');
            cell(row, company == null ? any(p.streets(), random) + " " + (1 + random.nextInt(90)) : company.street())
                    .append(',');
            cell(row, company == null ? any(p.cities(), random) : company.city()).append(',');
            cell(row, company == null ? any(p.postalCodes(), random) : company.postalCode()).append(',');
            cell(row, p.country()).append(',');
            cell(row, p.language()).append(',');
            cell(row, random.nextInt(10) == 0 ? TAGS[random.nextInt(TAGS.length)] : null).append(',');
            cell(row, owners.isEmpty() || random.nextInt(4) == 0 ? null : owners.get(random.nextInt(owners.size())))
                    .append(',');
            row.append(random.nextInt(3) == 0 ? "yes" : "no").append('\n');
            out.append(row);
        }
    }

    private static final com.google.i18n.phonenumbers.PhoneNumberUtil PHONES =
            com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();

    /** A mobile number that libphonenumber accepts for the country (drawn again until it does). */
    static String phone(String country, Random random) {
        for (int attempt = 0; attempt < 20; attempt++) {
            String phone = candidate(country, random);
            try {
                if (PHONES.isValidNumber(PHONES.parse(phone, country))) {
                    return phone;
                }
            }
            catch (com.google.i18n.phonenumbers.NumberParseException e) {
                // drawn again
            }
        }
        return null;
    }

    private static String candidate(String country, Random random) {
        String digits = String.format("%07d", random.nextInt(10_000_000));
        return switch (country) {
            case "PL" -> "+48 " + new String[] { "50", "51", "53", "60", "66", "69", "72", "73", "78", "79" }
                    [random.nextInt(10)] + digits;
            case "CZ" -> "+420 " + new String[] { "601", "602", "603", "604", "605", "606", "607", "608", "720",
                "730", "770", "777" }[random.nextInt(12)] + digits.substring(1);
            default -> "+44 7" + (4 + random.nextInt(6)) + digits + random.nextInt(10);
        };
    }

    private static StringBuilder cell(StringBuilder row, String value) {
        if (value == null) {
            return row;
        }
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0) {
            return row.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
        return row.append(value);
    }
}
