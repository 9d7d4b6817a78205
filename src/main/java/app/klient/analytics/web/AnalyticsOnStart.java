package app.klient.analytics.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.analytics.Dashboards;
import app.klient.identity.StartSection;
import app.klient.identity.Users;
import org.springframework.stereotype.Component;

/** The start page shows the first tiles of the person's dashboard, for this year so far, in their role's view. */
@Component
class AnalyticsOnStart implements StartSection {

    static final int TILES = 4;

    private final Dashboards dashboards;
    private final KpiViews views;
    private final Users users;

    AnalyticsOnStart(Dashboards dashboards, KpiViews views, Users users) {
        this.dashboards = dashboards;
        this.views = views;
        this.users = users;
    }

    @Override
    public Optional<Part> forUser(Viewer viewer) {
        List<String> tiles = dashboards.of(viewer.userId(), viewer.role()).tiles();
        if (tiles.isEmpty()) {
            return Optional.empty();
        }
        KpiRequest request = KpiRequest.of(null, null, null, null, null, null, null, null, null, null)
                .forRole(viewer.role(), AnalyticsPages.firstTeam(users, viewer.userId()));
        return Optional.of(new Part(0, "analytics/fragments", "startTiles",
                Map.of("tiles", views.tiles(tiles.subList(0, Math.min(TILES, tiles.size())), request, false),
                        "more", tiles.size() > TILES, "query", request.query()), true));
    }
}
