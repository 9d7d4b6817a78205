package app.klient.sales.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.catalog.ExchangeRates;
import app.klient.identity.StartSection;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.platform.web.BarChart;
import app.klient.sales.LeadSource;
import app.klient.sales.PipelineView;
import app.klient.sales.Pipelines;
import app.klient.sales.StageView;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The start page's sales blocks: a salesperson's open deals by stage and leads to call; a manager's team pipeline by
 * stage and by person; marketing's and read-only users' recent leads by source. Amounts are converted into the company
 * currency at today's rates, as the board does (deals in a currency without a rate are counted, not summed).
 */
@Component
class SalesOnStart implements StartSection {

    static final int LEADS_SHOWN = 8;

    private final JdbcClient jdbc;
    private final Pipelines pipelines;
    private final ExchangeRates rates;
    private final Users users;
    private final MessageSource messages;

    SalesOnStart(JdbcClient jdbc, Pipelines pipelines, ExchangeRates rates, Users users, MessageSource messages) {
        this.jdbc = jdbc;
        this.pipelines = pipelines;
        this.rates = rates;
        this.users = users;
        this.messages = messages;
    }

    /** One pipeline's open deals as bars per stage, with their count and converted sum. */
    public record Funnel(PipelineView pipeline, BarChart stages, long count, BigDecimal converted, long unconverted) {
    }

