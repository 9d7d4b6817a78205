package app.klient.projects;

import java.time.LocalDate;

import app.klient.catalog.WorkingDays;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Dates counted in working days: Monday to Friday without the public holidays of the company's country (Poland's
 * for a company keeping its books in złoty, Czechia's in koruna, weekends only otherwise).
 */
@Component
public class WorkDays {

    private final WorkingDays calendar;

    WorkDays(@Value("${klient.currency:PLN}") String companyCurrency) {
        this.calendar = new WorkingDays(companyCurrency);
    }

    /** The working days of a company keeping its books in {@code currency}. */
    public static WorkDays of(String currency) {
        return new WorkDays(currency);
    }

    /**
     * The {@code days}-th working day after {@code from}: one after a Friday or a Saturday is the Monday (unless a
     * holiday). Zero is {@code from} itself, or the first working day after it when it is none.
     */
    public LocalDate after(LocalDate from, int days) {
        LocalDate day = days == 0 ? workday(from) : from;
        for (int i = 0; i < days; i++) {
            day = workday(day.plusDays(1));
        }
        return day;
    }

    /** The last day of work that starts on {@code first} and takes {@code days} working days (one at least). */
    public LocalDate through(LocalDate first, int days) {
        return after(workday(first), Math.max(days, 1) - 1);
    }

    private LocalDate workday(LocalDate day) {
        LocalDate d = day;
        while (!calendar.isWorkingDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }
}
