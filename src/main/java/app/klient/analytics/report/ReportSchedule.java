package app.klient.analytics.report;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

/**
 * When a saved report is mailed and to whom: DAILY, WEEKLY on a weekday (1 = Monday … 7 = Sunday) or MONTHLY on a day
 * of the month, at an hour of its owner's time zone, to Klient users; {@code paused} keeps it without sending. The
 * last run says when it was, whether it went out ({@code SENT}, to how many) or why not ({@code FAILED}, a message
 * key).
 */
public record ReportSchedule(long reportId, String frequency, Integer weekday, Integer dayOfMonth, int hour,
        List<Long> recipients, boolean paused, Instant nextRunAt, Instant lastRunAt, String lastOutcome,
        Integer lastSentTo, String lastProblem, int version) {

    public static final List<String> FREQUENCIES = List.of("DAILY", "WEEKLY", "MONTHLY");

    /**
     * The first time after {@code after} this schedule is due in {@code zone}. An hour that a change to summer time
     * skips is sent at the first hour after it; a day of the month a month does not have is its last day (the 31st
     * is 30 April, 28 or 29 February), and the month after is back on the 31st.
     */
    public static Instant next(String frequency, Integer weekday, Integer dayOfMonth, int hour, ZoneId zone,
            Instant after) {
        LocalDate day = after.atZone(zone).toLocalDate();
        while (true) {
            LocalDate candidate = switch (frequency) {
                case "DAILY" -> day;
                case "WEEKLY" -> day.with(TemporalAdjusters.nextOrSame(DayOfWeek.of(weekday)));
                case "MONTHLY" -> day.withDayOfMonth(Math.min(dayOfMonth, day.lengthOfMonth()));
                default -> throw new IllegalArgumentException("Not a frequency: " + frequency);
            };
            if (candidate.isBefore(day)) {
                day = day.plusMonths(1).withDayOfMonth(1);
                continue;
            }
            // ZonedDateTime.of moves an hour in the spring gap forward and takes the earlier of two autumn hours
            Instant at = ZonedDateTime.of(candidate, LocalTime.of(hour, 0), zone).toInstant();
            if (at.isAfter(after)) {
                return at;
            }
            day = candidate.plusDays(1);
        }
    }
}
