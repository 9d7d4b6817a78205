package app.klient.customers.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import app.klient.customers.Address;
import app.klient.customers.Channel;
import app.klient.customers.CompanySize;
import app.klient.customers.ConsentMethod;
import app.klient.customers.ContactSource;
import app.klient.customers.LifecycleStage;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.platform.DemoData;
import app.klient.platform.SearchText;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo company's customers: a few hundred Polish and Czech companies with valid NIP/REGON and IČO/DIČ, their
 * people, some private customers, and notes on the cards, owned by the demo salespeople.
 */
@Component
@Order(10)
class DemoCustomers implements DemoData {

    static final int COMPANIES = 240;

    private final CompanyRepository companies;
    private final ContactRepository contacts;
    private final Users users;
    private final JdbcClient jdbc;

    private final org.springframework.beans.factory.ObjectProvider<app.klient.customers.MarketingConsent> consent;

    DemoCustomers(CompanyRepository companies, ContactRepository contacts, Users users, JdbcClient jdbc,
            org.springframework.beans.factory.ObjectProvider<app.klient.customers.MarketingConsent> consent) {
        this.consent = consent;
        this.companies = companies;
        this.contacts = contacts;
        this.users = users;
        this.jdbc = jdbc;
    }

    @Override
    public void fill(Faker polish) {
        long before = jdbc.sql("select coalesce(max(id), 0) from contacts").query(Long.class).single();
        Random random = new Random(7);
        Faker czech = new Faker(Locale.forLanguageTag("cs"), new Random(8));
        List<Long> owners = users.activeUsers().stream().filter(u -> u.role().canWrite()).map(UserSummary::id)
                .toList();
        // what the demo people typed is in their customer's language: Polish on Polish cards, Czech on Czech ones
        String[][] industries = {
            { "Produkcja", "Budownictwo", "Handel", "Logistyka", "Usługi IT", "Żywność", "Ochrona zdrowia",
                "Energetyka", "Motoryzacja", "Hotelarstwo" },
            { "Výroba", "Stavebnictví", "Obchod", "Logistika", "IT služby", "Potraviny", "Zdravotnictví",
                "Energetika", "Automobilový průmysl", "Pohostinství" } };
        for (int i = 0; i < COMPANIES; i++) {
            boolean pl = i % 3 != 2;
            Faker faker = pl ? polish : czech;
            String country = pl ? "PL" : "CZ";
            String name = faker.company().name();
            String city = faker.address().city();
            Company company = new Company(name);
            String taxId = pl ? validNip(random) : "CZ" + validIco(random);
            String registration = pl ? validRegon(random) : taxId.substring(2);
            LifecycleStage stage = LifecycleStage.values()[random.nextInt(4)];
            boolean hasLegalForm = name.matches(".*(sp\\.|S\\.A\\.|S\\.K\\.A\\.|s\\.r\\.o\\.|a\\.s\\.|v\\.o\\.s\\.|k\\.s\\.).*");
            company.fill(name, hasLegalForm ? name : name + (pl ? " sp. z o.o." : " s.r.o."), country, taxId, registration,
                    pl ? "PL" + taxId : taxId, industries[pl ? 0 : 1][random.nextInt(industries[0].length)],
                    CompanySize.values()[random.nextInt(5)],
                    "https://www." + slug(name) + (pl ? ".pl" : ".cz"), "info@" + slug(name) + (pl ? ".pl" : ".cz"),
                    List.of(pl ? "+4822" + (1000000 + random.nextInt(8999999)) : "+420" + (220000000 + random.nextInt(9999999))),
                    new Address(faker.address().streetAddress(), city, faker.address().zipCode(), null, country),
                    null, owners.isEmpty() ? null : owners.get(random.nextInt(owners.size())), null,
                    random.nextInt(4) == 0 ? List.of("key account") : List.of(), stage, "{}");
            company = companies.save(company);
            int people = 1 + random.nextInt(3);
            for (int p = 0; p < people; p++) {
                contacts.save(person(faker, random, company.getId(), country, slug(name) + (pl ? ".pl" : ".cz"),
                        company.getOwnerId()));
            }
            if (random.nextInt(3) == 0) {
                jdbc.sql("""
                        insert into timeline_entries (company_id, occurred_at, kind, body, author_id)
                        values (:company, :at, 'NOTE', :body, :author)""")
                        .param("company", company.getId())
                        .param("at", java.sql.Timestamp.from(Instant.now().minus(random.nextInt(300), ChronoUnit.DAYS)))
                        .param("body", pl ? "Rozmowa o przedłużeniu umowy, oddzwonić po budżecie."
                                : "Jednání o obnovení smlouvy, zavolat po schválení rozpočtu.")
                        .param("author", company.getOwnerId()).update();
            }
        }
        for (int i = 0; i < 60; i++) {
            boolean pl = i % 2 == 0;
            contacts.save(person(pl ? polish : czech, random, null, pl ? "PL" : "CZ", pl ? "gmail.com" : "seznam.cz",
                    owners.isEmpty() ? null : owners.get(random.nextInt(owners.size()))));
        }
        contacts.flush();
        arrivals(random, before);
        // the demo people who agreed to marketing have it in the consent history, where the card reads it
        app.klient.customers.MarketingConsent history = consent.getIfAvailable();
        if (history != null) {
            jdbc.sql("select id, consent_method from contacts where id > :before and marketing_consent order by id")
                    .param("before", before)
                    .query((rs, n) -> java.util.Map.entry(rs.getLong(1), ConsentMethod.valueOf(rs.getString(2))))
                    .list().forEach(agreed -> history.given(agreed.getKey(),
                            app.klient.customers.MarketingConsent.Origin.PAGE, agreed.getValue(), null));
        }
    }

