package app.klient.sales.internal;

import java.util.List;
import java.util.Map;

import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.platform.InvalidFields;
import app.klient.platform.imports.TableImport;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Leads from the import wizard, new and from the source IMPORT; keyed by e-mail, phone or the company's tax id. */
@Component
class ImportedLeads extends TableImport {

    ImportedLeads(JdbcClient jdbc, @Value("${klient.home-country:PL}") String homeCountry) {
        super(jdbc, "leads", "leads", homeCountry, List.of(
                Column.of("firstName", "first_name", Type.TEXT, 100, "firstname", "first", "givenname", "imie",
                        "jmeno").searched(),
                Column.of("lastName", "last_name", Type.TEXT, 100, "lastname", "last", "surname", "nazwisko",
                        "prijmeni").searched(),
                Column.of("email", "email", Type.EMAIL, 254, "email", "mail", "emailaddress", "adresemail")
                        .searched(),
                Column.of("phone", "phone", Type.PHONE, 20, "phone", "telephone", "mobile", "tel", "telefon",
                        "mobil").searched(),
                Column.of("companyName", "company_name", Type.TEXT, 200, "company", "companyname", "organization",
                        "firma", "nazwafirmy", "spolecnost").searched(),
                Column.of("taxId", "company_tax_id", Type.TEXT, 32, "taxid", "companytaxid", "nip", "ico")
                        .searched(),
                Column.of("jobTitle", "job_title", Type.TEXT, 150, "jobtitle", "title", "position", "stanowisko",
                        "pozice", "funkce"),
                Column.of("message", "message", Type.TEXT, 2000, "message", "note", "notes", "wiadomosc",
                        "notatka", "zprava", "poznamka"),
                Column.of("website", "website", Type.TEXT, 255, "website", "web", "www", "strona"),
                Column.of("street", "street", Type.TEXT, 200, "street", "address", "ulica", "adres", "ulice"),
                Column.of("city", "city", Type.TEXT, 100, "city", "town", "miasto", "mesto"),
                Column.of("postalCode", "postal_code", Type.TEXT, 20, "postalcode", "zip", "kodpocztowy", "psc"),
                Column.of("country", "country", Type.COUNTRY, 2, "country", "kraj", "panstwo", "zeme", "stat"),
                Column.of("expectedValue", "expected_value", Type.DECIMAL, 30, "expectedvalue", "value",
                        "wartosc", "hodnota"),
                Column.of("utmSource", "utm_source", Type.TEXT, 100, "utmsource", "source", "zrodlo", "zdroj"),
                Column.of("utmCampaign", "utm_campaign", Type.TEXT, 100, "utmcampaign", "campaign", "kampania",
                        "kampan")));
    }

    @Override
    public boolean mayImport() {
        return CurrentUser.role().map(Role::canWrite).orElse(false);
    }

    @Override
    public List<String> keys() {
        return List.of("email", "phone", "taxId");
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
    protected void checkRow(Map<String, String> values, InvalidFields.Collector errors) {
        if (List.of("lastName", "email", "companyName", "phone").stream()
                .allMatch(f -> values.get(f) == null || values.get(f).isBlank())) {
            errors.add("lastName", "imports.problem.leadName");
        }
    }
}
