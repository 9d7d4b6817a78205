package app.klient.identity.internal;

import app.klient.platform.Secrets;
import app.klient.platform.StoredSecret;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * How a TOTP secret is kept in {@code two_factor.secret}: sealed with AES-256-GCM under the key outside the database
 * ({@link Secrets}), like every other credential Klient stores; a rotation of the key re-seals it.
 */
@Component
class TwoFactorSecrets {

    private final Secrets secrets;

    TwoFactorSecrets(Secrets secrets) {
        this.secrets = secrets;
    }

    /** The column, for the start-up sealing and the key rotation. */
    @Bean
    static StoredSecret twoFactorSecret() {
        return new StoredSecret("two_factor", "user_id", "secret");
    }

    String stored(String secret) {
        return secrets.seal(secret);
    }

    String secret(String stored) {
        return secrets.open(stored);
    }
}
