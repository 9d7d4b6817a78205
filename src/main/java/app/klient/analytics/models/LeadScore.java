package app.klient.analytics.models;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The predictive lead score: the probability that a lead converts, learnt from the leads already converted or
 * disqualified — by where they came from (source, utm_source, utm_medium), their country and what they told when they
 * came (job title, phone, company, web site, message). Not the expected value: a salesperson usually writes it while
 * qualifying, so it would tell the outcome rather than predict it (trained with it, the demo's leads scored an AUC of
 * 1.0). With fewer converted leads than
 * {@code klient.models.min-converted-leads} (200) it trains nothing and says so; the rule-based score stays the one
 * to go by. A lead's prediction is made when it is read, from the model in use.
 */
@Component
class LeadScore {

    static final String[] SOURCES = { "MANUAL", "API", "IMPORT", "WEB_FORM" };
    static final int MAX_VALUES = 8;
    static final int MIN_PER_VALUE = 10;

    /** What a lead-score model keeps: the kept values of each category and the logistic model. */
    record Body(List<String> utmSources, List<String> utmMediums, List<String> countries, LinearModel model) {
    }

    /** A lead as the model reads it. */
    record Lead(long id, String source, String utmSource, String utmMedium, String country, boolean jobTitle,
            boolean phone, boolean company, boolean website, boolean message, String status) {
    }

    /** A factor of one lead's prediction: its code and value, and whether it raises the probability. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "LeadFactor")
    public record Factor(String code, String value, boolean raises, double weight, String text) {
    }

    /**
     * A lead's prediction by model version {@code model}, or why there is none: too little history, with the leads
     * converted so far and how many are needed (null beside a prediction).
     */
    @io.swagger.v3.oas.annotations.media.Schema(name = "LeadPrediction")
    public record Prediction(Double probability, List<Factor> factors, Integer model, Integer converted,
            Integer needed) {
    }

    private final JdbcClient jdbc;
    private final Models models;
    private final int minConverted;

    LeadScore(JdbcClient jdbc, Models models,
            @Value("${klient.models.min-converted-leads:200}") int minConverted) {
        this.jdbc = jdbc;
        this.models = models;
        this.minConverted = minConverted;
    }

    private static final String COLUMNS = """
            id, source, lower(nullif(trim(utm_source), '')) as utm_source,
            lower(nullif(trim(utm_medium), '')) as utm_medium, upper(country) as country,
            nullif(trim(job_title), '') is not null as job_title, nullif(trim(phone), '') is not null as phone,
            nullif(trim(company_name), '') is not null as company, nullif(trim(website), '') is not null as website,
            nullif(trim(message), '') is not null as message, status""";

    Models.Outcome train(long seed) {
        List<Lead> closed = jdbc.sql("select " + COLUMNS + " from leads where status in ('CONVERTED', 'DISQUALIFIED')")
                .withFetchSize(5_000).query(LeadScore::lead).list();
        int converted = (int) closed.stream().filter(l -> "CONVERTED".equals(l.status())).count();
        if (converted < minConverted || closed.size() - converted < MIN_PER_VALUE) {
            return Models.Outcome.tooLittle(closed.size(), converted);
        }
        List<String> utmSources = kept(closed, Lead::utmSource);
        List<String> utmMediums = kept(closed, Lead::utmMedium);
        List<String> countries = kept(closed, Lead::country);
        List<String> features = features(utmSources, utmMediums, countries);
        List<double[]> rows = new ArrayList<>(closed.size());
        boolean[] positive = new boolean[closed.size()];
        int[] folds = new int[closed.size()];
        for (int i = 0; i < closed.size(); i++) {
            Lead lead = closed.get(i);
            rows.add(vector(lead, utmSources, utmMediums, countries));
            positive[i] = "CONVERTED".equals(lead.status());
            folds[i] = Math.floorMod(ChurnRisk.mix("lead", lead.id(), seed), 5);
        }
        Learning.Classifier trained = Learning.logistic(features, rows, positive, folds, seed);
        return new Models.Outcome(true, trained.trained(), trained.heldOut(), converted, trained.auc(),
                new Body(utmSources, utmMediums, countries, trained.model()));
    }

