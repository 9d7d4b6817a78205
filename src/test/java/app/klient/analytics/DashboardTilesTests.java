package app.klient.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import app.klient.identity.Role;
import app.klient.platform.web.LineChart;
import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;

/** The dashboard's tiles as a person reads them at a desktop's and a phone's width. */
class DashboardTilesTests extends WebTest {

    @Test
    void a_tiles_trend_is_drawn_in_a_frame_near_its_width_so_its_labels_stay_readable() {
        String page = signedInAs(Role.MANAGER).get("/analytics?preset=LAST_12_MONTHS").body();
        String spark = page.substring(page.indexOf("class=\"kpi-spark\""));
        spark = spark.substring(0, spark.indexOf("</svg>"));
        assertThat(spark).contains("viewBox=\"0 0 240 96\"").contains("font-size=\"13\"");
        // a tile is 16 rem wide at least, some 214 px inside its padding: 13 units are 11.6 px there, more on a
        // phone or a desktop
        LineChart.Frame tile = LineChart.Frame.TILE;
        assertThat(tile.font() * 214.0 / tile.width()).isGreaterThanOrEqualTo(11);
        // at most four period labels under a tile's line
        assertThat(spark.split("<text text-anchor=\"middle\"").length - 1).isBetween(1, 4);
    }
}
