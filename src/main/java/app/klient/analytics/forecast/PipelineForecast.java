package app.klient.analytics.forecast;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

import app.klient.analytics.KpiSql;
import app.klient.identity.TeamSummary;
import app.klient.identity.Teams;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The weighted pipeline by expected close month, per owner or per team, beside each month's quota and what is already
 * won in it. An open deal counts its amount in the company currency (at today's rate) times its stage's probability
 * in the month of its expected close date: before the first month shown it is overdue, after the last one later, and
 * a deal without the date is in "no date". Won is the amount of the deals won in the month (the day they were won in
 * the reader's time zone), at the rate of that day. A team's figures are its members' deals (a deal whose owner is in
 * two teams counts in both), its quota is the team's own. A deal in a currency without a rate is left out.
 */
@Service
public class PipelineForecast {

    public static final int MAX_MONTHS = 12;

    public enum By {
        OWNER, TEAM;

        static By parse(String text) {
            if (text == null || text.isBlank()) {
                return OWNER;
            }
            for (By by : values()) {
                if (by.name().equalsIgnoreCase(text.strip())) {
                    return by;
                }
            }
            return null;
        }
    }

    /** A month's figures of one row: the weighted open deals expected to close in it, won in it, the quota. */
    public record Month(String month, BigDecimal weighted, BigDecimal won, BigDecimal quota, long deals) {

        /** Won ÷ quota in percent (null without a quota). */
        public BigDecimal attainment() {
            return quota == null || quota.signum() == 0 ? null
                    : won.multiply(BigDecimal.valueOf(100)).divide(quota, 0, RoundingMode.HALF_UP);
        }
    }

    /**
     * A person's or team's row ({@code id} null: deals nobody owns); {@code overdue} the weighted deals expected
     * before the first month, {@code later} after the last, {@code noDate} without an expected close date.
     */
    public record Row(Long id, String name, BigDecimal overdue, List<Month> months, BigDecimal later,
            BigDecimal noDate) {

        public BigDecimal weighted() {
            BigDecimal sum = overdue.add(later).add(noDate);
            for (Month m : months) {
                sum = sum.add(m.weighted());
            }
            return sum;
        }
    }

    public record Pipeline(By by, String currency, String from, int months, List<String> monthList, List<Row> rows,
            Row total) {
    }

    private final JdbcClient jdbc;
    private final KpiSql sql;
    private final Quotas quotas;
    private final Users users;
    private final Teams teams;

    PipelineForecast(JdbcClient jdbc, KpiSql sql, Quotas quotas, Users users, Teams teams) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.quotas = quotas;
        this.users = users;
        this.teams = teams;
    }

    /** The request's month, months and grouping, checked: 400 naming the parameter otherwise. */
    public static YearMonth firstMonth(String from, ZoneId zone) {
        if (from == null || from.isBlank()) {
            return YearMonth.now(zone);
        }
        YearMonth month = Quotas.month(from);
        if (month == null || month.getYear() < 2000 || month.getYear() > 2100) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("from", "forecast.from.invalid")));
        }
        return month;
    }

    public static int months(Integer months, int fallback) {
        int chosen = months == null ? fallback : months;
        if (chosen < 1 || chosen > MAX_MONTHS) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("months", "forecast.months.invalid", 1,
                    MAX_MONTHS)));
        }
        return chosen;
    }

    public static By by(String text) {
        By by = By.parse(text);
        if (by == null) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("by", "forecast.by.invalid")));
        }
        return by;
    }

    @Transactional(readOnly = true)
    public Pipeline pipeline(YearMonth first, int months, By by, ZoneId zone) {
        SalesScope scope = SalesScope.current(jdbc);
        boolean ofTeams = by == By.TEAM;
        YearMonth end = first.plusMonths(months);
        Map<Long, Map<String, BigDecimal>> weighted = new HashMap<>();
        Map<Long, Map<String, BigDecimal>> won = new HashMap<>();
        Map<Long, Map<String, Long>> counts = new HashMap<>();
        String who = ofTeams ? "ut.team_id" : "d.owner_id";
        String join = ofTeams ? " join user_teams ut on ut.user_id = d.owner_id" : "";
        String visible = scope.everybody() ? "" : ofTeams ? " and ut.team_id = any(cast(:ids as bigint[]))"
                : " and d.owner_id = any(cast(:ids as bigint[]))";
        Object ids = ofTeams ? scope.teamArray() : scope.userArray();
        jdbc.sql("select " + who + ", case when d.expected_close_date is null then 'none'"
                + " when d.expected_close_date < :from then 'overdue' when d.expected_close_date >= :end then 'later'"
                + " else to_char(d.expected_close_date, 'YYYY-MM') end as bucket, sum("
                + KpiSql.inCompanyCurrency("d.amount", "d.currency", "current_date") + " * s.probability / 100),"
                + " count(*) from deals d join stages s on s.id = d.stage_id" + join
                + " where d.status = 'OPEN'" + visible + " group by 1, 2")
                .param("kCompanyCurrency", sql.companyCurrency()).param("ids", ids)
                .param("from", Date.valueOf(first.atDay(1))).param("end", Date.valueOf(end.atDay(1)))
                .query(rs -> {
                    Long id = (Long) rs.getObject(1);
                    BigDecimal amount = rs.getBigDecimal(3);
                    weighted.computeIfAbsent(id, k -> new HashMap<>()).put(rs.getString(2),
                            amount == null ? BigDecimal.ZERO : amount);
                    counts.computeIfAbsent(id, k -> new HashMap<>()).put(rs.getString(2), rs.getLong(4));
                });
        Instant since = first.atDay(1).atStartOfDay(zone).toInstant();
        Instant until = end.atDay(1).atStartOfDay(zone).toInstant();
        jdbc.sql("select " + who + ", to_char(d.closed_at at time zone :zone, 'YYYY-MM'), sum("
                + KpiSql.inCompanyCurrency("d.amount", "d.currency", "cast(d.closed_at at time zone :zone as date)")
                + ") from deals d" + join + " where d.status = 'WON' and d.closed_at >= :since"
                + " and d.closed_at < :until" + visible + " group by 1, 2")
                .param("kCompanyCurrency", sql.companyCurrency()).param("ids", ids).param("zone", zone.getId())
                .param("since", Timestamp.from(since)).param("until", Timestamp.from(until))
                .query(rs -> {
                    BigDecimal amount = rs.getBigDecimal(3);
                    won.computeIfAbsent((Long) rs.getObject(1), k -> new HashMap<>()).put(rs.getString(2),
                            amount == null ? BigDecimal.ZERO : amount);
                });
        Map<Long, Map<YearMonth, BigDecimal>> quota = new HashMap<>(quotas.between(first, months, ofTeams));
        quota.keySet().removeIf(id -> ofTeams ? !scope.seesTeam(id) : !scope.seesUser(id));

        Set<Long> rowIds = new HashSet<>();
        rowIds.addAll(weighted.keySet());
        rowIds.addAll(won.keySet());
        rowIds.addAll(quota.keySet());
        if (!scope.everybody()) {
            rowIds.addAll(ofTeams ? scope.teams() : scope.users());
        }
        Map<Long, String> names = new HashMap<>();
        if (ofTeams) {
            teams.list().forEach((TeamSummary t) -> names.put(t.id(), t.name()));
        }
        else {
            names.putAll(users.names(rowIds.stream().filter(Objects::nonNull).toList()));
        }
        List<String> monthList = new ArrayList<>();
        for (YearMonth m = first; m.isBefore(end); m = m.plusMonths(1)) {
            monthList.add(m.toString());
        }
        List<Row> rows = new ArrayList<>();
        for (Long id : rowIds) {
            Map<String, BigDecimal> w = weighted.getOrDefault(id, Map.of());
            Map<String, BigDecimal> wonIn = won.getOrDefault(id, Map.of());
            Map<YearMonth, BigDecimal> q = id == null ? Map.of() : quota.getOrDefault(id, Map.of());
            Map<String, Long> c = counts.getOrDefault(id, Map.of());
            List<Month> row = new ArrayList<>();
            for (String m : monthList) {
                row.add(new Month(m, money(w.get(m)), money(wonIn.get(m)), q.get(YearMonth.parse(m)),
                        c.getOrDefault(m, 0L)));
            }
            rows.add(new Row(id, id == null ? null : names.getOrDefault(id, "#" + id), money(w.get("overdue")),
                    row, money(w.get("later")), money(w.get("none"))));
        }
        rows.sort(Comparator.comparing((Row r) -> r.id() == null).thenComparing(
                r -> r.name() == null ? "" : r.name().toLowerCase(Locale.ROOT)));
        // teams may share members: their sum would count a deal twice, so only people add up to a total
        Row total = ofTeams ? null : total(rows, monthList);
        return new Pipeline(by, sql.companyCurrency(), first.toString(), months, monthList, rows, total);
    }

    private static Row total(List<Row> rows, List<String> monthList) {
        BigDecimal[] overdue = { BigDecimal.ZERO };
        BigDecimal[] later = { BigDecimal.ZERO };
        BigDecimal[] noDate = { BigDecimal.ZERO };
        List<Month> months = new ArrayList<>();
        for (int i = 0; i < monthList.size(); i++) {
            BigDecimal w = BigDecimal.ZERO;
            BigDecimal won = BigDecimal.ZERO;
            BigDecimal quota = null;
            long deals = 0;
            for (Row r : rows) {
                Month m = r.months().get(i);
                w = w.add(m.weighted());
                won = won.add(m.won());
                deals += m.deals();
                if (m.quota() != null) {
                    quota = quota == null ? m.quota() : quota.add(m.quota());
                }
            }
            months.add(new Month(monthList.get(i), w, won, quota, deals));
        }
        BiConsumer<BigDecimal[], BigDecimal> add = (sum, v) -> sum[0] = sum[0].add(v);
        for (Row r : rows) {
            add.accept(overdue, r.overdue());
            add.accept(later, r.later());
            add.accept(noDate, r.noDate());
        }
        return new Row(null, null, overdue[0], months, later[0], noDate[0]);
    }

    private static BigDecimal money(BigDecimal amount) {
        return (amount == null ? BigDecimal.ZERO : amount).setScale(2, RoundingMode.HALF_UP);
    }
}
