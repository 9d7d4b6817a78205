package app.klient.automation.internal;

import java.time.Instant;

import app.klient.platform.Phrase;

/**
 * What one action of a run did: DONE, WAITING (until {@code until}), SKIPPED (nothing to do: no address, the record
 * is gone) or FAILED, with a phrase saying what, worded in the reader's language when the log is read.
 */
record Step(String outcome, Phrase detail, Instant until, Long owner) {

    static Step done(String key, Object... values) {
        return new Step("DONE", Phrase.of(key, values), null, null);
    }

    /** The record has a new owner, whom the next actions are for. */
    static Step assigned(long owner, String key, Object... values) {
        return new Step("DONE", Phrase.of(key, values), null, owner);
    }

    static Step skipped(String key, Object... values) {
        return new Step("SKIPPED", Phrase.of(key, values), null, null);
    }

    static Step waiting(Instant until, Phrase detail) {
        return new Step("WAITING", detail, until, null);
    }
}
