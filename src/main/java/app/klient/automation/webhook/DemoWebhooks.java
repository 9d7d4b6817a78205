package app.klient.automation.webhook;

import app.klient.identity.CurrentUser;
import app.klient.platform.DemoData;
import net.datafaker.Faker;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo's example webhook: the ERP told of won deals, orders and invoices, switched off because no such receiver
 * exists, so the administrator sees what a subscription looks like and can point it at a receiver of their own.
 */
@Component
@Order(110)
class DemoWebhooks implements DemoData {

    private final JdbcClient jdbc;
    private final app.klient.platform.Secrets secrets;

    DemoWebhooks(JdbcClient jdbc, app.klient.platform.Secrets secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @Override
    public void fill(Faker faker) {
        jdbc.sql("""
                insert into webhook_subscriptions (url, description, event_types, secret, enabled, disabled_reason,
                    owner_id)
                values ('https://erp.example.com/klient/webhooks', 'ERP: won deals, orders and invoices (example)',
                    array['deal.won', 'order.created', 'invoice.created', 'invoice.updated'], :secret, false, 'HAND',
                    :owner)""")
                .param("secret", secrets.seal(WebhookSignature.newSecret())).param("owner", CurrentUser.id()).update();
    }
}
