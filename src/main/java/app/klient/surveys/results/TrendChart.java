package app.klient.surveys.results;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A score's trend drawn as a line (templates/surveys/results/results.html: plain SVG, no script, so the CSP stays
 * strict): one dot per period with answers, the line broken where a period had none, the scale's ticks at the left.
 */
public record TrendChart(List<Dot> dots, List<String> lines, List<Tick> ticks, List<Dot> labels) {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 220;
    private static final int LEFT = 44;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 34;

    /** A point: where it is drawn, its period's label, its figure and the answers behind it. */
    public record Dot(double x, double y, String label, String value, long responses) {
    }

    /** A line of the scale: its height and its figure. */
    public record Tick(double y, String label) {
    }

    public static TrendChart of(List<SurveyResults.Point> points, ResultKind kind, Function<SurveyResults.Point, String> label,
            Function<BigDecimal, String> figure) {
        double low = kind == ResultKind.NPS ? -100 : kind == ResultKind.CES ? 1 : 0;
        double high = kind == ResultKind.CES ? 7 : 100;
        double step = kind == ResultKind.CES ? 1 : kind == ResultKind.NPS ? 50 : 25;
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        List<Tick> ticks = new ArrayList<>();
        for (double v = low; v <= high + 1e-9; v += step) {
            ticks.add(new Tick(round(TOP + plotHeight * (high - v) / (high - low)), figure.apply(BigDecimal
                    .valueOf((long) v))));
        }
        List<Dot> dots = new ArrayList<>();
        List<Dot> labels = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int count = points.size();
        int every = Math.max(1, (int) Math.ceil(count / 8.0));
        for (int i = 0; i < count; i++) {
            SurveyResults.Point p = points.get(i);
            double x = round(LEFT + (count == 1 ? plotWidth / 2 : plotWidth * i / (count - 1)));
            if (i % every == 0) {
                labels.add(new Dot(x, HEIGHT - 12, label.apply(p), null, 0));
            }
            BigDecimal value = p.score().value();
            if (value == null) {
                if (line.length() > 0) {
                    lines.add(line.toString().strip());
                    line.setLength(0);
                }
                continue;
            }
            double y = round(TOP + plotHeight * (high - value.doubleValue()) / (high - low));
            line.append(x).append(',').append(y).append(' ');
            dots.add(new Dot(x, y, label.apply(p), figure.apply(value), p.score().responses()));
        }
        if (line.length() > 0) {
            lines.add(line.toString().strip());
        }
        return new TrendChart(dots, lines, ticks, labels);
    }

    public boolean isEmpty() {
        return dots.isEmpty();
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }

    public int left() {
        return LEFT;
    }

    public int right() {
        return WIDTH - RIGHT;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
