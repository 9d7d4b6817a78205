package app.klient.analytics.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.klient.analytics.KpiSql;
import app.klient.customers.ContactSegments;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** What a dashboard's filters offer: teams, active people, segments, pipelines, products, countries, currencies. */
@Component
public class AnalyticsChoices {

    private final JdbcClient jdbc;
    private final ContactSegments segments;

    AnalyticsChoices(JdbcClient jdbc, ContactSegments segments) {
        this.jdbc = jdbc;
        this.segments = segments;
    }

    public void addTo(Model model) {
        if (CurrentUser.hasRole(Role.SALES)) {
            // a salesperson reads their own figures only (KpiRequests.own): nobody else to choose
            model.addAttribute("teamChoices", Map.of());
            model.addAttribute("ownerChoices", pairs("select id, name from users where id = "
                    + CurrentUser.id()));
        }
        else {
            model.addAttribute("teamChoices", pairs("select id, name from teams order by lower(name), id limit 500"));
            model.addAttribute("ownerChoices", pairs("select id, name from users where active and role <> 'READ_ONLY'"
                    + " order by lower(name), id limit 1000"));
        }
        model.addAttribute("segmentChoices", segments.choices());
        model.addAttribute("pipelineChoices", pairs("select id, name from pipelines order by position, id limit 200"));
        // products by the names the reader reads (a Polish page lists and sorts the Polish names)
        Map<Long, String> products = new LinkedHashMap<>();
        jdbc.sql("select id, name from (select id, " + KpiSql.productName("p") + " as name from products p"
                + " where active) x order by lower(name), id limit 1000")
                .param("kLanguage", LocaleContextHolder.getLocale().getLanguage())
                .query(rs -> {
                    products.put(rs.getLong(1), rs.getString(2));
                });
        model.addAttribute("productChoices", products);
        model.addAttribute("countryChoices", jdbc.sql("select v from (" + distinct("companies", "country")
                + " union " + distinct("contacts", "country") + ") x order by 1 limit 300").query(String.class).list());
        model.addAttribute("currencyChoices", jdbc.sql("select v from (" + distinct("invoices", "currency")
                + " union " + distinct("deals", "currency") + ") x order by 1").query(String.class).list());
    }

    /**
     * The values of an indexed column as {@code v}, read by skipping from one value to the next in its index (a few
     * dozen lookups) rather than reading every row: what a million contacts' countries cost a dashboard otherwise.
     */
    private static String distinct(String table, String column) {
        return "(with recursive d(v) as ((select " + column + " from " + table + " where " + column
                + " is not null order by " + column + " limit 1) union all select (select " + column + " from "
                + table + " where " + column + " > d.v order by " + column + " limit 1) from d where d.v is not null)"
                + " select v from d where v is not null)";
    }

    private Map<Long, String> pairs(String sql) {
        Map<Long, String> pairs = new LinkedHashMap<>();
        jdbc.sql(sql).query(rs -> {
            pairs.put(rs.getLong(1), rs.getString(2));
        });
        return pairs;
    }

    public List<String> presets() {
        return java.util.Arrays.stream(app.klient.platform.Period.Preset.values()).map(Enum::name).toList();
    }
}
