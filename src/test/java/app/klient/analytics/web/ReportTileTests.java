package app.klient.analytics.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import app.klient.analytics.report.Reports;
import org.junit.jupiter.api.Test;

/** Which groups a pinned report's tile shows, and how a bar is named. */
class ReportTileTests {

    private static final ZoneId ZONE = ZoneId.of("Europe/Warsaw");

    private static ReportTile tile(List<Reports.Column> columns, List<List<Object>> rows) {
        return ReportTile.of("report:1", 1, "Tile", new Reports.Result(columns, rows, false, true, "BAR"),
                Locale.ENGLISH, ZONE, "/analytics/reports/1");
    }

    private static List<Object> row(Object... cells) {
        return new ArrayList<>(Arrays.asList(cells));
    }

    @Test
    void a_report_grouped_by_a_date_shows_its_newest_groups_in_date_order() {
        List<List<Object>> rows = new ArrayList<>();
        for (int month = 1; month <= 12; month++) {
            rows.add(row(LocalDate.of(2026, month, 1), BigDecimal.valueOf(100 - month)));
        }
        rows.add(row(null, BigDecimal.valueOf(1_000))); // deals without a date: not the newest
        ReportTile tile = tile(List.of(new Reports.Column("g0", "Closed", "DATE:MONTH"),
                new Reports.Column("m0", "Count", "NUMBER")), rows);
        assertThat(tile.bars()).extracting(ReportTile.Bar::label)
                .containsExactly("Aug 2026", "Sep 2026", "Oct 2026", "Nov 2026", "Dec 2026");
        assertThat(tile.rows()).extracting(r -> r.get(0)).containsExactly("Aug 2026", "Sep 2026", "Oct 2026",
                "Nov 2026", "Dec 2026");
        assertThat(tile.more()).isTrue();
    }

    @Test
    void a_report_grouped_otherwise_shows_its_largest_groups_as_a_top_five() {
        List<List<Object>> rows = new ArrayList<>();
        int[] amounts = { 5, 70, 10, 90, 30, 60, 20 };
        for (int i = 0; i < amounts.length; i++) {
            rows.add(row("Stage " + i, BigDecimal.valueOf(amounts[i])));
        }
        ReportTile tile = tile(List.of(new Reports.Column("g0", "Stage", "CODE"),
                new Reports.Column("m0", "Sum of Amount", "MONEY")), rows);
        assertThat(tile.bars()).extracting(ReportTile.Bar::label)
                .containsExactly("Stage 3", "Stage 1", "Stage 5", "Stage 4", "Stage 6");
        assertThat(tile.bars().get(0).percent()).isEqualTo(100);
    }

    @Test
    void with_two_groups_a_bar_is_named_by_the_second_first_and_whole_on_hover() {
        ReportTile tile = tile(List.of(new Reports.Column("g0", "Stage", "CODE"),
                new Reports.Column("g1", "Owner", "REF"), new Reports.Column("m0", "Sum", "MONEY")),
                List.of(row("Qualification", "Anna Nowak", BigDecimal.TEN),
                        row("Qualification", "Cyprian Lis", BigDecimal.ONE)));
        ReportTile.Bar first = tile.bars().get(0);
        assertThat(first.name()).isEqualTo("Anna Nowak");
        assertThat(first.context()).isEqualTo("Qualification");
        assertThat(first.label()).isEqualTo("Qualification · Anna Nowak");
        ReportTile one = tile(List.of(new Reports.Column("g0", "Stage", "CODE"),
                new Reports.Column("m0", "Sum", "MONEY")), List.of(row("Won", BigDecimal.ONE)));
        assertThat(one.bars().get(0).context()).isNull();
    }
}
