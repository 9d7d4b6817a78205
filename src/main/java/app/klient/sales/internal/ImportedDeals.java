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

/**
 * Deals from the import wizard: open, in the first stage of the default pipeline; the company named in a cell must
 * exist in Klient (import companies first). Keyed by name or an external id column.
 */
@Component
class ImportedDeals extends TableImport {

    ImportedDeals(JdbcClient jdbc, @Value("${klient.home-country:PL}") String homeCountry) {
        super(jdbc, "deals", "deals", homeCountry, List.of(
                Column.of("name", "name", Type.TEXT, 200, "name", "deal", "dealname", "title", "nazwa",
                        "szansa", "nazev", "obchod", "prilezitost").mandatory().searched(),
                Column.of("amount", "amount", Type.DECIMAL, 30, "amount", "value", "kwota", "wartosc", "castka",
                        "hodnota"),
                Column.of("currency", "currency", Type.CURRENCY, 3, "currency", "waluta", "mena"),
                Column.of("expectedCloseDate", "expected_close_date", Type.DATE, 10, "expectedclosedate",
                        "closedate", "close", "datazamkniecia", "termin", "datumuzavreni"),
                Column.of("source", "source", Type.TEXT, 100, "source", "zrodlo", "zdroj"),
                Column.of("nextStep", "next_step", Type.TEXT, 300, "nextstep", "nastepnykrok", "dalsikrok"),
                Column.of("company", "company_id", Type.TEXT, 200, "company", "companyname", "account", "firma",
                        "klient", "spolecnost", "zakaznik")));
    }

    @Override
    public boolean mayImport() {
        return CurrentUser.role().map(Role::canWrite).orElse(false);
    }

    @Override
    public List<String> keys() {
        return List.of("name");
    }

    @Override
    protected String ownerColumn() {
        return "owner_id";
    }

    @Override
    protected void checkRow(Map<String, String> values, InvalidFields.Collector errors) {
        String company = values.get("company");
        if (company != null && !company.isBlank() && company(company).isEmpty()) {
            errors.add("company", "imports.problem.company", company.strip());
        }
    }

    @Override
    protected Map<String, Object> resolve(Map<String, String> values, long owner) {
        String company = values.get("company");
        return company == null || company.isBlank() ? Map.of()
                : company(company).<Map<String, Object>>map(id -> Map.of("company_id", id)).orElse(Map.of());
    }

    @Override
    protected Map<String, Object> defaults(Map<String, String> values) {
        return remembered("pipeline", () -> jdbc.sql("""
                select p.id, s.id from pipelines p join stages s on s.pipeline_id = p.id and s.active
                where p.active order by p.is_default desc, p.position, p.id, s.position limit 1""")
                .query((rs, n) -> Map.<String, Object>of("pipeline_id", rs.getLong(1), "stage_id", rs.getLong(2)))
                .single());
    }

    private java.util.Optional<Long> company(String name) {
        return remembered("company " + name.strip().toLowerCase(java.util.Locale.ROOT), () -> jdbc.sql(
                "select id from companies where lower(name) = lower(:name) order by id limit 1")
                .param("name", name.strip()).query(Long.class).optional());
    }
}
