package app.klient.privacy.internal;

import java.time.LocalDate;

import app.klient.platform.DemoData;
import app.klient.privacy.ErasureReason;
import app.klient.privacy.Privacy;
import app.klient.privacy.PrivacyRequestForm;
import app.klient.privacy.RequestedBy;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo company's privacy register, so the pages have something to show: a customer who asked for her data last
 * week, and one who withdrew his consent and was erased (his invoices, if any, kept), both answered by the
 * administrator.
 */
@Component
@Order(200)
class DemoPrivacy implements DemoData {

    private final Privacy privacy;
    private final JdbcClient jdbc;

    DemoPrivacy(Privacy privacy, JdbcClient jdbc) {
        this.privacy = privacy;
        this.jdbc = jdbc;
    }

    @Override
    public void fill(Faker faker) {
        var people = jdbc.sql("select id from contacts where emails <> '{}' and first_name is not null "
                + "order by id desc limit 2").query(Long.class).list();
        if (people.size() < 2) {
            return;
        }
        LocalDate today = LocalDate.now();
        privacy.export(new PrivacyRequestForm(people.get(0), null, null, RequestedBy.PERSON, today.minusDays(6),
                null, "E-mail to the office"));
        privacy.erase(new PrivacyRequestForm(people.get(1), null, null, RequestedBy.PERSON, today.minusDays(2),
                ErasureReason.CONSENT_WITHDRAWN, "Letter of withdrawal, answered within the month"));
        jdbc.sql("""
                update privacy_requests set done_by = (select min(id) from users where role = 'ADMIN')
                 where done_by is null and kind <> 'RETENTION'""").update();
    }
}
