package app.klient.catalog.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import app.klient.platform.InvalidFields;
import app.klient.platform.imports.TableImport;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Products from the import wizard, by administrators and managers (who keep the catalog); keyed by SKU. */
@Component
class ImportedProducts extends TableImport {

    ImportedProducts(JdbcClient jdbc, @Value("${klient.home-country:PL}") String homeCountry) {
        super(jdbc, "products", "products", homeCountry, List.of(
                Column.of("sku", "sku", Type.TEXT, 64, "sku", "code", "productcode", "kod", "indeks", "symbol",
                        "katalogovecislo").mandatory().searched(),
                Column.of("name", "name", Type.TEXT, 200, "name", "product", "productname", "nazwa", "produkt",
                        "nazev", "nazevproduktu").mandatory().searched(),
                Column.of("namePl", "name_pl", Type.TEXT, 200, "namepl", "nazwapl").searched(),
                Column.of("nameCs", "name_cs", Type.TEXT, 200, "namecs", "nazevcs").searched(),
                Column.of("kind", "kind", Type.TEXT, 10, "kind", "type", "rodzaj", "typ", "druh")
                        .choices("product.kind.", "PRODUCT", "SERVICE"),
                Column.of("unit", "unit", Type.TEXT, 20, "unit", "jednostka", "jm", "jednotka", "mj"),
                Column.of("category", "category", Type.TEXT, 100, "category", "kategoria", "kategorie").searched(),
                Column.of("description", "description", Type.TEXT, 2000, "description", "opis", "popis"),
                Column.of("unitPrice", "unit_price", Type.DECIMAL, 30, "unitprice", "price", "cena", "cenanetto",
                        "cenajednostkowa", "jednotkovacena").mandatory(),
                Column.of("currency", "currency", Type.CURRENCY, 3, "currency", "waluta", "mena").mandatory(),
                Column.of("taxRate", "tax_rate", Type.DECIMAL, 10, "taxrate", "vat", "vatrate", "stawkavat",
                        "sazbadph", "dph").mandatory()));
    }

    /** The roles that keep the catalog, as the security configuration grants its changes. */
    @Override
    public boolean mayImport() {
        var signedIn = org.springframework.security.core.context.SecurityContextHolder.getContext()
                .getAuthentication();
        return signedIn != null && signedIn.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN") || a.getAuthority().equals("ROLE_MANAGER"));
    }

    @Override
    public List<String> keys() {
        return List.of("sku");
    }

    @Override
    protected void checkRow(Map<String, String> values, InvalidFields.Collector errors) {
        String rate = values.get("taxRate");
        if (rate != null && !errors.has("taxRate")) {
            try {
                if (new BigDecimal(rate.strip().replace(',', '.').replace("%", "")).compareTo(BigDecimal.valueOf(100))
                        > 0) {
                    errors.add("taxRate", "imports.problem.taxRate", rate);
                }
            }
            catch (NumberFormatException e) {
                // the column's own check names it
            }
        }
    }
}
