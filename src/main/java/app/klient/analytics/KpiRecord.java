package app.klient.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One record a KPI counts, as its drill-down lists it: what it is ({@code kind}: a message key such as
 * {@code kpi.record.company}), its name and page, the day that put it in the period, the amount, share or duration
 * it adds in its {@code unit} (both null when it only counts: an amount is in the company currency, a survey answer's
 * score is a {@link KpiUnit#COUNT}) and a short note: a message key and its argument (e.g. why a customer counts as
 * lost), kept typed — a {@link LocalDate}, a number, an amount as a {@link app.klient.platform.Phrase#money money
 * value} with its currency, or a text — so that a page writes it in the reader's format.
 */
public record KpiRecord(String kind, long id, String name, String href, LocalDate day, BigDecimal value,
        KpiUnit unit, String noteKey, Object noteArgument) {
}
