package app.klient.analytics.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.klient.analytics.KpiFilters;
import app.klient.customers.ContactSegments;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Reads a {@link KpiRequest} from a request's parameters and checks that the team, owner, segment, pipeline and
 * product it names exist: the API refuses a wrong value (400) or an id that names nothing (404), each naming its
 * parameter; a page shows its figures without what was wrong and the error beside the field.
 */
@Component
public class KpiRequests {

    private final JdbcClient jdbc;
    private final ContactSegments segments;
    private final AnalyticsChoices choices;

    KpiRequests(JdbcClient jdbc, ContactSegments segments, AnalyticsChoices choices) {
        this.jdbc = jdbc;
        this.segments = segments;
        this.choices = choices;
    }

    /** What a page shows: the request as far as it was right, and what was wrong by parameter. */
    public record Checked(KpiRequest request, Map<String, InvalidFields.FieldError> problems) {
    }

    /** For the API: the request, or a 400 with the wrong fields, or a 404 for the first id that names nothing. */
    public KpiRequest read(String preset, String from, String to, Long team, Long owner, Long segment,
            Long pipeline, Long product, String country, String currency) {
        KpiRequest request = KpiRequest.of(preset, from, to, team, owner, segment, pipeline, product, country,
                currency);
        // whose figures first: a salesperson asking for anybody else's learns nothing, not even whether they exist
        List<InvalidFields.FieldError> others = new ArrayList<>();
        KpiFilters own = own(request.filters(), others);
        if (!others.isEmpty()) {
            throw new AccessDeniedException("A salesperson reads their own figures");
        }
        List<InvalidFields.FieldError> unknown = new ArrayList<>();
        known(own, unknown);
        if (!unknown.isEmpty()) {
            throw KlientException.notFound(unknown.get(0).messageKey(), unknown.get(0).arguments());
        }
        return new KpiRequest(request.preset(), request.period(), own);
    }

    /** For a page: never refused for its parameters; a wrong period gives the default one, a wrong filter none. */
    public Checked forPage(String preset, String from, String to, Long team, Long owner, Long segment,
            Long pipeline, Long product, String country, String currency) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        KpiRequest request = KpiRequest.read(preset, from, to, team, owner, segment, pipeline, product, country,
                currency, errors);
        List<InvalidFields.FieldError> wrong = new ArrayList<>();
        KpiFilters filters = known(own(request.filters(), wrong), wrong);
        try {
            errors.throwIfAny();
        }
        catch (InvalidFields e) {
            wrong.addAll(0, e.errors());
        }
        Map<String, InvalidFields.FieldError> problems = new LinkedHashMap<>();
        wrong.forEach(f -> problems.putIfAbsent(f.field(), f));
        return new Checked(new KpiRequest(request.preset(), request.period(), filters), problems);
    }

    /** The page's period and filters with their choices and errors, for the filters fragment. */
    public void addTo(Model model, Checked checked) {
        addTo(model, checked.request());
        model.addAttribute("filterProblems", checked.problems());
    }

    public void addTo(Model model, KpiRequest request) {
        model.addAttribute("request", request);
        model.addAttribute("query", request.query());
        model.addAttribute("presets", choices.presets());
        if (!model.containsAttribute("filterProblems")) {
            model.addAttribute("filterProblems", Map.of());
        }
        choices.addTo(model);
    }

    /** {@link KpiFilters#readable}, and in {@code errors} when that is not whose figures were asked for. */
    private static KpiFilters own(KpiFilters asked, List<InvalidFields.FieldError> errors) {
        KpiFilters readable = asked.readable();
        if (!readable.equals(asked) && (asked.teamId() != null || asked.ownerId() != null)) {
            errors.add(new InvalidFields.FieldError("owner", "kpi.owner.onlyOwn"));
        }
        return readable;
    }

    /** The filters without the ids that name nothing, each of them in {@code errors}. */
    private KpiFilters known(KpiFilters f, List<InvalidFields.FieldError> errors) {
        Long team = exists("teams", "team", f.teamId(), errors);
        Long owner = exists("users", "owner", f.ownerId(), errors);
        Long segment = f.segmentId();
        if (segment != null && segments.name(segment).isEmpty()) {
            errors.add(new InvalidFields.FieldError("segment", "kpi.segment.notFound", segment));
            segment = null;
        }
        Long pipeline = exists("pipelines", "pipeline", f.pipelineId(), errors);
        Long product = exists("products", "product", f.productId(), errors);
        return new KpiFilters(team, owner, segment, pipeline, product, f.country(), f.currency());
    }

    private Long exists(String table, String parameter, Long id, List<InvalidFields.FieldError> errors) {
        if (id == null) {
            return null;
        }
        if (!jdbc.sql("select exists (select 1 from " + table + " where id = ?)").param(id).query(Boolean.class)
                .single()) {
            errors.add(new InvalidFields.FieldError(parameter, "kpi." + parameter + ".notFound", id));
            return null;
        }
        return id;
    }
}
