package app.klient.documents;

import java.time.Instant;

public record TemplateView(long id, String name, TemplateKind kind, String language, String body, boolean active,
        Instant updatedAt, int version) {
}
