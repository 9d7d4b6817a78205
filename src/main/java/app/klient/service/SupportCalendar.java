package app.klient.service;

import java.sql.Array;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The support team's working time (one row, V015): days, hours, holidays and zone. */
@Service
public class SupportCalendar {

    private final JdbcClient jdbc;

    SupportCalendar(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public BusinessHours hours() {
        return jdbc.sql("select zone, days, opens, closes, holidays from support_calendar where id = 1")
                .query((rs, n) -> {
                    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
                    Arrays.stream(rs.getString(2).split(",")).map(String::strip).map(Integer::parseInt)
                            .map(DayOfWeek::of).forEach(days::add);
                    return new BusinessHours(ZoneId.of(rs.getString(1)), days, rs.getTime(3).toLocalTime(),
                            rs.getTime(4).toLocalTime(), holidays(rs.getArray(5)));
                }).single();
    }

    private static Set<LocalDate> holidays(Array array) throws SQLException {
        Set<LocalDate> days = new HashSet<>();
        for (Object day : (Object[]) array.getArray()) {
            days.add(((java.sql.Date) day).toLocalDate());
        }
        return days;
    }
}
