package app.klient.projects;

import java.time.DayOfWeek;
import java.time.LocalDate;

/** Dates counted in working days: Monday to Friday. */
public final class WorkDays {

    private WorkDays() {
    }

    /** The {@code days}-th working day after {@code from} (0: {@code from} itself, or the Monday after a weekend). */
    public static LocalDate after(LocalDate from, int days) {
        LocalDate day = next(from);
        for (int i = 0; i < days; i++) {
            day = next(day.plusDays(1));
        }
        return day;
    }

    private static LocalDate next(LocalDate day) {
        LocalDate d = day;
        while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
            d = d.plusDays(1);
        }
        return d;
    }
}
