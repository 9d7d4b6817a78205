package app.klient.customers.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import app.klient.identity.Permission;
import app.klient.platform.SearchText;
import app.klient.platform.imports.TableImport;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Contacts from the import wizard (a CSV or XLSX file, or vCards); keyed by e-mail or phone. A company named in a
 * cell is found by name, or made: owned by the importing user like the contacts, in the row's country when it has
 * one. The one-file API import ({@code ContactImport}) stays the fast path for a million
 * contacts at once.
 */
@Component
class ImportedContacts extends TableImport {

    ImportedContacts(JdbcClient jdbc, @Value("${klient.home-country:PL}") String homeCountry) {
        super(jdbc, "contacts", "contacts", homeCountry, List.of(
                Column.of("firstName", "first_name", Type.TEXT, 100, "firstname", "first", "givenname", "imie",
                        "jmeno", "krestnijmeno").searched(),
                Column.of("lastName", "last_name", Type.TEXT, 100, "lastname", "last", "surname", "familyname",
                        "nazwisko", "prijmeni").mandatory().searched(),
                Column.of("titleBefore", "title_before", Type.TEXT, 50, "titlebefore", "titul", "tytul",
                        "titulpred"),
                Column.of("email", "emails", Type.EMAILS, 254, "email", "mail", "emailaddress", "adresemail",
                        "emailovaadresa", "emails", "emaile", "emaily").searched(),
                Column.of("phone", "phones", Type.PHONES, 40, "phone", "telephone", "mobile", "tel", "telefon",
                        "phonenumber", "numertelefonu", "mobil", "phones", "telefony").searched(),
                Column.of("jobTitle", "job_title", Type.TEXT, 150, "jobtitle", "title", "position", "stanowisko",
                        "pozice", "funkce").searched(),
                Column.of("street", "street", Type.TEXT, 200, "street", "address", "ulica", "adres", "ulice",
                        "adresa"),
                Column.of("city", "city", Type.TEXT, 100, "city", "town", "miasto", "miejscowosc", "mesto", "obec")
                        .searched(),
                Column.of("postalCode", "postal_code", Type.TEXT, 20, "postalcode", "zip", "zipcode", "postcode",
                        "kodpocztowy", "psc"),
                Column.of("region", "region", Type.TEXT, 100, "region", "state", "wojewodztwo"),
                Column.of("country", "country", Type.COUNTRY, 2, "country", "kraj", "panstwo", "zeme", "stat"),
                Column.of("language", "preferred_language", Type.LANGUAGE, 5, "language", "jezyk", "jazyk"),
                Column.of("birthday", "birthday", Type.DATE, 10, "birthday", "birthdate", "dateofbirth",
                        "dataurodzenia", "urodziny", "datumnarozeni", "narozeniny"),
                Column.of("tags", "tags", Type.TAGS, 1000, "tags", "tag", "tagi", "etykiety", "stitky", "stitek")
                        .searched(),
                Column.of("company", "company_id", Type.TEXT, 200, "company", "companyname", "organization",
                        "organisation", "firma", "spolecnost", "nazwafirmy")));
    }

    @Override
    public boolean mayImport() {
        return Permission.IMPORT_CONTACTS.granted();
    }

    @Override
    public List<String> keys() {
        return List.of("email", "phone");
    }

    @Override
    protected List<CustomField> customFields() {
        return CustomerImports.customFields(jdbc, "CONTACT");
    }

    @Override
    protected String ownerColumn() {
        return "owner_id";
    }

    @Override
    protected Map<String, Object> defaults(Map<String, String> values) {
        return Map.of("source", "IMPORT");
    }

    @Override
    protected void prepare(List<Map<String, String>> rows, long owner) {
        // the batch's companies found, and the missing ones made, in two statements instead of two a row
        Map<String, String> names = new java.util.LinkedHashMap<>();
        Map<String, String> countries = new java.util.HashMap<>();
        for (Map<String, String> row : rows) {
            String company = row.get("company");
            if (company != null && !company.isBlank()) {
                names.putIfAbsent(companyKey(company), company.strip());
                String country = country(row);
                if (country != null) {
                    countries.putIfAbsent(companyKey(company), country);
                }
            }
        }
        if (names.isEmpty()) {
            return;
        }
        Map<String, Long> found = new java.util.HashMap<>();
        jdbc.sql("""
                select n, (select c.id from companies c where lower(c.name) = lower(n) order by c.id limit 1)
                from unnest(cast(:names as text[])) as n""")
                .param("names", names.values().toArray(String[]::new)).query(rs -> {
                    long id = rs.getLong(2);
                    if (!rs.wasNull()) {
                        found.put(companyKey(rs.getString(1)), id);
                    }
                });
        List<String> missing = names.entrySet().stream().filter(e -> !found.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        if (!missing.isEmpty()) {
            jdbc.sql("""
                    insert into companies (name, search_text, country, owner_id)
                    select n, s, c, :owner
                      from unnest(cast(:names as text[]), cast(:search as text[]), cast(:countries as text[]))
                           as x(n, s, c)
                    returning name, id""")
                    .param("names", missing.toArray(String[]::new)).param("owner", owner)
                    .param("countries", missing.stream().map(n -> countries.get(companyKey(n)))
                            .toArray(String[]::new))
                    .param("search", missing.stream().map(SearchText::of).toArray(String[]::new))
                    .query(rs -> {
                        found.put(companyKey(rs.getString(1)), rs.getLong(2));
                    });
        }
        found.forEach((key, id) -> remembered(key, () -> id));
    }

    /**
     * The companies made for these contacts (named in a cell, and missing): made in the same transaction as the
     * contact, so at the same moment ({@code now()} is the transaction's).
     */
    @Override
    public Map<String, List<Long>> madeAlongside(Collection<Long> created) {
        List<Long> companies = jdbc.sql("""
                select distinct co.id from contacts c join companies co on co.id = c.company_id
                where c.id = any(cast(:ids as bigint[])) and co.created_at = c.created_at order by co.id""")
                .param("ids", created.toArray(Long[]::new)).query(Long.class).list();
        return companies.isEmpty() ? Map.of() : Map.of("companies", companies);
    }

    @Override
    protected Map<String, Object> resolve(Map<String, String> values, long owner) {
        String company = values.get("company");
        return company == null || company.isBlank() ? Map.of()
                : Map.of("company_id", remembered(companyKey(company),
                        () -> CustomerImports.company(jdbc, company.strip(), country(values), owner)));
    }

    /** The row's country (checked: a code), or null when the file gives none. */
    private static String country(Map<String, String> values) {
        String country = values.get("country");
        return country == null || country.isBlank() ? null : country.strip().toUpperCase(java.util.Locale.ROOT);
    }

    private static String companyKey(String name) {
        return "company " + name.strip().toLowerCase(java.util.Locale.ROOT);
    }
}
