package app.klient.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.platform.KlientException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal API tokens. The secret is 256 random bits shown once; the database keeps its SHA-256 (a slow hash adds
 * nothing for a secret this long and would slow every API call).
 */
@Service
public class ApiTokens {

    static final String SECRET_PREFIX = "klient_";
    public static final Duration MAX_LIFETIME = Duration.ofDays(366 * 2);
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    private static final Duration AUDIT_USE_EVERY = Duration.ofMinutes(15);

    private final ApiTokenRepository tokens;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(ApiTokenRepository tokens, JdbcClient jdbc, AuditLog audit) {
        this.tokens = tokens;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Transactional
    public IssuedToken issue(long userId, String name, Instant expiresAt) {
        return issue(userId, name, expiresAt, null);
    }

    /** A token limited to {@code scope} (null: the owner's full rights); see {@link #SCOPED_PATHS}. */
    @Transactional
    public IssuedToken issue(long userId, String name, Instant expiresAt, String scope) {
        Instant now = Instant.now();
        if (expiresAt == null || !expiresAt.isAfter(now)) {
            throw KlientException.invalid("token.expiry.past");
        }
        if (expiresAt.isAfter(now.plus(MAX_LIFETIME))) {
            throw KlientException.invalid("token.expiry.tooFar");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiToken made = new ApiToken(userId, name.strip(), hash(secret),
                secret.substring(0, SECRET_PREFIX.length() + 5), expiresAt);
        made.limitTo(scope);
        ApiToken token = tokens.save(made);
        return new IssuedToken(secret, TokenSummary.of(token));
    }

    @Transactional(readOnly = true)
    public List<TokenSummary> list(long userId) {
        return tokens.findByUserIdOrderByCreatedAtDesc(userId).stream().map(TokenSummary::of).toList();
    }

    /** Only the owner revokes a token; someone else's token id answers as if it did not exist. */
    @Transactional
    public void revoke(long userId, long tokenId) {
        ApiToken token = tokens.findById(tokenId).filter(t -> t.getUserId() == userId)
                .orElseThrow(() -> KlientException.notFound("token.notFound"));
        token.revoke();
    }

    /** Ends every token of a user whose password changed or who was deactivated; each revocation is audited. */
    @Transactional
    public void revokeAll(long userId) {
        tokens.findByUserIdOrderByCreatedAtDesc(userId).forEach(ApiToken::revoke);
    }

    /**
     * The signed-in user a bearer secret stands for, if the token is valid and its owner active. No transaction: one
     * read, and now and then a write of its own (when it was last used, and an audit event).
     */
    public Optional<SignedInUser> authenticate(String secret) {
        return bearer(secret).map(Bearer::user);
    }

    /** What a limited token may call: the channel intake, and nothing else (method and path). */
    static final java.util.Map<String, java.util.Set<String>> SCOPED_PATHS = java.util.Map.of("CHANNELS",
            java.util.Set.of("POST /api/v1/calls", "POST /api/v1/calls/batch", "POST /api/v1/calls/ringing",
                    "POST /api/v1/messages"));

    /** A bearer secret's user, and the scope its token is limited to (null: none). */
    record Bearer(SignedInUser user, String scope) {

        boolean allows(String method, String path) {
            return scope == null || SCOPED_PATHS.getOrDefault(scope, java.util.Set.of()).contains(method + " " + path);
        }
    }

    Optional<Bearer> bearer(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        // one query, no entities: every API request passes through here (the where clause is ApiToken.usableAt)
        Optional<TokenOwner> found = jdbc.sql("""
                select t.id, t.name, t.last_used_at, t.scope, u.id as user_id, u.email, u.name as user_name, u.role, u.locale,
                       u.time_zone
                from api_tokens t join users u on u.id = t.user_id
                where t.token_hash = :hash and t.revoked_at is null and t.expires_at > now() and u.active""")
                .param("hash", hash(secret)).query((rs, n) -> TokenOwner.of(rs)).optional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        TokenOwner token = found.get();
        Instant now = Instant.now();
        Instant lastUsed = token.lastUsedAt();
        if (lastUsed == null || lastUsed.isBefore(now.minus(LAST_USED_PRECISION))) {
            jdbc.sql("update api_tokens set last_used_at = now() where id = :id").param("id", token.id()).update();
        }
        if (lastUsed == null || lastUsed.isBefore(now.minus(AUDIT_USE_EVERY))) {
            audit.record(AuditAction.TOKEN_USED, "apiToken", token.id(), token.name(), List.of(), token.user().id(),
                    token.user().email());
        }
        return Optional.of(new Bearer(token.user(), token.scope()));
    }

    /** A usable token and its active owner, as signed in (no password). */
    private record TokenOwner(long id, String name, Instant lastUsedAt, SignedInUser user, String scope) {

        static TokenOwner of(java.sql.ResultSet rs) throws java.sql.SQLException {
            java.sql.Timestamp lastUsed = rs.getTimestamp("last_used_at");
            return new TokenOwner(rs.getLong("id"), rs.getString("name"),
                    lastUsed == null ? null : lastUsed.toInstant(),
                    new SignedInUser(rs.getLong("user_id"), rs.getString("email"), rs.getString("user_name"),
                            app.klient.identity.Role.valueOf(rs.getString("role")),
                            java.util.Locale.forLanguageTag(rs.getString("locale")),
                            java.time.ZoneId.of(rs.getString("time_zone")), true, null), rs.getString("scope"));
        }
    }

    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
