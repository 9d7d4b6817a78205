package app.klient.billing.web;

import java.time.Instant;

import app.klient.billing.ksef.KsefAccount;
import app.klient.billing.ksef.KsefEnvironment;
import app.klient.billing.ksef.KsefSettings;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The company's KSeF settings as the API reads and writes them. {@code token} is only ever sent: a read leaves it
 * out and says {@code tokenSet}; a write without one keeps the stored token. The rest after {@code token} is read
 * only (what the environment's addresses are, when KSeF was switched on, the last problem the client met).
 */
record KsefSettingsBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Boolean enabled,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) KsefEnvironment environment,
        @Schema(description = "A new KSeF token from the KSeF portal; left out: the stored one stays") String token,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY) Boolean tokenSet,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY) Instant enabledAt,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY) String apiUrl,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY) String qrUrl,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY, description = "When KSeF last answered") Instant lastContactAt,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY,
                description = "The last problem met, as a message code (ksef.problem.*); null when the last contact went well")
        String lastProblem,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY) Instant lastProblemAt,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY, description = "Since when KSeF has not answered") Instant unavailableSince,
        Integer version) {

    static KsefSettingsBody of(KsefSettings s, KsefAccount.LastContact last) {
        return new KsefSettingsBody(s.enabled(), s.environment(), null, s.tokenSet(), s.enabledAt(),
                s.environment().apiUrl(), s.environment().qrUrl(), last.at(), last.problem(), last.problemAt(),
                last.unavailableSince(),
                s.version());
    }
}
