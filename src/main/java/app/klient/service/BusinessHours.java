package app.klient.service;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * Working time for service targets: working days, opening hours and public holidays in a time zone. A target of
 * "4 hours" means four hours of this time: a ticket opened on Friday at 16:00 with an 8-hour-day calendar is due on
 * Monday at 12:00, and later still when Monday is a holiday. Daylight-saving changes happen outside working hours and
 * cost nothing.
 */
public record BusinessHours(ZoneId zone, Set<DayOfWeek> days, LocalTime opens, LocalTime closes,
        Set<LocalDate> holidays) {

    public BusinessHours {
        if (!closes.isAfter(opens)) {
            throw new IllegalArgumentException("closing must come after opening");
        }
        if (days.isEmpty()) {
            throw new IllegalArgumentException("at least one working day");
        }
    }

    /** The moment {@code minutes} of working time after {@code start} (start itself if it is zero). */
    public Instant plus(Instant start, long minutes) {
        ZonedDateTime at = start.atZone(zone);
        long left = minutes;
        for (int guard = 0; guard < 20_000; guard++) {
            LocalDate day = at.toLocalDate();
            if (working(day)) {
                ZonedDateTime open = day.atTime(opens).atZone(zone);
                ZonedDateTime close = day.atTime(closes).atZone(zone);
                if (at.isBefore(open)) {
                    at = open;
                }
                if (at.isBefore(close)) {
                    long available = Duration.between(at, close).toMinutes();
                    if (left <= available) {
                        return at.plusMinutes(left).toInstant();
                    }
                    left -= available;
                }
            }
            at = day.plusDays(1).atTime(opens).atZone(zone);
        }
        throw new IllegalStateException("no working time within the next decades");
    }

    /** The working minutes between two moments (zero when {@code to} is not after {@code from}). */
    public long between(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return 0;
        }
        long minutes = 0;
        ZonedDateTime end = to.atZone(zone);
        for (LocalDate day = from.atZone(zone).toLocalDate(); !day.isAfter(end.toLocalDate()); day = day.plusDays(1)) {
            if (!working(day)) {
                continue;
            }
            ZonedDateTime open = day.atTime(opens).atZone(zone);
            ZonedDateTime close = day.atTime(closes).atZone(zone);
            ZonedDateTime a = from.atZone(zone).isAfter(open) ? from.atZone(zone) : open;
            ZonedDateTime b = end.isBefore(close) ? end : close;
            if (b.isAfter(a)) {
                minutes += Duration.between(a, b).toMinutes();
            }
        }
        return minutes;
    }

    private boolean working(LocalDate day) {
        return days.contains(day.getDayOfWeek()) && !holidays.contains(day);
    }
}
