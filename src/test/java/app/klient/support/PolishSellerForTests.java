package app.klient.support;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tests' seller is a Polish company that can issue invoices: since every Polish invoice has its FA(3)
 * e-invoice, the bare seller profile of a fresh installation ("My company", no NIP, no address) cannot issue one
 * (the administrator is told to complete it). Tests that need another seller change the profile and put it back.
 */
@Component
class PolishSellerForTests {

    private final JdbcClient jdbc;

    PolishSellerForTests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    void complete() {
        jdbc.sql("""
                update seller_profile set tax_id = '5261040828', street = 'ul. Testowa 1', postal_code = '00-001',
                       city = 'Warszawa'
                where id = 1 and tax_id is null and street is null""").update();
    }
}
