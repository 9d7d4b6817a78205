package app.klient.analytics.models;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import app.klient.analytics.KpiSql;
import app.klient.platform.web.CountedPage;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the models say, as people read it: a customer's churn risk with its reasons, RFM and group; the customers at
 * risk, a page at a time, only those the reader may read (the customers' row policies apply to the join); the groups
 * with their portraits; a lead's prediction. Every text is made in the reader's language when read.
 */
@Service
public class Insights {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A reason in words, with its code. */
    public record ReasonText(String code, String text) {
    }

    /** What the models say of one customer. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "CustomerInsight")
    public record CustomerInsight(String customerKind, long customerId, Double churnProbability,
            List<ReasonText> reasons, Integer group, String groupPortrait, int recencyDays, int purchases,
            BigDecimal revenue, int recencyScore, int frequencyScore, int monetaryScore, Instant scoredAt,
            Integer churnModel, boolean lost, int lostAfterDays) {
    }

    /** A customer on the at-risk list. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "CustomerAtRisk")
    public record AtRisk(String customerKind, long customerId, String name, String href, String owner,
            double churnProbability, BigDecimal revenue, BigDecimal valueAtRisk, List<ReasonText> reasons) {
    }

    /** A group as read: its number, its portrait in words and its figures, its typical products by name. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "CustomerGroup")
    public record Group(int group, String portrait, int customers, double customerShare, double revenueShare,
            String country, String industry, String size, double usualGap, double averageInvoice,
            Double satisfaction, double ticketsPerYear, List<String> products, long customersNow) {
    }

    /** The groups model in use, as read. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "CustomerGroups")
    public record Groups(Integer model, Instant trainedAt, Double silhouette, List<Group> groups) {
    }

    private final JdbcClient jdbc;
    private final Models models;
    private final MessageSource messages;
    private final LeadScore leads;
    private final ChurnRisk churn;
    private final String currency;

    Insights(JdbcClient jdbc, Models models, MessageSource messages, LeadScore leads, ChurnRisk churn,
            @org.springframework.beans.factory.annotation.Value("${klient.currency:PLN}") String currency) {
        this.jdbc = jdbc;
        this.models = models;
        this.messages = messages;
        this.leads = leads;
        this.churn = churn;
        this.currency = currency;
    }

    /** What the models say of a company ({@code company}) or private customer ({@code contact}), if scored. */
    @Transactional(readOnly = true)
    public Optional<CustomerInsight> of(String kind, long id) {
        Locale locale = LocaleContextHolder.getLocale();
        Map<Integer, String> names = groupNames(locale);
        int lostAfter = churn.lostAfterDays();
        return jdbc.sql("select * from customer_scores where customer_kind = :kind and customer_id = :id")
                .param("kind", kind).param("id", id).query((rs, n) -> new CustomerInsight(rs.getString("customer_kind"),
                        rs.getLong("customer_id"), (Double) rs.getObject("churn_probability"),
                        reasons(rs.getString("reasons"), locale), (Integer) groupOf(rs),
                        groupOf(rs) == null ? null : names.get(groupOf(rs)), rs.getInt("recency_days"),
                        rs.getInt("purchases"), rs.getBigDecimal("revenue"), rs.getInt("r_score"),
                        rs.getInt("f_score"), rs.getInt("m_score"), rs.getTimestamp("scored_at").toInstant(),
                        (Integer) rs.getObject("churn_model"), rs.getInt("recency_days") >= lostAfter, lostAfter))
                .optional();
    }

    private static Integer groupOf(ResultSet rs) throws SQLException {
        Object g = rs.getObject("group_no");
        return g == null ? null : ((Number) g).intValue();
    }

    /**
     * The customers at risk the reader may read, most likely to leave first ({@code sort} "risk") or most value at
     * risk first ("value"), of one owner when {@code owner} is given, at least {@code minimum} likely.
     */
    @Transactional(readOnly = true)
    public CountedPage<AtRisk> atRisk(Long owner, double minimum, String sort, Pageable page) {
        Locale locale = LocaleContextHolder.getLocale();
        String from = """
                from customer_scores s
                left join companies co on s.customer_kind = 'company' and co.id = s.customer_id
                left join contacts ct on s.customer_kind = 'contact' and ct.id = s.customer_id
                left join users u on u.id = coalesce(co.owner_id, ct.owner_id)
                where s.churn_probability is not null and s.churn_probability >= :minimum
                  and (co.id is not null or ct.id is not null)
                  and (cast(:owner as bigint) is null or coalesce(co.owner_id, ct.owner_id) = :owner)""";
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("minimum", minimum);
        params.put("owner", owner);
        String order = "value".equals(sort) ? "s.churn_probability * s.revenue desc, s.customer_kind, s.customer_id"
                : "s.churn_probability desc, s.customer_kind, s.customer_id";
        List<AtRisk> rows = jdbc.sql("select s.*, coalesce(co.name, trim(concat_ws(' ', ct.first_name, ct.last_name)))"
                + " as name, u.name as owner_name " + from + " order by " + order + " limit :limit offset :offset")
                .params(params).param("limit", page.getPageSize()).param("offset", page.getOffset())
                .query((rs, n) -> {
                    double p = rs.getDouble("churn_probability");
                    BigDecimal revenue = rs.getBigDecimal("revenue");
                    String kind = rs.getString("customer_kind");
                    long id = rs.getLong("customer_id");
                    return new AtRisk(kind, id, rs.getString("name"),
                            ("company".equals(kind) ? "/companies/" : "/contacts/") + id, rs.getString("owner_name"), p,
                            revenue, revenue.multiply(BigDecimal.valueOf(p)).setScale(2, java.math.RoundingMode.HALF_UP),
                            reasons(rs.getString("reasons"), locale));
                }).list();
        return CountedPage.of(rows, page, jdbc, from, params);
    }

    /** The groups of the model in use with their portraits, and how many customers each has now. */
    @Transactional(readOnly = true)
    public Groups groups() {
        Optional<Models.Active<CustomerGroups.Body>> active = models.active(ModelKind.GROUPS, CustomerGroups.Body.class);
        if (active.isEmpty()) {
            return new Groups(null, null, null, List.of());
        }
        Locale locale = LocaleContextHolder.getLocale();
        Map<Integer, Long> now = new LinkedHashMap<>();
        jdbc.sql("select group_no, count(*) from customer_scores where groups_model = :model group by group_no")
                .param("model", active.get().number()).query((ResultSet rs) -> {
                    now.put(rs.getInt(1), rs.getLong(2));
                });
        List<Group> groups = new ArrayList<>();
        for (CustomerGroups.Portrait p : active.get().body().portraits()) {
            groups.add(new Group(p.group(), portrait(p, locale), p.customers(), p.customerShare(), p.revenueShare(),
                    p.countryShare() >= 0.5 ? p.country() : null, p.industryShare() >= 0.5 ? p.industry() : null,
                    p.sizeShare() >= 0.5 ? p.size() : null, p.usualGap(), p.averageInvoice(), p.satisfaction(),
                    p.ticketsPerYear(), productNames(p.products(), locale), now.getOrDefault(p.group(), 0L)));
        }
        return new Groups(active.get().number(), active.get().trainedAt(), active.get().quality(), groups);
    }

    /** Each group's number and short portrait, for choosing one (a segment's rule, the card). */
    public Map<Integer, String> groupNames(Locale locale) {
        Map<Integer, String> names = new LinkedHashMap<>();
        models.active(ModelKind.GROUPS, CustomerGroups.Body.class).ifPresent(a -> a.body().portraits()
                .forEach(p -> names.put(p.group(), messages.getMessage("models.group.name",
                        new Object[] { p.group(), portrait(p, locale) }, locale))));
        return names;
    }

    /** The held-out AUC of the churn model in use when it ranks customers only somewhat better than chance (under 0.7). */
    public Optional<Double> weakChurnModel() {
        return models.active(ModelKind.CHURN, ChurnRisk.Body.class).map(Models.Active::quality).filter(q -> q < 0.7);
    }

    /** The prediction for a lead the caller has read, its factors told in the reader's language. */
    public LeadScore.Prediction lead(long id) {
        LeadScore.Prediction p = leads.predict(id);
        Locale locale = LocaleContextHolder.getLocale();
        return new LeadScore.Prediction(p.probability(), p.factors().stream().map(f -> new LeadScore.Factor(f.code(),
                f.value(), f.raises(), f.weight(), factor(f, locale))).toList(), p.model(), p.converted(), p.needed());
    }

    /** "Source: Web form — raises the chance", "Country: Germany — lowers the chance". */
    private String factor(LeadScore.Factor f, Locale locale) {
        String what = switch (f.code()) {
            case "source" -> messages.getMessage("models.factor.source",
                    new Object[] { messages.getMessage("lead.source." + f.value(), null, f.value(), locale) }, locale);
            case "country" -> messages.getMessage("models.factor.country",
                    new Object[] { new Locale("", f.value()).getDisplayCountry(locale) }, locale);
            case "utmSource", "utmMedium" -> (f.code().equals("utmSource") ? "utm_source: " : "utm_medium: ")
                    + f.value();
            default -> messages.getMessage("models.factor." + f.code(), null, f.code(), locale);
        };
        return messages.getMessage(f.raises() ? "models.factor.raises" : "models.factor.lowers", new Object[] { what },
                locale);
    }

    /**
     * A portrait in words: the prevailing country, industry and size (each when at least half the group shares it),
     * how often and for how much its customers buy, and their satisfaction when high or low.
     */
    String portrait(CustomerGroups.Portrait p, Locale locale) {
        List<String> parts = new ArrayList<>();
        List<String> who = new ArrayList<>();
        if (p.countryShare() >= 0.5 && !p.country().isEmpty()) {
            who.add(new Locale("", p.country()).getDisplayCountry(locale));
        }
        if (p.industryShare() >= 0.5 && !p.industry().isEmpty()) {
            who.add(p.industry());
        }
        if (p.sizeShare() >= 0.5 && !p.size().isEmpty()) {
            who.add(messages.getMessage("models.size." + p.size(), null, locale));
        }
        if (!who.isEmpty()) {
            parts.add(String.join(" · ", who));
        }
        if (p.usualGap() > 0) {
            String every = p.usualGap() <= 45 ? "month" : p.usualGap() <= 120 ? "quarter"
                    : p.usualGap() <= 240 ? "halfYear" : "year";
            parts.add(messages.getMessage("models.every." + every, null, locale));
        }
        parts.add(messages.getMessage("models.averageInvoice",
                new Object[] { money(p.averageInvoice(), locale), currency }, locale));
        if (p.satisfaction() != null && p.satisfaction() >= 4) {
            parts.add(messages.getMessage("models.satisfaction.high", null, locale));
        }
        else if (p.satisfaction() != null && p.satisfaction() <= 3) {
            parts.add(messages.getMessage("models.satisfaction.low", null, locale));
        }
        return String.join(", ", parts);
    }

    private static String money(double value, Locale locale) {
        java.text.NumberFormat format = java.text.NumberFormat.getIntegerInstance(locale);
        return format.format(Math.round(value));
    }

    List<ReasonText> reasons(String json, Locale locale) {
        List<Reason> reasons = json == null ? List.of() : JSON.readValue(json, new TypeReference<List<Reason>>() {
        });
        List<ReasonText> texts = new ArrayList<>();
        for (Reason r : reasons) {
            Object usual = r.usual() == null ? null : Math.round(r.usual());
            Object value = "satisfaction".equals(r.code()) ? r.value() : (Object) Math.round(r.value());
            if ("lowValue".equals(r.code())) {
                value = money(r.value(), locale) + " " + currency;
            }
            texts.add(new ReasonText(r.code(), messages.getMessage("models.reason." + r.code(),
                    new Object[] { value, usual }, locale)));
        }
        return texts;
    }

    private List<String> productNames(List<Long> ids, Locale locale) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, String> names = new LinkedHashMap<>();
        jdbc.sql("select p.id, " + KpiSql.productName("p") + " from products p where p.id in (:ids)")
                .param("ids", ids).param("kLanguage", locale.getLanguage()).query((ResultSet rs) -> {
                    names.put(rs.getLong(1), rs.getString(2));
                });
        return ids.stream().map(names::get).filter(java.util.Objects::nonNull).toList();
    }
}
