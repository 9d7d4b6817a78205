package app.klient.platform;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import net.datafaker.Faker;

/**
 * A module's share of the demo company filled on the first start of an empty database. Implementations run in
 * {@link org.springframework.core.annotation.Order} and may rely on what earlier ones created.
 */
public interface DemoData {

    /** How many months back the demo company's history reaches (the current month aside). */
    int HISTORY_MONTHS = 36;

    void fill(Faker faker);

    /**
     * How busy the demo company was in a month, 1 being an average month of the last year: more in autumn, less in
     * summer, and about a quarter more each year than the year before. Every module's history draws its orders,
     * deals, tickets and calls month by month in this proportion, so trends, seasons, cohorts and forecasts look
     * like a real company's on the first start.
     */
    static double busyness(YearMonth month, YearMonth now) {
        long back = month.until(now, ChronoUnit.MONTHS);
        return season(month.getMonthValue()) * Math.pow(1.02, 6 - back);
    }

    /**
     * How many of something a month of the history has, {@code average} in an average month: the first day of each
     * month from {@link #HISTORY_MONTHS} months ago up to the current one, and its count.
     */
    static Map<LocalDate, Integer> perMonth(double average, ZoneId zone) {
        YearMonth now = YearMonth.now(zone);
        Map<LocalDate, Integer> counts = new LinkedHashMap<>();
        for (int back = HISTORY_MONTHS; back >= 0; back--) {
            YearMonth month = now.minusMonths(back);
            counts.put(month.atDay(1), (int) Math.round(average * busyness(month, now)));
        }
        return counts;
    }

    /** The season alone (1 to 12): what a month of the year brings, 1 being an average month. */
    static double season(int month) {
        return switch (month) {
            case 1 -> 0.85;
            case 2 -> 0.9;
            case 3, 4 -> 1.0;
            case 5 -> 0.95;
            case 6 -> 0.8;
            case 7 -> 0.6;
            case 8 -> 0.65;
            case 9 -> 1.15;
            case 10 -> 1.35;
            case 11 -> 1.4;
            default -> 1.1;
        };
    }
}