    /** The prediction for lead {@code id} (read by the caller first, so who may not read it never gets here). */
    Prediction predict(long id) {
        Optional<Models.Active<Body>> active = models.active(ModelKind.LEAD_SCORE, Body.class);
        if (active.isEmpty()) {
            int converted = jdbc.sql("select count(*) from leads where status = 'CONVERTED'").query(Integer.class)
                    .single();
            return new Prediction(null, List.of(), null, converted, minConverted);
        }
        Body body = active.get().body();
        Lead lead = jdbc.sql("select " + COLUMNS + " from leads where id = :id").param("id", id)
                .query(LeadScore::lead).single();
        double[] x = vector(lead, body.utmSources(), body.utmMediums(), body.countries());
        double[] contributions = body.model().contributions(x);
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < x.length; j++) {
            // what this lead has (a category it is in, a fact it told, its value) and moves its odds visibly
            if (x[j] != 0 && Math.abs(contributions[j]) > 0.05) {
                order.add(j);
            }
        }
        order.sort(Comparator.comparingDouble((Integer j) -> -Math.abs(contributions[j])));
        List<Factor> factors = new ArrayList<>();
        for (int j : order.subList(0, Math.min(3, order.size()))) {
            String name = body.model().features().get(j);
            int colon = name.indexOf(':');
            factors.add(new Factor(colon < 0 ? name : name.substring(0, colon),
                    colon < 0 ? null : name.substring(colon + 1), contributions[j] > 0, contributions[j], null));
        }
        return new Prediction(body.model().probability(x), factors, active.get().number(), null, null);
    }

    static List<String> features(List<String> utmSources, List<String> utmMediums, List<String> countries) {
        List<String> names = new ArrayList<>();
        for (String source : SOURCES) {
            names.add("source:" + source);
        }
        utmSources.forEach(v -> names.add("utmSource:" + v));
        utmMediums.forEach(v -> names.add("utmMedium:" + v));
        countries.forEach(v -> names.add("country:" + v));
        names.addAll(List.of("jobTitle", "phone", "company", "website", "message"));
        return names;
    }

    static double[] vector(Lead lead, List<String> utmSources, List<String> utmMediums, List<String> countries) {
        double[] x = new double[SOURCES.length + utmSources.size() + utmMediums.size() + countries.size() + 5];
        int at = 0;
        for (String source : SOURCES) {
            x[at++] = source.equals(lead.source()) ? 1 : 0;
        }
        for (String v : utmSources) {
            x[at++] = v.equals(lead.utmSource()) ? 1 : 0;
        }
        for (String v : utmMediums) {
            x[at++] = v.equals(lead.utmMedium()) ? 1 : 0;
        }
        for (String v : countries) {
            x[at++] = v.equals(lead.country()) ? 1 : 0;
        }
        x[at++] = lead.jobTitle() ? 1 : 0;
        x[at++] = lead.phone() ? 1 : 0;
        x[at++] = lead.company() ? 1 : 0;
        x[at++] = lead.website() ? 1 : 0;
        x[at] = lead.message() ? 1 : 0;
        return x;
    }

    /** The values of a category seen on at least {@link #MIN_PER_VALUE} leads, the most frequent first. */
    private static List<String> kept(List<Lead> leads, java.util.function.Function<Lead, String> value) {
        return Learning.mostFrequent(Learning.counts(leads, value), MIN_PER_VALUE, MAX_VALUES);
    }

    private static Lead lead(ResultSet rs, int row) throws SQLException {
        return new Lead(rs.getLong("id"), rs.getString("source"), rs.getString("utm_source"),
                rs.getString("utm_medium"), rs.getString("country"), rs.getBoolean("job_title"),
                rs.getBoolean("phone"), rs.getBoolean("company"), rs.getBoolean("website"),
                rs.getBoolean("message"), rs.getString("status"));
    }
}
