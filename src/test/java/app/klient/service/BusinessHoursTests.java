package app.klient.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Service targets counted in working time, checked by hand. Office: Mon–Fri 9:00–17:00 in Warsaw. */
class BusinessHoursTests {

    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
    private static final BusinessHours OFFICE = new BusinessHours(WARSAW,
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0),
            Set.of(LocalDate.of(2026, 11, 11), LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 26)));

    private static Instant warsaw(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(WARSAW).toInstant();
    }

    @Test
    void within_one_day() {
        assertThat(OFFICE.plus(warsaw("2026-11-24T10:00"), 120)).isEqualTo(warsaw("2026-11-24T12:00"));
    }

    @Test
    void across_a_weekend() {
        // Friday 16:00 + 4 h: one hour on Friday, three on Monday
        assertThat(OFFICE.plus(warsaw("2026-11-20T16:00"), 240)).isEqualTo(warsaw("2026-11-23T12:00"));
        assertThat(OFFICE.between(warsaw("2026-11-20T16:00"), warsaw("2026-11-23T12:00"))).isEqualTo(240);
    }

    @Test
    void a_ticket_opened_on_saturday_starts_counting_on_monday_morning() {
        assertThat(OFFICE.plus(warsaw("2026-11-21T11:00"), 60)).isEqualTo(warsaw("2026-11-23T10:00"));
    }

    @Test
    void across_a_holiday() {
        // Tuesday 10 November 15:00 + 4 h: two hours on Tuesday, Wednesday 11 November is Independence Day
        assertThat(OFFICE.plus(warsaw("2026-11-10T15:00"), 240)).isEqualTo(warsaw("2026-11-12T11:00"));
        // Christmas: Thursday 24 December 16:00 + 2 h → Monday 28 December 10:00
        assertThat(OFFICE.plus(warsaw("2026-12-24T16:00"), 120)).isEqualTo(warsaw("2026-12-28T10:00"));
    }

    @Test
    void across_the_end_of_summer_time_and_at_a_time_zone_boundary() {
        // Friday 23 October 16:00 CEST + 4 h; clocks go back on Sunday 25 October → Monday 12:00 CET = 11:00 UTC
        Instant due = OFFICE.plus(warsaw("2026-10-23T16:00"), 240);
        assertThat(due).isEqualTo(Instant.parse("2026-10-26T11:00:00Z"));
        // 23:30 UTC on Monday is already Tuesday 00:30 in Warsaw: the clock starts Tuesday at 9:00 Warsaw time
        assertThat(OFFICE.plus(Instant.parse("2026-11-23T23:30:00Z"), 30)).isEqualTo(warsaw("2026-11-24T09:30"));
        // the same moment counted in Prague's office, which is in the same zone, gives the same; in London an hour on
        BusinessHours london = new BusinessHours(ZoneId.of("Europe/London"), OFFICE.days(), OFFICE.opens(),
                OFFICE.closes(), Set.of());
        assertThat(london.plus(Instant.parse("2026-11-24T08:30:00Z"), 60)).isEqualTo(Instant.parse(
                "2026-11-24T10:00:00Z"));
    }

    @Test
    void a_pause_while_waiting_for_the_customer_moves_the_target() {
        // 8 h target opened Monday 9:00; waiting for the customer from Monday 11:00 to Wednesday 14:00 (paused);
        // 2 h were used, 6 h remain from Wednesday 14:00: 3 h on Wednesday, 3 h on Thursday → Thursday 12:00
        Instant opened = warsaw("2026-11-23T09:00");
        long used = OFFICE.between(opened, warsaw("2026-11-23T11:00"));
        assertThat(used).isEqualTo(120);
        assertThat(OFFICE.plus(warsaw("2026-11-25T14:00"), 480 - used)).isEqualTo(warsaw("2026-11-26T12:00"));
    }
}
