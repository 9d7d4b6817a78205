package app.klient.projects;

import java.time.DayOfWeek;
import java.time.LocalDate;

/** Dates counted in working days: Monday to Friday. */
public final class WorkDays {

    private WorkDays() {
    }

    /**
     * The {@code days}-th working day after {@code from}: one after a Friday or a Saturday is the Monday. Zero is
     * {@code from} itself, or the Monday after when it falls on a weekend.
     */
    public static LocalDate after(LocalDate from, int days) {
        LocalDate day = days == 0 ? workday(from) : from;
        for (int i = 0; i < days; i++) {
            day = workday(day.plusDays(1));
        }
        return day;
    }

    private static LocalDate workday(LocalDate day) {
        LocalDate d = day;
        while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
            d = d.plusDays(1);
        }
        return d;
    }
}
