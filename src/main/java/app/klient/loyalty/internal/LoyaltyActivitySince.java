package app.klient.loyalty.internal;

import app.klient.platform.privacy.ActivitySince;
import org.springframework.stereotype.Component;

/** A contact is active while its loyalty account got a ledger row since the cutoff. */
@Component
class LoyaltyActivitySince implements ActivitySince {

    @Override
    public String activeSince(String contactId) {
        return """
                exists (select 1 from loyalty_accounts a join loyalty_ledger l on l.account_id = a.id
                        where a.contact_id = %1$s and l.at >= :cutoff)
                """.formatted(contactId);
    }
}
