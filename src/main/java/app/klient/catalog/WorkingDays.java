package app.klient.catalog;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Set;

/**
 * The days a central bank publishes its exchange-rate table: Monday to Friday except the public holidays of its
 * country (Poland for the złoty, Czechia for the koruna; weekends only elsewhere). Invoices take the rate of the last
 * such day before the sale.
 */
public final class WorkingDays {

    private static final Set<MonthDay> POLAND = Set.of(MonthDay.of(1, 1), MonthDay.of(1, 6), MonthDay.of(5, 1),
            MonthDay.of(5, 3), MonthDay.of(8, 15), MonthDay.of(11, 1), MonthDay.of(11, 11), MonthDay.of(12, 24),
            MonthDay.of(12, 25), MonthDay.of(12, 26));
    private static final Set<MonthDay> CZECHIA = Set.of(MonthDay.of(1, 1), MonthDay.of(5, 1), MonthDay.of(5, 8),
            MonthDay.of(7, 5), MonthDay.of(7, 6), MonthDay.of(9, 28), MonthDay.of(10, 28), MonthDay.of(11, 17),
            MonthDay.of(12, 24), MonthDay.of(12, 25), MonthDay.of(12, 26));

    private final String currency;

    /** The working days of the bank of the company currency ({@code PLN}, {@code CZK}, anything else). */
    public WorkingDays(String companyCurrency) {
        this.currency = companyCurrency;
    }

    public boolean isWorkingDay(LocalDate day) {
        if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            return false;
        }
        MonthDay date = MonthDay.from(day);
        LocalDate easter = easter(day.getYear());
        return switch (currency) {
            case "PLN" -> !POLAND.contains(date) && !day.equals(easter.plusDays(1)) && !day.equals(easter.plusDays(60))
                    // Christmas Eve is a holiday in Poland from 2025 on
                    || (date.equals(MonthDay.of(12, 24)) && day.getYear() < 2025);
            case "CZK" -> !CZECHIA.contains(date) && !day.equals(easter.minusDays(2)) && !day.equals(easter.plusDays(1));
            default -> true;
        };
    }

    /** The last working day strictly before {@code day}. */
    public LocalDate lastBefore(LocalDate day) {
        LocalDate d = day.minusDays(1);
        while (!isWorkingDay(d)) {
            d = d.minusDays(1);
        }
        return d;
    }

    /** Easter Sunday of the Gregorian calendar (the anonymous algorithm of Meeus, Jones and Butcher). */
    static LocalDate easter(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(year, month, day);
    }
}
