package app.klient.billing.ksef;

import java.time.Instant;

/**
 * The company's link to KSeF as the administrator set it. The token itself never leaves {@link KsefAccount};
 * {@code tokenSet} says whether there is one.
 */
public record KsefSettings(boolean enabled, KsefEnvironment environment, boolean tokenSet, Instant enabledAt,
        int version) {
}
