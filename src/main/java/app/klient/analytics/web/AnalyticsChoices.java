package app.klient.analytics.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.klient.customers.ContactSegments;
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
        model.addAttribute("teamChoices", pairs("select id, name from teams order by lower(name), id limit 500"));
        model.addAttribute("ownerChoices", pairs("select id, name from users where active and role <> 'READ_ONLY'"
                + " order by lower(name), id limit 1000"));
        model.addAttribute("segmentChoices", segments.choices());
        model.addAttribute("pipelineChoices", pairs("select id, name from pipelines order by position, id limit 200"));
        model.addAttribute("productChoices", pairs("select id, name from products where active"
                + " order by lower(name), id limit 1000"));
        model.addAttribute("countryChoices", jdbc.sql("select distinct country from companies where country is not"
                + " null union select distinct country from contacts where country is not null order by 1 limit 300")
                .query(String.class).list());
        model.addAttribute("currencyChoices", jdbc.sql("select distinct currency from invoices union select"
                + " distinct currency from deals where currency is not null order by 1").query(String.class).list());
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
