package app.klient.platform;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Days from {@code from} to {@code to}, both included, as reports and results read them: the period before it of the
 * same length, the same days a year before, and its days cut into periods of a day, a week or a month for a trend.
 */
public record Period(LocalDate from, LocalDate to) {

    /** The longest period a report or result covers. */
    public static final int MAX_YEARS = 5;

    public Period {
        if (from == null || to == null) {
            throw KlientException.invalid("period.missing");
        }
        if (to.isBefore(from)) {
            throw KlientException.invalid("period.backwards");
        }
        if (from.plusYears(MAX_YEARS).isBefore(to)) {
            throw KlientException.invalid("period.tooLong", MAX_YEARS);
        }
    }

    /** The choices a period picker offers, each relative to today. */
    public enum Preset {
        THIS_MONTH, LAST_MONTH, THIS_QUARTER, LAST_QUARTER, THIS_YEAR, LAST_YEAR, LAST_12_MONTHS;

        public Period on(LocalDate today) {
            LocalDate month = today.withDayOfMonth(1);
            LocalDate quarter = today.with(IsoFields.DAY_OF_QUARTER, 1);
            LocalDate year = today.withDayOfYear(1);
            return switch (this) {
                case THIS_MONTH -> new Period(month, today);
                case LAST_MONTH -> new Period(month.minusMonths(1), month.minusDays(1));
                case THIS_QUARTER -> new Period(quarter, today);
                case LAST_QUARTER -> new Period(quarter.minusMonths(3), quarter.minusDays(1));
                case THIS_YEAR -> new Period(year, today);
                case LAST_YEAR -> new Period(year.minusYears(1), year.minusDays(1));
                case LAST_12_MONTHS -> new Period(month.minusMonths(11), today);
            };
        }

        /** The preset named (in any case), or null. */
        public static Preset parse(String name) {
            for (Preset p : values()) {
                if (p.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return p;
                }
            }
            return null;
        }
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /**
     * The period just before: the same number of whole months when this one is whole months (March → February,
     * a quarter → the quarter before), else the same number of days.
     */
    public Period previous() {
        if (from.getDayOfMonth() == 1 && to.plusDays(1).getDayOfMonth() == 1) {
            long months = ChronoUnit.MONTHS.between(from, to.plusDays(1));
            return new Period(from.minusMonths(months), from.minusDays(1));
        }
        return new Period(from.minusDays(days()), from.minusDays(1));
    }

    /** The same days a year before (29 February becomes the 28th). */
    public Period yearBefore() {
        return new Period(from.minusYears(1), to.minusYears(1));
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }

    public Granularity granularity() {
        return Granularity.of(this);
    }

    /** The periods of a trend: by day up to 45 days, by week up to 200, else by month; the first and last cut. */
    public List<Period> buckets() {
        Granularity g = granularity();
        List<Period> buckets = new ArrayList<>();
        for (LocalDate start = g.start(from); !start.isAfter(to); start = g.next(start)) {
            LocalDate end = g.next(start).minusDays(1);
            buckets.add(new Period(start.isBefore(from) ? from : start, end.isAfter(to) ? to : end));
        }
        return buckets;
    }

    /** How a trend is cut: by day up to 45 days, by week up to 200, else by month. */
    public enum Granularity {
        DAY, WEEK, MONTH;

        public static Granularity of(Period period) {
            long days = period.days();
            return days <= 45 ? DAY : days <= 200 ? WEEK : MONTH;
        }

        /** The first day of the day's week (Monday) or month. */
        public LocalDate start(LocalDate day) {
            return switch (this) {
                case DAY -> day;
                case WEEK -> day.with(DayOfWeek.MONDAY);
                case MONTH -> day.withDayOfMonth(1);
            };
        }

        public LocalDate next(LocalDate start) {
            return switch (this) {
                case DAY -> start.plusDays(1);
                case WEEK -> start.plusWeeks(1);
                case MONTH -> start.plusMonths(1);
            };
        }

        /** A period's label on a chart's axis: "Mar 26" for a month, "2 Mar" for a day or week. */
        public String label(LocalDate start, Locale locale) {
            return start.format(DateTimeFormatter.ofPattern(this == MONTH ? "LLL yy" : "d MMM", locale));
        }
    }
}
