package app.klient.identity;

import java.time.Instant;

import app.klient.identity.internal.ApiTokens;
import app.klient.identity.internal.IssuedToken;
import app.klient.platform.KlientException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens limited to the channel intake (calls, screen pops, messages): a phone system or gateway holds one
 * instead of its administrator's full rights; with it, every other request is refused (403). It acts as the
 * administrator who issued it, is listed and revoked with their other tokens, and expires like them.
 */
@Service
public class IntakeTokens {

    private final ApiTokens tokens;

    IntakeTokens(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /** A token just issued: its secret, shown this once. */
    public record Issued(String secret, String name, Instant expiresAt) {
    }

    @Transactional
    public Issued issue(String name, Instant expiresAt) {
        Permission.CHANNELS.check();
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > 100 || label.chars().anyMatch(c -> c < 32)) {
            throw KlientException.invalid("channels.token.nameInvalid");
        }
        IssuedToken issued = tokens.issue(CurrentUser.id(), label, expiresAt, "CHANNELS");
        return new Issued(issued.secret(), issued.token().name(), issued.token().expiresAt());
    }
}
