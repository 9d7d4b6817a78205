package app.klient.loyalty;

import java.time.Instant;
import java.util.List;

/**
 * A customer's account in a program: the balance (the last ledger row's), the tier's name in the reader's language
 * (null without one), and what expires when.
 */
public record AccountView(long id, long programId, String programName, Long companyId, Long contactId, int balance,
        String tier, List<Points.Expiring> expiring, Instant joinedAt) {
}
