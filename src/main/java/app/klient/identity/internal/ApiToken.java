package app.klient.identity.internal;

import java.time.Instant;

import app.klient.audit.Audited;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "api_tokens")
@Audited(name = "apiToken", exclude = { "tokenHash", "lastUsedAt" })
public class ApiToken {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id")
    private long userId;

    private String name;

    @Column(name = "token_hash")
    private String tokenHash;

    private String prefix;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    /** Null: the owner's full rights; CHANNELS: only the channel intake. */
    private String scope;

    void limitTo(String scope) {
        this.scope = scope;
    }

    String getScope() {
        return scope;
    }

    protected ApiToken() {
    }

    ApiToken(long userId, String name, String tokenHash, String prefix, Instant expiresAt) {
        this.userId = userId;
        this.name = name;
        this.tokenHash = tokenHash;
        this.prefix = prefix;
        this.expiresAt = expiresAt;
    }

    void revoke() {
        if (revokedAt == null) {
            revokedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        }
    }

    boolean usableAt(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now);
    }

    public Long getId() {
        return id;
    }

    public long getUserId() {
        return userId;
    }

    public String getName() {
        return name;
    }

    public String getPrefix() {
        return prefix;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getLastUsedAt() {
        return lastUsedAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }
}
