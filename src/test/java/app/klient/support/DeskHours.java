package app.klient.support;

import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The service desk open around the clock for a test that needs a person to answer (a live chat is offered only
 * within the desk's hours, 9 to 17 in Warsaw by default, and CI runs at any hour), and its hours put back after.
 */
public final class DeskHours {

    private DeskHours() {
    }

    /** Opens the desk all week, all day; answers the hours as they were. */
    public static Map<String, Object> openAllWeek(JdbcClient jdbc) {
        Map<String, Object> before = jdbc.sql("select days, opens, closes from support_calendar where id = 1").query()
                .singleRow();
        jdbc.sql("update support_calendar set days = '1,2,3,4,5,6,7', opens = '00:00', closes = '23:59:59.999' "
                + "where id = 1").update();
        return before;
    }

    public static void putBack(JdbcClient jdbc, Map<String, Object> hours) {
        jdbc.sql("update support_calendar set days = :days, opens = :opens, closes = :closes where id = 1")
                .param("days", hours.get("days")).param("opens", hours.get("opens"))
                .param("closes", hours.get("closes")).update();
    }
}
