package app.klient.analytics.web;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import app.klient.analytics.KpiFilters;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.Period;
import org.springframework.context.i18n.LocaleContextHolder;

/**
 * The period and filters of a dashboard or KPI request, from its parameters: {@code preset} (this month, last
 * quarter…) or {@code from} and {@code to}, then {@code team}, {@code owner}, {@code segment}, {@code pipeline},
 * {@code product}, {@code country} and {@code currency}. Without a period, this year so far.
 */
public record KpiRequest(Period.Preset preset, Period period, KpiFilters filters) {

    public static final Period.Preset DEFAULT = Period.Preset.THIS_YEAR;

    public static KpiRequest of(String preset, String from, String to, Long team, Long owner, Long segment,
            Long pipeline, Long product, String country, String currency) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        KpiRequest request = read(preset, from, to, team, owner, segment, pipeline, product, country, currency,
                errors);
        errors.throwIfAny();
        return request;
    }

    /**
     * The request as far as its parameters are right, each wrong one in {@code errors} by its parameter and left out
     * (a wrong period gives the default one, a wrong country none), so a page can show its figures and the errors.
     */
    static KpiRequest read(String preset, String from, String to, Long team, Long owner, Long segment,
            Long pipeline, Long product, String country, String currency, InvalidFields.Collector errors) {
        LocalDate today = LocalDate.now(zone());
        Period.Preset chosen = null;
        Period period = null;
        if (from != null && !from.isBlank() || to != null && !to.isBlank()) {
            LocalDate start = day(from, "from", errors);
            LocalDate end = day(to, "to", errors);
            period = period(start, end, errors);
        }
        else {
            chosen = preset == null || preset.isBlank() ? DEFAULT : Period.Preset.parse(preset);
            if (chosen == null) {
                errors.add("preset", "kpi.preset.unknown");
            }
            else {
                period = chosen.on(today);
            }
        }
        if (period == null) {
            chosen = DEFAULT;
            period = DEFAULT.on(today);
        }
        String countryCode = code(country, 2, "country", errors);
        String currencyCode = code(currency, 3, "currency", errors);
        return new KpiRequest(chosen, period,
                new KpiFilters(team, owner, segment, pipeline, product, countryCode, currencyCode));
    }

    /** A role's own view when nothing was asked: a salesperson's own records, a manager's team. */
    public KpiRequest forRole(Role role, Long firstTeam) {
        return forRole(role, CurrentUser.id(), firstTeam);
    }

    /** The view of {@code userId} in {@code role} (what the dashboards of people who are not signed in start with). */
    public KpiRequest forRole(Role role, long userId, Long firstTeam) {
        if (role == Role.SALES) {
            return new KpiRequest(preset, period, filters.withOwner(userId));
        }
        if (role == Role.MANAGER && firstTeam != null) {
            return new KpiRequest(preset, period, filters.withTeam(firstTeam));
        }
        return this;
    }

    /** The request again as URL parameters, e.g. for a tile's link to its KPI's page. */
    public String query() {
        Map<String, Object> params = new LinkedHashMap<>();
        if (preset != null) {
            params.put("preset", preset.name());
        }
        else {
            params.put("from", period.from());
            params.put("to", period.to());
        }
        // whose numbers, even when everybody's (empty): the dashboard gives a role its own only when neither is said
        params.put("team", filters.teamId() == null ? "" : filters.teamId());
        params.put("owner", filters.ownerId() == null ? "" : filters.ownerId());
        params.put("segment", filters.segmentId());
        params.put("pipeline", filters.pipelineId());
        params.put("product", filters.productId());
        params.put("country", filters.country());
        params.put("currency", filters.currency());
        return params.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    }

    static ZoneId zone() {
        return LocaleContextHolder.getTimeZone().toZoneId();
    }

    private static LocalDate day(String value, String field, InvalidFields.Collector errors) {
        if (value == null || value.isBlank()) {
            errors.add(field, "period.missing");
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        }
        catch (DateTimeParseException e) {
            errors.add(field, "kpi.day.invalid");
            return null;
        }
    }

    /** The days from {@code start} to {@code end}, or null with the reason beside the last day. */
    private static Period period(LocalDate start, LocalDate end, InvalidFields.Collector errors) {
        if (start == null || end == null) {
            return null;
        }
        try {
            return new Period(start, end);
        }
        catch (KlientException e) {
            errors.add("to", e.messageKey(), e.arguments());
            return null;
        }
    }

    /** An ISO code (a country's two letters, a currency's three), or null; one that names none is wrong too. */
    private static String code(String value, int length, String field, InvalidFields.Collector errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String code = value.strip().toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z]{" + length + "}")) {
            errors.add(field, "kpi." + field + ".invalid");
            return null;
        }
        if (!(length == 2 ? COUNTRIES : CURRENCIES).contains(code)) {
            errors.add(field, "kpi." + field + ".unknown", code);
            return null;
        }
        return code;
    }

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());
}
