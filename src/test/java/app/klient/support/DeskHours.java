package app.klient.support;

import java.util.Map;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The service desk open around the clock for each test of a class that needs a person to answer (a live chat is
 * offered only within the desk's hours, 9 to 17 in Warsaw by default, and CI runs at any hour), and its hours put
 * back after: {@code @ExtendWith(DeskHours.class)}.
 */
public final class DeskHours implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace HOURS = ExtensionContext.Namespace.create(DeskHours.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        JdbcClient jdbc = jdbc(context);
        Map<String, Object> before = jdbc.sql("select days, opens, closes from support_calendar where id = 1").query()
                .singleRow();
        jdbc.sql("update support_calendar set days = '1,2,3,4,5,6,7', opens = '00:00', closes = '23:59:59.999' "
                + "where id = 1").update();
        context.getStore(HOURS).put("before", before);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterEach(ExtensionContext context) {
        Map<String, Object> hours = (Map<String, Object>) context.getStore(HOURS).remove("before");
        if (hours != null) {
            jdbc(context).sql("update support_calendar set days = :days, opens = :opens, closes = :closes where id = 1")
                    .param("days", hours.get("days")).param("opens", hours.get("opens"))
                    .param("closes", hours.get("closes")).update();
        }
    }

    private static JdbcClient jdbc(ExtensionContext context) {
        return SpringExtension.getApplicationContext(context).getBean(JdbcClient.class);
    }
}
