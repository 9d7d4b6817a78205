package app.klient.customers.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import app.klient.platform.imports.TableImport;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** What companies and contacts share when imported: their custom fields, read from the definitions. */
final class CustomerImports {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CustomerImports() {
    }

    static List<TableImport.CustomField> customFields(JdbcClient jdbc, String entity) {
        List<TableImport.CustomField> fields = new ArrayList<>();
        jdbc.sql("""
                select key, type, label_en, label_pl, label_cs, options::text from custom_field_definitions
                where entity = :entity and active order by position, id""").param("entity", entity).query(rs -> {
                    List<String> options = new ArrayList<>();
                    JSON.readTree(rs.getString(6)).valueStream().forEach(o -> options.add(o.isObject()
                            ? o.path("value").asString(o.toString()) : o.asString()));
                    fields.add(new TableImport.CustomField(rs.getString(1), rs.getString(2), Map.of("en",
                            rs.getString(3), "pl", rs.getString(4), "cs", rs.getString(5)), options));
                });
        return fields;
    }

    /**
     * The company of that name (the oldest when several), or a new one with the name, the country (when known) and
     * the importing user as its owner.
     */
    static long company(JdbcClient jdbc, String name, String country, long owner) {
        return jdbc.sql("select id from companies where lower(name) = lower(:name) order by id limit 1")
                .param("name", name).query(Long.class).optional()
                .orElseGet(() -> jdbc.sql("""
                        insert into companies (name, search_text, country, owner_id)
                        values (:name, :search, :country, :owner) returning id""")
                        .param("name", name).param("search", app.klient.platform.SearchText.of(name))
                        .param("country", country).param("owner", owner).query(Long.class).single());
    }
}