    /**
     * The demo company has been growing for three years: its customers came over that time, more of them in busy
     * months and lately, each company's people with it (what the other modules' histories start from).
     */
    private void arrivals(Random random, long contactsBefore) {
        java.time.YearMonth now = java.time.YearMonth.now();
        List<java.time.YearMonth> months = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        double sum = 0;
        for (int back = HISTORY_MONTHS + 2; back >= 0; back--) {
            months.add(now.minusMonths(back));
            // the first months bring the customers the company already had when Klient's history begins
            double weight = DemoData.busyness(now.minusMonths(back), now) * (back > HISTORY_MONTHS ? 12 : 1);
            weights.add(weight);
            sum += weight;
        }
        List<Long> ids = jdbc.sql("select id from companies order by id").query(Long.class).list();
        List<Long> people = jdbc.sql("select id from contacts where id > :before and company_id is null order by id")
                .param("before", contactsBefore).query(Long.class).list();
        List<Long> all = new ArrayList<>(ids);
        all.addAll(people);
        java.sql.Timestamp[] days = new java.sql.Timestamp[all.size()];
        for (int i = 0; i < all.size(); i++) {
            double pick = random.nextDouble() * sum;
            int m = 0;
            while (m < months.size() - 1 && pick > weights.get(m)) {
                pick -= weights.get(m);
                m++;
            }
            Instant at = months.get(m).atDay(1 + random.nextInt(months.get(m).lengthOfMonth()))
                    .atTime(8 + random.nextInt(9), random.nextInt(60)).atZone(java.time.ZoneId.systemDefault())
                    .toInstant();
            days[i] = java.sql.Timestamp.from(at.isAfter(Instant.now()) ? Instant.now() : at);
        }
        Long[] companyIds = all.subList(0, ids.size()).toArray(Long[]::new);
        Long[] personIds = all.subList(ids.size(), all.size()).toArray(Long[]::new);
        jdbc.sql("""
                update companies c set created_at = a.day, updated_at = a.day
                from unnest(cast(:ids as bigint[]), cast(:days as timestamptz[])) a(id, day) where c.id = a.id""")
                .param("ids", companyIds)
                .param("days", java.util.Arrays.copyOfRange(days, 0, ids.size())).update();
        jdbc.sql("""
                update contacts p set created_at = c.created_at, updated_at = c.created_at
                from companies c where p.company_id = c.id and p.id > :before""").param("before", contactsBefore)
                .update();
        jdbc.sql("""
                update contacts p set created_at = a.day, updated_at = a.day
                from unnest(cast(:ids as bigint[]), cast(:days as timestamptz[])) a(id, day) where p.id = a.id""")
                .param("ids", personIds)
                .param("days", java.util.Arrays.copyOfRange(days, ids.size(), days.length)).update();
    }

