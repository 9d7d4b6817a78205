package app.klient.service;

import java.sql.Array;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The support team's working time (one row, V015: days, hours, holidays and zone) and the service targets per
 * priority and customer tier. Administrators change both; new targets apply to tickets opened afterwards.
 */
@Service
public class SupportCalendar {

    /** The calendar as the settings page and the API show it; days are ISO numbers (1 = Monday). */
    @io.swagger.v3.oas.annotations.media.Schema(name = "SupportCalendarSettings")
    public record Settings(@NotNull String zone, @NotNull Set<Integer> days, @NotNull LocalTime opens,
            @NotNull LocalTime closes, @NotNull Set<LocalDate> holidays, Integer version) {
    }

    /** Targets in working minutes. */
    public record Policy(@NotNull TicketPriority priority, @NotNull String tier,
            @NotNull @Min(1) @Max(100_000) Integer firstResponseMinutes,
            @NotNull @Min(1) @Max(1_000_000) Integer resolutionMinutes) {
    }

    private final JdbcClient jdbc;
    private final Versions versions;

    SupportCalendar(JdbcClient jdbc, Versions versions) {
        this.versions = versions;
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public BusinessHours hours() {
        Settings s = settings();
        return new BusinessHours(ZoneId.of(s.zone()), s.days().stream().map(DayOfWeek::of)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DayOfWeek.class))), s.opens(), s.closes(),
                s.holidays());
    }

    @Transactional(readOnly = true)
    public Settings settings() {
        return jdbc.sql("select zone, days, opens, closes, holidays, version from support_calendar where id = 1")
                .query((rs, n) -> new Settings(rs.getString(1), Arrays.stream(rs.getString(2).split(","))
                        .map(String::strip).map(Integer::parseInt).collect(Collectors.toCollection(TreeSet::new)),
                        rs.getTime(3).toLocalTime(), rs.getTime(4).toLocalTime(), holidays(rs.getArray(5)),
                        rs.getInt(6))).single();
    }

    /** Changes the working time; checked whole, so a calendar that has no working time at all is refused. */
    @Transactional
    public Settings save(Settings settings) {
        checkAdmin();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        try {
            ZoneId.of(settings.zone());
        }
        catch (DateTimeException e) {
            errors.add("zone", "calendar.zone");
        }
        if (settings.days().isEmpty() || settings.days().stream().anyMatch(d -> d < 1 || d > 7)) {
            errors.add("days", "calendar.days");
        }
        if (!settings.closes().isAfter(settings.opens())) {
            errors.add("closes", "calendar.hours");
        }
        if (settings.holidays().size() > 400) {
            errors.add("holidays", "calendar.holidays");
        }
        errors.throwIfAny();
        versions.change("support_calendar", 1, settings.version())
                .set("zone = :zone, days = :days, opens = :opens, closes = :closes, holidays = :holidays")
                .param("zone", settings.zone()).param("days", settings.days().stream().sorted().map(String::valueOf)
                        .collect(Collectors.joining(",")))
                .param("opens", settings.opens()).param("closes", settings.closes())
                .param("holidays", settings.holidays().stream().sorted().map(java.sql.Date::valueOf)
                        .toArray(java.sql.Date[]::new))
                .apply();
        return settings();
    }

    @Transactional(readOnly = true)
    public List<Policy> policies() {
        return jdbc.sql("select priority, tier, first_response_minutes, resolution_minutes from sla_policies "
                + "order by tier desc, array_position(array['URGENT','HIGH','NORMAL','LOW'], priority::text)")
                .query((rs, n) -> new Policy(TicketPriority.valueOf(rs.getString(1)), rs.getString(2), rs.getInt(3),
                        rs.getInt(4))).list();
    }

    /** Sets the targets of the priorities and tiers given; the others stay. */
    @Transactional
    public List<Policy> savePolicies(List<Policy> policies) {
        checkAdmin();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        for (int i = 0; i < policies.size(); i++) {
            Policy p = policies.get(i);
            if (!"STANDARD".equals(p.tier()) && !"KEY".equals(p.tier())) {
                errors.add("[" + i + "].tier", "sla.tier");
            }
            if (p.resolutionMinutes() < p.firstResponseMinutes()) {
                errors.add("[" + i + "].resolutionMinutes", "sla.order");
            }
        }
        errors.throwIfAny();
        for (Policy p : policies) {
            jdbc.sql("""
                    insert into sla_policies (priority, tier, first_response_minutes, resolution_minutes)
                    values (:priority, :tier, :first, :resolution)
                    on conflict (priority, tier) do update set first_response_minutes = excluded.first_response_minutes,
                        resolution_minutes = excluded.resolution_minutes""").param("priority", p.priority().name())
                    .param("tier", p.tier()).param("first", p.firstResponseMinutes())
                    .param("resolution", p.resolutionMinutes()).update();
        }
        return policies();
    }

    private static void checkAdmin() {
        if (!CurrentUser.hasRole(Role.ADMIN)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "serviceSettings.forbidden");
        }
    }

    private static Set<LocalDate> holidays(Array array) throws SQLException {
        Set<LocalDate> days = new TreeSet<>();
        for (Object day : (Object[]) array.getArray()) {
            days.add(((java.sql.Date) day).toLocalDate());
        }
        return days;
    }
}
