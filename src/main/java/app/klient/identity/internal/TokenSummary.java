package app.klient.identity.internal;

import java.time.Instant;

/** A personal API token as its owner sees it in the list: never the secret. */
public record TokenSummary(long id, String name, String prefix, Instant createdAt, Instant expiresAt,
        Instant lastUsedAt, Instant revokedAt, boolean usable) {

    static TokenSummary of(ApiToken token) {
        return new TokenSummary(token.getId(), token.getName(), token.getPrefix(), token.getCreatedAt(),
                token.getExpiresAt(), token.getLastUsedAt(), token.getRevokedAt(), token.usableAt(Instant.now()));
    }
}
