package app.klient.activities;

import java.time.Instant;

import app.klient.platform.Phrase;

/**
 * A notification as its reader reads it: {@code kindText} and {@code title} in the reader's language; where Klient
 * worded the title, {@code titleCode} is what was stored (a message key and typed values) for integrators.
 */
public record NotificationView(long id, String kind, String kindText, String title, Phrase titleCode, String link,
        Instant createdAt, boolean read) {
}
