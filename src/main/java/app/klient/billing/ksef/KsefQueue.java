package app.klient.billing.ksef;

import app.klient.billing.InvoiceIssued;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Queues every Polish invoice and correction for KSeF once the administrator has switched KSeF on, in the
 * transaction that issues it: the invoice and its place in the queue commit together or not at all. An invoice
 * issued while KSeF is known to be unavailable is queued in offline mode (tryby-offline.md) and sent when it returns.
 */
@Component
class KsefQueue {

    private final JdbcClient jdbc;
    private final KsefAccount account;

    KsefQueue(JdbcClient jdbc, KsefAccount account) {
        this.jdbc = jdbc;
        this.account = account;
    }

    @EventListener
    void issued(InvoiceIssued event) {
        if (!"PL".equals(event.sellerCountry()) || !account.settings().enabled()) {
            return;
        }
        jdbc.sql("""
                insert into ksef_submissions (invoice_id, state, offline, environment)
                select :id, 'WAITING', unavailable_since is not null, environment from ksef_settings
                on conflict (invoice_id) do nothing""").param("id", event.invoiceId()).update();
    }
}