    /** A lead to call: who, which company, how good. */
    public record LeadToCall(long id, String name, String companyName, int score, String status) {
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Part> forUser(Viewer viewer) {
        Map<String, Object> data = new HashMap<>();
        data.put("currency", rates.companyCurrency());
        switch (viewer.role()) {
            case SALES -> {
                data.put("title", "start.myDeals");
                data.put("funnels", funnels(List.of(viewer.userId()), "&ownerId=" + viewer.userId()));
                data.put("leads", leadsToCall(viewer.userId()));
                data.put("leadCount", jdbc.sql("select count(*) from leads where owner_id = :me and status in "
                        + "('NEW', 'CONTACTED')").param("me", viewer.userId()).query(Long.class).single());
                data.put("leadsUrl", "/leads?ownerId=" + viewer.userId() + "&status=NEW");
                return Optional.of(new Part(10, "sales/start", "seller", data, false));
            }
            case MANAGER -> {
                List<Long> team = team(viewer);
                String filter = viewer.teamIds().size() == 1 ? "&teamId=" + viewer.teamIds().iterator().next() : "";
                data.put("title", "start.teamPipeline");
                data.put("funnels", funnels(team, filter));
                data.put("people", byPerson(team));
                return Optional.of(new Part(10, "sales/start", "manager", data, false));
            }
            case MARKETING, READ_ONLY -> {
                data.put("sources", leadsBySource());
                data.put("recentLeads", recentLeads());
                return Optional.of(new Part(10, "sales/start", "marketing", data, false));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** The manager's people: the active members of their teams, themselves included; everybody without a team. */
    private List<Long> team(Viewer viewer) {
        if (viewer.teamIds().isEmpty()) {
            return null;
        }
        List<Long> ids = new ArrayList<>();
        for (UserSummary user : users.activeUsers()) {
            if (user.id() == viewer.userId() || user.teams().stream().anyMatch(t -> viewer.teamIds().contains(t.id()))) {
                ids.add(user.id());
            }
        }
        return ids;
    }

    private record Sum(long pipelineId, long stageId, long ownerId, String currency, long count, BigDecimal amount) {
    }

    /** Open deals of these owners (null: everybody's) summed by pipeline, stage, owner and currency. */
    private List<Sum> sums(List<Long> owners) {
        String where = owners == null ? "" : " and d.owner_id in (:owners)";
        var sql = jdbc.sql("select d.pipeline_id, d.stage_id, coalesce(d.owner_id, 0), d.currency, count(*), "
                + "sum(d.amount) from deals d where d.status = 'OPEN'" + where
                + " group by d.pipeline_id, d.stage_id, coalesce(d.owner_id, 0), d.currency");
        if (owners != null) {
            sql = sql.param("owners", owners.isEmpty() ? List.of(-1L) : owners);
        }
        return sql.query((rs, n) -> new Sum(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                rs.getLong(5), rs.getBigDecimal(6))).list();
    }

    private List<Funnel> funnels(List<Long> owners, String boardFilter) {
        List<Sum> sums = sums(owners);
        Map<String, Optional<BigDecimal>> rateOf = new HashMap<>();
        List<Funnel> funnels = new ArrayList<>();
        for (PipelineView pipeline : pipelines.list()) {
            List<BarChart.Bar> bars = new ArrayList<>();
            long count = 0;
            long unconverted = 0;
            BigDecimal converted = BigDecimal.ZERO;
            for (StageView stage : pipeline.stages()) {
                long stageCount = 0;
                BigDecimal stageSum = BigDecimal.ZERO;
                for (Sum sum : sums) {
                    if (sum.stageId() == stage.id()) {
                        stageCount += sum.count();
                        Optional<BigDecimal> rate = rateOf.computeIfAbsent(sum.currency(), this::rate);
                        if (rate.isPresent()) {
                            stageSum = stageSum.add(sum.amount().multiply(rate.get()));
                        }
                        else {
                            unconverted += sum.count();
                        }
                    }
                }
                stageSum = stageSum.setScale(2, RoundingMode.HALF_UP);
                bars.add(new BarChart.Bar(stage.name(), "/deals/board?pipeline=" + pipeline.id() + boardFilter,
                        stageSum, stageCount));
                count += stageCount;
                converted = converted.add(stageSum);
            }
            if (count > 0 || pipeline.isDefault()) {
                funnels.add(new Funnel(pipeline, BarChart.amounts(bars, rates.companyCurrency()), count, converted,
                        unconverted));
            }
        }
        return funnels;
    }

    /** The team's open deals per person, converted. */
    private BarChart byPerson(List<Long> owners) {
        Map<Long, BigDecimal> amounts = new LinkedHashMap<>();
        Map<Long, Long> counts = new HashMap<>();
        Map<String, Optional<BigDecimal>> rateOf = new HashMap<>();
        for (Sum sum : sums(owners)) {
            counts.merge(sum.ownerId(), sum.count(), Long::sum);
            Optional<BigDecimal> rate = rateOf.computeIfAbsent(sum.currency(), this::rate);
            amounts.merge(sum.ownerId(), rate.map(r -> sum.amount().multiply(r)).orElse(BigDecimal.ZERO),
                    BigDecimal::add);
        }
        Map<Long, String> names = users.names(amounts.keySet().stream().filter(id -> id != 0).toList());
        List<BarChart.Bar> bars = new ArrayList<>();
        amounts.entrySet().stream().sorted(Map.Entry.<Long, BigDecimal>comparingByValue().reversed()).limit(12)
                .forEach(e -> bars.add(new BarChart.Bar(e.getKey() == 0 ? text("start.nobody")
                        : names.getOrDefault(e.getKey(), "?"), e.getKey() == 0 ? "/deals/list?status=OPEN"
                        : "/deals/board?ownerId=" + e.getKey(), e.getValue().setScale(2, RoundingMode.HALF_UP),
                        counts.get(e.getKey()))));
        return BarChart.amounts(bars, rates.companyCurrency());
    }

    private Optional<BigDecimal> rate(String currency) {
        return rates.rate(currency, LocalDate.now());
    }

    private List<LeadToCall> leadsToCall(long me) {
        return jdbc.sql("""
                select id, first_name, last_name, email, company_name, score, status from leads
                where owner_id = :me and status in ('NEW', 'CONTACTED') order by score desc, id limit :n""")
                .param("me", me).param("n", LEADS_SHOWN).query((rs, n) -> new LeadToCall(rs.getLong("id"),
                        name(rs.getString("first_name"), rs.getString("last_name"), rs.getString("email"),
                                rs.getString("company_name")), rs.getString("company_name"), rs.getInt("score"),
                        rs.getString("status"))).list();
    }

    private BarChart leadsBySource() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("select source, count(*) from leads where created_at >= :since group by source")
                .param("since", Timestamp.from(Instant.now().minus(30, ChronoUnit.DAYS)))
                .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        List<BarChart.Bar> bars = new ArrayList<>();
        for (LeadSource source : LeadSource.values()) {
            bars.add(new BarChart.Bar(text("lead.source." + source.name()), "/leads?source=" + source.name(),
                    BigDecimal.valueOf(counts.getOrDefault(source.name(), 0L)), null));
        }
        return BarChart.counts(bars);
    }

    private List<LeadToCall> recentLeads() {
        return jdbc.sql("""
                select id, first_name, last_name, email, company_name, score, status from leads
                order by created_at desc, id desc limit :n""").param("n", LEADS_SHOWN)
                .query((rs, n) -> new LeadToCall(rs.getLong("id"), name(rs.getString("first_name"),
                        rs.getString("last_name"), rs.getString("email"), rs.getString("company_name")),
                        rs.getString("company_name"), rs.getInt("score"), rs.getString("status"))).list();
    }

    private static String name(String first, String last, String email, String company) {
        String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
        return !name.isEmpty() ? name : email != null ? email : company != null ? company : "—";
    }

    private String text(String key) {
        return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
    }

}