    /**
     * Mobile prefixes, Polish and Czech (601–608, 72x, 73x, 77x): a number made of another would be refused when
     * the customer is edited.
     */
    private static final String[] POLISH_MOBILE = { "50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79",
        "88" };
    private static final String[] CZECH_MOBILE = { "601", "602", "603", "604", "605", "606", "607", "608", "720",
        "723", "730", "736", "770", "775", "777" };

    private static Contact person(Faker faker, Random random, Long companyId, String country, String domain,
            Long owner) {
        String first = faker.name().firstName();
        String last = faker.name().lastName();
        Contact contact = new Contact(last);
        String mobile = "PL".equals(country)
                ? "+48" + POLISH_MOBILE[random.nextInt(POLISH_MOBILE.length)] + (1000000 + random.nextInt(8999999))
                : "+420" + CZECH_MOBILE[random.nextInt(CZECH_MOBILE.length)] + (100000 + random.nextInt(899999));
        contact.fill(first, last, random.nextInt(8) == 0 ? ("PL".equals(country) ? "dr" : "Ing.") : null, null,
                List.of(slug(first) + "." + slug(last) + "@" + domain), List.of(mobile),
                companyId == null ? null : jobTitle(faker, country, first + last), companyId,
                LocalDate.of(1960 + random.nextInt(40), 1 + random.nextInt(12), 1 + random.nextInt(28)),
                new Address(null, faker.address().city(), null, null, country),
                "PL".equals(country) ? "pl" : "cs", Channel.values()[random.nextInt(3)],
                ContactSource.values()[random.nextInt(ContactSource.values().length)], null, owner,
                new ArrayList<>(), "{}");
        boolean consent = random.nextBoolean();
        contact.recordConsent(consent, consent ? ConsentMethod.values()[random.nextInt(5)] : null, null);
        return contact;
    }

    /**
     * A job title in the contact's language (the faker only knows English ones). The faker is still asked, so the
     * names drawn after it stay the names the demo always had.
     */
    private static String jobTitle(Faker faker, String country, String name) {
        faker.job().title();
        String[] titles = "PL".equals(country) ? JOBS_PL : JOBS_CS;
        return titles[Math.floorMod(name.hashCode(), titles.length)];
    }

    private static final String[] JOBS_PL = { "Dyrektor handlowy", "Kierownik zakupów", "Specjalista ds. logistyki",
        "Prezes zarządu", "Kierownik produkcji", "Główna księgowa", "Asystentka zarządu", "Kierownik działu IT" };
    private static final String[] JOBS_CS = { "Obchodní ředitel", "Vedoucí nákupu", "Specialista logistiky",
        "Jednatel", "Vedoucí výroby", "Hlavní účetní", "Asistentka vedení", "Vedoucí IT" };

    static String slug(String s) {
        return SearchText.fold(s).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    static String validNip(Random random) {
        while (true) {
            StringBuilder digits = new StringBuilder();
            for (int i = 0; i < 9; i++) {
                digits.append(i == 0 ? 1 + random.nextInt(9) : random.nextInt(10));
            }
            for (int check = 0; check <= 9; check++) {
                if (Identifiers.nip(digits.toString() + check)) {
                    return digits.toString() + check;
                }
            }
        }
    }

    static String validRegon(Random random) {
        while (true) {
            StringBuilder digits = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                digits.append(random.nextInt(10));
            }
            for (int check = 0; check <= 9; check++) {
                if (Identifiers.regon(digits.toString() + check)) {
                    return digits.toString() + check;
                }
            }
        }
    }

    static String validIco(Random random) {
        while (true) {
            StringBuilder digits = new StringBuilder();
            for (int i = 0; i < 7; i++) {
                digits.append(random.nextInt(10));
            }
            for (int check = 0; check <= 9; check++) {
                if (Identifiers.ico(digits.toString() + check)) {
                    return digits.toString() + check;
                }
            }
        }
    }
}
