package app.klient.analytics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import app.klient.analytics.report.Reports;
import app.klient.identity.Role;
import app.klient.platform.InvalidFields;
import app.klient.platform.db.Versions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each person's dashboard: the KPI tiles in their order. Until a person changes theirs they see their role's
 * (a salesperson their own sales, a manager the team's funnel and service, support its queue's figures, marketing
 * its campaigns, the administrator the company's); a change keeps the whole list, made from the version the person
 * saw, so two tabs cannot lose each other's change. A tile may also pin a saved report ({@code report:12}): only one
 * the person may read, and it leaves the dashboard when the report is deleted or no longer shared with them.
 */
@Service
public class Dashboards {

    public static final int MAX_TILES = 40;

    /** A pinned report's tile: {@code report:} and the saved report's id. */
    public static final String REPORT_TILE = "report:";

    /** The tiles each role starts with, in order; a KPI that does not exist is left out. */
    static final Map<Role, List<String>> DEFAULTS = Map.of(
            Role.SALES, List.of("revenue", "win-rate", "pipeline-value", "weighted-pipeline", "average-deal-size",
                    "sales-cycle", "new-customers", "activities-per-salesperson"),
            Role.MANAGER, List.of("revenue", "weighted-pipeline", "close-rate", "win-rate", "funnel-conversion",
                    "sales-cycle", "gross-margin", "churn-rate", "new-customers", "sla-met", "csat"),
            Role.SUPPORT, List.of("first-response-time", "resolution-time", "first-contact-resolution", "sla-met",
                    "backlog", "csat", "ces"),
            Role.MARKETING, List.of("campaign-conversion", "cost-per-lead", "cost-per-customer", "campaign-roi",
                    "new-customers", "nps"),
            Role.ADMIN, List.of("revenue", "new-customers", "churn-rate", "retention-rate", "customer-lifetime-value",
                    "gross-margin", "weighted-pipeline", "sla-met", "nps"),
            Role.READ_ONLY, List.of("revenue", "new-customers", "nps"));

    /** A dashboard as stored (or the role's, at version 0, before the first change). */
    public record Dashboard(List<String> tiles, int version) {
    }

    private final JdbcClient jdbc;
    private final Kpis kpis;
    private final Versions versions;
    private final Reports reports;

    Dashboards(JdbcClient jdbc, Kpis kpis, Versions versions, Reports reports) {
        this.jdbc = jdbc;
        this.kpis = kpis;
        this.versions = versions;
        this.reports = reports;
    }

    /** The saved report a tile pins, if it is a report's tile. */
    public static Optional<Long> pinnedReport(String tile) {
        if (tile == null || !tile.startsWith(REPORT_TILE)
                || !tile.substring(REPORT_TILE.length()).matches("\\d{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(tile.substring(REPORT_TILE.length())));
    }

    @Transactional(readOnly = true)
    public Dashboard of(long userId, Role role) {
        return jdbc.sql("select tiles, version from analytics_dashboards where id = :id").param("id", userId)
                .query((rs, n) -> new Dashboard(known(userId, role, List.of((String[]) rs.getArray(1).getArray())),
                        rs.getInt(2)))
                .optional().orElseGet(() -> new Dashboard(known(userId, role, DEFAULTS.getOrDefault(role, List.of())),
                        0));
    }

    /** Replaces a person's tiles, made from {@code version}; unknown KPIs and repeats are refused. */
    @Transactional
    public Dashboard save(long userId, Role role, List<String> tiles, Integer version) {
        List<String> checked = check(userId, role, tiles);
        jdbc.sql("insert into analytics_dashboards (id, tiles) values (:id, cast(:tiles as varchar[]))"
                + " on conflict (id) do nothing").param("id", userId)
                .param("tiles", DEFAULTS.getOrDefault(role, List.of()).toArray(String[]::new)).update();
        int now = versions.change("analytics_dashboards", userId, version)
                .set("tiles = cast(:tiles as varchar[]), updated_at = now()")
                .param("tiles", checked.toArray(String[]::new)).apply();
        return new Dashboard(checked, now);
    }

    /** Adds a tile at the end (nothing when it is there already). */
    @Transactional
    public Dashboard add(long userId, Role role, String kpi, Integer version) {
        List<String> tiles = new ArrayList<>(of(userId, role).tiles());
        if (!tiles.contains(kpi)) {
            tiles.add(kpi);
        }
        return save(userId, role, tiles, version);
    }

    @Transactional
    public Dashboard remove(long userId, Role role, String kpi, Integer version) {
        List<String> tiles = new ArrayList<>(of(userId, role).tiles());
        tiles.remove(kpi);
        return save(userId, role, tiles, version);
    }

    /** Moves a tile one place earlier ({@code by} −1) or later (+1). */
    @Transactional
    public Dashboard move(long userId, Role role, String kpi, int by, Integer version) {
        List<String> tiles = new ArrayList<>(of(userId, role).tiles());
        int at = tiles.indexOf(kpi);
        int to = at + Integer.signum(by);
        if (at >= 0 && to >= 0 && to < tiles.size()) {
            tiles.set(at, tiles.get(to));
            tiles.set(to, kpi);
        }
        return save(userId, role, tiles, version);
    }

    /** Back to the role's tiles. */
    @Transactional
    public Dashboard reset(long userId, Role role, Integer version) {
        return save(userId, role, known(userId, role, DEFAULTS.getOrDefault(role, List.of())), version);
    }

    /** The tiles that still stand for something: KPIs, and reports that exist and the person may read. */
    private List<String> known(long userId, Role role, List<String> tiles) {
        Set<Long> readable = reports.readableBy(userId, role, tiles.stream().map(Dashboards::pinnedReport)
                .flatMap(Optional::stream).toList());
        return tiles.stream().filter(t -> kpis.find(t).isPresent()
                || pinnedReport(t).map(readable::contains).orElse(false)).toList();
    }

    private List<String> check(long userId, Role role, List<String> tiles) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (tiles == null) {
            errors.add("tiles", "dashboard.tiles.required");
            errors.throwIfAny();
        }
        if (tiles.size() > MAX_TILES) {
            errors.add("tiles", "dashboard.tiles.tooMany", MAX_TILES);
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < tiles.size() && i < MAX_TILES; i++) {
            String tile = tiles.get(i);
            if (tile == null || kpis.find(tile).isEmpty() && !known(userId, role, List.of(tile)).contains(tile)) {
                errors.add("tiles[" + i + "]", "dashboard.tiles.unknown");
            }
            else if (!seen.add(tile)) {
                errors.add("tiles[" + i + "]", "dashboard.tiles.twice");
            }
        }
        errors.throwIfAny();
        return List.copyOf(seen);
    }
}
