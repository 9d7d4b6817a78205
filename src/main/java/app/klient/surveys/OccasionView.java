package app.klient.surveys;

import java.time.Instant;

/**
 * One occasion a survey met and what came of it: INVITED (with the invitation's address and language, and when it was
 * answered), or why nobody was asked: QUIET (asked the same kind of survey within the quiet period), NO_CONSENT,
 * SUPPRESSED, NO_ADDRESS.
 */
public record OccasionView(long id, String causeKind, long causeId, Long contactId, String contactName,
        String outcome, String address, String language, Instant expiresAt, Instant answeredAt, Instant at) {
}
