package app.klient.automation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** A task a rule makes is due at the end of the assignee's working day, and never before it is made. */
class TaskDueTests {

    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

    @Test
    void a_task_made_during_the_day_is_due_at_the_end_of_that_working_day_or_that_many_days_on() {
        Instant morning = Instant.parse("2026-12-07T08:30:00Z");
        assertThat(RuleActions.due(morning, WARSAW, 0)).isEqualTo(OffsetDateTime.parse("2026-12-07T17:00+01:00"));
        assertThat(RuleActions.due(morning, WARSAW, 2)).isEqualTo(OffsetDateTime.parse("2026-12-09T17:00+01:00"));
    }

    @Test
    void a_task_due_today_made_in_the_evening_is_due_at_the_next_full_hour_not_in_the_past() {
        Instant evening = Instant.parse("2026-12-06T22:27:13Z");
        assertThat(RuleActions.due(evening, WARSAW, 0)).isEqualTo(OffsetDateTime.parse("2026-12-07T00:00+01:00"));
        Instant sharp = Instant.parse("2026-12-06T17:00:00Z");
        assertThat(RuleActions.due(sharp, WARSAW, 0)).isEqualTo(OffsetDateTime.parse("2026-12-06T19:00+01:00"));
        // a day on is still the end of tomorrow's working day
        assertThat(RuleActions.due(evening, WARSAW, 1)).isEqualTo(OffsetDateTime.parse("2026-12-07T17:00+01:00"));
    }
}
