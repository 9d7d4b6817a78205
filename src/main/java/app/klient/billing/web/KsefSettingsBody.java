package app.klient.billing.web;

import java.time.Instant;

import app.klient.billing.ksef.KsefAccount;
import app.klient.billing.ksef.KsefEndpoint;
import app.klient.billing.ksef.KsefEnvironment;
import app.klient.billing.ksef.KsefSettings;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The company's KSeF settings as the API reads and writes them. {@code token} is only ever sent: a read leaves it
 * out and says {@code tokenSet}; a write without one keeps the stored token. The rest after {@code token} is read
 * only (what the environment's addresses are, when KSeF was switched on, the last problem the client met).
 */
record KsefSettingsBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Boolean enabled,
        // text, not the enum: an unknown name is judged by the settings, which name the field and say what to choose
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"TEST", "DEMO", "PRODUCTION"})
        String environment,
        @Schema(description = "A new KSeF token from the KSeF portal; left out: the stored one stays") String token,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY) Boolean tokenSet,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY) Instant enabledAt,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY,
                description = "The address Klient actually calls: the environment's, or KLIENT_KSEF_API_URL when set")
        String apiUrl,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY,
                description = "KLIENT_KSEF_API_URL when apiUrl comes from that variable, else null")
        String apiUrlFrom,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY) String qrUrl,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY, description = "When KSeF last answered") Instant lastContactAt,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY,
                description = "The last problem met, as a message code (ksef.problem.*); null when the last contact went well")
        String lastProblem,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY) Instant lastProblemAt,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY, description = "Since when KSeF has not answered") Instant unavailableSince,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY, description = "Why the last problem happened: "
                + "CONNECTION_REFUSED, TIMEOUT, NETWORK or HTTP (see lastProblemStatus); null when unknown")
        String lastProblemCause,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY) Integer lastProblemStatus,
        @Schema(accessMode = Schema.AccessMode.READ_ONLY, description = "The address called when the last problem "
                + "happened") String lastProblemUrl,
        Integer version) {

    /** The environment named, or null when it names none (the settings then say what to choose). */
    KsefEnvironment chosenEnvironment() {
        return java.util.Arrays.stream(KsefEnvironment.values()).filter(e -> e.name().equals(environment))
                .findFirst().orElse(null);
    }

    static KsefSettingsBody of(KsefSettings s, KsefAccount.LastContact last, KsefEndpoint endpoint) {
        return new KsefSettingsBody(s.enabled(), s.environment().name(), null, s.tokenSet(), s.enabledAt(),
                endpoint.apiUrl(s.environment()), endpoint.overridden() ? "KLIENT_KSEF_API_URL" : null,
                s.environment().qrUrl(), last.at(), last.problem(), last.problemAt(), last.unavailableSince(),
                last.cause(), last.httpStatus(), last.problemUrl(), s.version());
    }
}
