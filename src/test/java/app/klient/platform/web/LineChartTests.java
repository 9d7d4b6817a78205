package app.klient.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LineChartTests {

    private static LineChart chart(int points, String suffix) {
        List<LineChart.Point> list = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            // a rise, a dip in the middle, a rise again: the lowest is the sixth point, the highest the eleventh
            int value = i == 5 ? 1 : i == 10 ? 90 : 10 + i;
            list.add(new LineChart.Point("M" + i, BigDecimal.valueOf(value), value + suffix, 1));
        }
        return LineChart.of(list, v -> v.toPlainString());
    }

    @Test
    void long_figures_that_would_print_over_each_other_are_written_at_the_highest_lowest_and_last_dot_only() {
        LineChart money = chart(12, ",000,000 PLN");
        List<String> written = money.dots().stream().filter(money::showsValue).map(LineChart.Dot::label).toList();
        assertThat(written).containsExactly("M5", "M10", "M11");
    }

    @Test
    void short_figures_are_all_written() {
        LineChart percent = chart(12, " %");
        assertThat(percent.dots()).allMatch(percent::showsValue);
    }
}
