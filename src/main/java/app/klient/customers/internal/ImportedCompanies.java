package app.klient.customers.internal;

import java.util.List;
import java.util.Map;

import app.klient.identity.Permission;
import app.klient.platform.imports.TableImport;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Companies from the import wizard; keyed by tax id, e-mail or phone. */
@Component
class ImportedCompanies extends TableImport {

    ImportedCompanies(JdbcClient jdbc, @Value("${klient.home-country:PL}") String homeCountry) {
        super(jdbc, "companies", "companies", homeCountry, List.of(
                Column.of("name", "name", Type.TEXT, 200, "name", "company", "companyname", "organization",
                        "organisation", "account", "nazwa", "nazwafirmy", "firma", "nazev", "nazevfirmy",
                        "spolecnost").mandatory().searched(),
                Column.of("legalName", "legal_name", Type.TEXT, 250, "legalname", "nazwapelna", "pelnanazwa",
                        "obchodnijmeno").searched(),
                Column.of("taxId", "tax_id", Type.TEXT, 32, "taxid", "nip", "ico", "taxnumber").searched(),
                Column.of("registrationNumber", "registration_number", Type.TEXT, 32, "registrationnumber",
                        "regon", "krs", "companynumber").searched(),
                Column.of("vatId", "vat_id", Type.TEXT, 20, "vatid", "vat", "vatnumber", "dic", "nipue").searched(),
                Column.of("industry", "industry", Type.TEXT, 100, "industry", "branza", "obor", "odvetvi"),
                Column.of("size", "size", Type.TEXT, 20, "size", "wielkosc", "velikost")
                        .choices("size.", "MICRO", "SMALL", "MEDIUM", "LARGE", "ENTERPRISE"),
                Column.of("website", "website", Type.TEXT, 255, "website", "web", "www", "url", "stronawww",
                        "strona", "webovestranky").searched(),
                Column.of("email", "email", Type.EMAIL, 254, "email", "mail", "emailaddress", "adresemail")
                        .searched(),
                Column.of("phone", "phones", Type.PHONES, 40, "phone", "telephone", "tel", "telefon", "phonenumber",
                        "phones", "telefony").searched(),
                Column.of("street", "billing_street", Type.TEXT, 200, "street", "address", "ulica", "adres",
                        "ulice", "adresa"),
                Column.of("city", "billing_city", Type.TEXT, 100, "city", "town", "miasto", "miejscowosc", "mesto",
                        "obec").searched(),
                Column.of("postalCode", "billing_postal_code", Type.TEXT, 20, "postalcode", "zip", "zipcode",
                        "postcode", "kodpocztowy", "psc"),
                Column.of("region", "billing_region", Type.TEXT, 100, "region", "state", "wojewodztwo"),
                Column.of("country", "billing_country", Type.COUNTRY, 2, "country", "kraj", "panstwo", "zeme", "stat"),
                Column.of("tags", "tags", Type.TAGS, 1000, "tags", "tag", "tagi", "etykiety", "stitky", "stitek")
                        .searched(),
                Column.of("lifecycleStage", "lifecycle_stage", Type.TEXT, 20, "lifecyclestage", "stage", "etap",
                        "faze").choices("stage.", "LEAD", "PROSPECT", "CUSTOMER", "FORMER_CUSTOMER")));
    }

    @Override
    public boolean mayImport() {
        return Permission.IMPORT_CONTACTS.granted();
    }

    @Override
    public List<String> keys() {
        return List.of("taxId", "email", "phone", "name");
    }

    @Override
    protected List<CustomField> customFields() {
        return CustomerImports.customFields(jdbc, "COMPANY");
    }

    /** The file's country is the company's own too (the lists filter and export by it), not only its address's. */
    @Override
    protected Map<String, Object> resolve(Map<String, String> values, long owner) {
        String country = values.get("country");
        return country == null || country.isBlank() ? Map.of()
                : Map.of("country", country.strip().toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * A company an import made is taken back only while nothing refers to it: a deal, an invoice or a contact of it
     * made since keeps it (and it is counted as kept).
     */
    @Override
    public boolean delete(long id, int version) {
        boolean unchanged = jdbc.sql("select id from companies where id = :id and version = :version for update")
                .param("id", id).param("version", version).query(Long.class).optional().isPresent();
        return unchanged && !referenced(id) && super.delete(id, version);
    }

    @Override
    protected String ownerColumn() {
        return "owner_id";
    }
}
