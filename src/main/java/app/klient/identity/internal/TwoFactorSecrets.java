package app.klient.identity.internal;

import org.springframework.stereotype.Component;

/**
 * How a TOTP secret is kept in {@code two_factor.secret}: the one place to change when credentials are encrypted at
 * rest (platform/secrets). Until then the base32 secret is stored as given.
 */
@Component
class TwoFactorSecrets {

    String stored(String secret) {
        return secret;
    }

    String secret(String stored) {
        return stored;
    }
}
