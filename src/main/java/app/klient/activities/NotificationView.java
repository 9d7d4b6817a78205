package app.klient.activities;

import java.time.Instant;

public record NotificationView(long id, String kind, String title, String link, Instant createdAt, boolean read) {
}
