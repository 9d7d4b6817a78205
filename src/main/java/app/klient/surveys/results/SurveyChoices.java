package app.klient.surveys.results;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import app.klient.catalog.Products;
import app.klient.customers.ContactSegments;
import app.klient.identity.Teams;
import app.klient.identity.Users;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;

/** What the results filters offer: the surveys of a kind, segments, teams, agents and products, each id to name. */
@Component
class SurveyChoices {

    static final int MAX = 500;

    private final JdbcClient jdbc;
    private final ContactSegments segments;
    private final Teams teams;
    private final Users users;
    private final Products products;

    SurveyChoices(JdbcClient jdbc, ContactSegments segments, Teams teams, Users users, Products products) {
        this.jdbc = jdbc;
        this.segments = segments;
        this.teams = teams;
        this.users = users;
        this.products = products;
    }

    @Transactional(readOnly = true)
    public void addTo(Model model, ResultKind kind, Locale locale) {
        Map<Long, String> surveys = new LinkedHashMap<>();
        jdbc.sql("select id, name from surveys where cast(:kind as varchar) is null or kind = cast(:kind as varchar) order by lower(name), id limit "
                + MAX).param("kind", kind == null ? null : kind.name())
                .query(rs -> {
                    surveys.put(rs.getLong(1), rs.getString(2));
                });
        model.addAttribute("surveyChoices", surveys);
        model.addAttribute("segmentChoices", segments.choices());
        Map<Long, String> teamChoices = new LinkedHashMap<>();
        teams.list().forEach(t -> teamChoices.put(t.id(), t.name()));
        model.addAttribute("teamChoices", teamChoices);
        Map<Long, String> agents = new LinkedHashMap<>();
        users.search(null, true, null, PageRequest.of(0, MAX, org.springframework.data.domain.Sort.by("name")))
                .forEach(u -> agents.put(u.id(), u.name()));
        model.addAttribute("agentChoices", agents);
        Map<Long, String> productChoices = new LinkedHashMap<>();
        products.options(null, MAX).forEach(p -> productChoices.put(p.id(), p.nameIn(locale)));
        model.addAttribute("productChoices", productChoices);
    }
}
