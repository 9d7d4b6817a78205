package app.klient.platform.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A figure's trend drawn as a line (templates/fragments/charts.html {@code line}: plain SVG, no script, so the CSP
 * stays strict): one dot per period with a value, the line broken where a period has none, the scale's ticks at the
 * left and at most eight period labels below.
 */
public record LineChart(List<Dot> dots, List<String> lines, List<Tick> ticks, List<Dot> labels, Frame frame) {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 220;

    /**
     * The drawing's own units, its margins, its text size and how many period labels fit. The SVG is scaled to its
     * box, text with it: a frame whose width is near the box's keeps an {@code font}-unit text about that many pixels.
     */
    public record Frame(int width, int height, int left, int right, int top, int bottom, int font, int maxLabels) {

        /** A page's chart, some 600 px wide or more. */
        public static final Frame WIDE = new Frame(WIDTH, HEIGHT, 52, 12, 14, 34, 11, 8);

        /**
         * A dashboard tile's trend: a tile is 16 rem wide at least (some 214 px inside its padding) and about
         * 320 px on a phone, so a 240-unit frame with 13-unit labels draws them 11.6 px high or more; half a
         * label's width of margin at either end, and no scale at the left (the figure is above it).
         */
        public static final Frame TILE = new Frame(240, 96, 22, 22, 8, 24, 13, 4);
    }

    /** A period: its label, its value (null: nothing to show), that value as a person reads it, and its weight. */
    public record Point(String label, BigDecimal value, String figure, long weight) {
    }

    /** A point where it is drawn, with its label, figure and weight (what the value is made of: answers, deals). */
    public record Dot(double x, double y, String label, String value, long weight) {
    }

    /** A line of the scale: its height and its figure. */
    public record Tick(double y, String label) {
    }

    /** The values the chart spans and the step of its ticks. */
    public record Scale(double low, double high, double step) {

        /** A scale from the values themselves: zero included, to a round step, about four ticks. */
        public static Scale around(List<BigDecimal> values) {
            double low = 0;
            double high = 0;
            for (BigDecimal v : values) {
                if (v != null) {
                    low = Math.min(low, v.doubleValue());
                    high = Math.max(high, v.doubleValue());
                }
            }
            if (high == low) {
                high = low + 1;
            }
            double raw = (high - low) / 4;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = magnitude;
            for (double m : new double[] { 1, 2, 2.5, 5, 10 }) {
                if (m * magnitude >= raw) {
                    step = m * magnitude;
                    break;
                }
            }
            return new Scale(Math.floor(low / step) * step, Math.ceil(high / step) * step, step);
        }
    }

    public static LineChart of(List<Point> points, Scale scale, Function<BigDecimal, String> tickFigure) {
        return of(points, scale, tickFigure, Frame.WIDE);
    }

    public static LineChart of(List<Point> points, Scale scale, Function<BigDecimal, String> tickFigure,
            Frame frame) {
        double low = scale.low();
        double high = scale.high();
        double plotWidth = frame.width() - frame.left() - frame.right();
        double plotHeight = frame.height() - frame.top() - frame.bottom();
        List<Tick> ticks = new ArrayList<>();
        for (double v = low; v <= high + scale.step() / 1000; v += scale.step()) {
            ticks.add(new Tick(round(frame.top() + plotHeight * (high - v) / (high - low)),
                    tickFigure.apply(new BigDecimal(BigDecimal.valueOf(v).stripTrailingZeros().toPlainString()))));
        }
        List<Dot> dots = new ArrayList<>();
        List<Dot> labels = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int count = points.size();
        int every = Math.max(1, (int) Math.ceil(count / (double) frame.maxLabels()));
        for (int i = 0; i < count; i++) {
            Point p = points.get(i);
            double x = round(frame.left() + (count == 1 ? plotWidth / 2 : plotWidth * i / (count - 1)));
            if (i % every == 0) {
                labels.add(new Dot(x, round(frame.height() - frame.bottom() / 3.0), p.label(), null, 0));
            }
            if (p.value() == null) {
                if (line.length() > 0) {
                    lines.add(line.toString().strip());
                    line.setLength(0);
                }
                continue;
            }
            double y = round(frame.top() + plotHeight * (high - p.value().doubleValue()) / (high - low));
            line.append(x).append(',').append(y).append(' ');
            dots.add(new Dot(x, y, p.label(), p.figure(), p.weight()));
        }
        if (line.length() > 0) {
            lines.add(line.toString().strip());
        }
        return new LineChart(dots, lines, ticks, labels, frame);
    }

    /** The scale from the points' own values. */
    public static LineChart of(List<Point> points, Function<BigDecimal, String> tickFigure) {
        return of(points, tickFigure, Frame.WIDE);
    }

    public static LineChart of(List<Point> points, Function<BigDecimal, String> tickFigure, Frame frame) {
        return of(points, Scale.around(points.stream().map(Point::value).filter(Objects::nonNull).toList()),
                tickFigure, frame);
    }

    /**
     * Whether a dot's value is written above it: every value when they fit side by side, else the highest, the lowest
     * and the last, so that long figures (amounts of money, many days) never print over each other.
     */
    public boolean showsValue(Dot dot) {
        if (dots.size() <= 1) {
            return true;
        }
        double spacing = (dots.get(dots.size() - 1).x() - dots.get(0).x()) / (dots.size() - 1);
        int longest = dots.stream().mapToInt(d -> d.value() == null ? 0 : d.value().length()).max().orElse(0);
        // a bold character is about 0.56 of the font's size
        if (longest * frame.font() * 0.56 + 8 <= spacing) {
            return true;
        }
        Dot highest = dots.stream().min(java.util.Comparator.comparingDouble(Dot::y)).orElseThrow();
        Dot lowest = dots.stream().max(java.util.Comparator.comparingDouble(Dot::y)).orElseThrow();
        return dot.equals(highest) || dot.equals(lowest) || dot.equals(dots.get(dots.size() - 1));
    }

    public boolean isEmpty() {
        return dots.isEmpty();
    }

    public int width() {
        return frame.width();
    }

    public int height() {
        return frame.height();
    }

    public int left() {
        return frame.left();
    }

    public int right() {
        return frame.width() - frame.right();
    }

    /** The text size in the frame's units, for the SVG's own {@code font-size}. */
    public int font() {
        return frame.font();
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
