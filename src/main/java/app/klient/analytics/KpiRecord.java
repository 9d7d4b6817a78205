package app.klient.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One record a KPI counts, as its drill-down lists it: what it is ({@code kind}: a message key such as
 * {@code kpi.record.company}), its name and page, the day that put it in the period, the amount or duration it adds
 * (null when it only counts) and a short note (a message key and its argument, e.g. why a customer counts as lost).
 */
public record KpiRecord(String kind, long id, String name, String href, LocalDate day, BigDecimal value,
        String noteKey, Object noteArgument) {
}
