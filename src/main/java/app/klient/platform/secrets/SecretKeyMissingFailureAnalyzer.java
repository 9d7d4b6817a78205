package app.klient.platform.secrets;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a start on an external database without a secret key into a short message instead of a stack trace. */
class SecretKeyMissingFailureAnalyzer extends AbstractFailureAnalyzer<SecretKeyMissingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SecretKeyMissingException cause) {
        return new FailureAnalysis("Klient cannot start: it runs on an external PostgreSQL (SPRING_DATASOURCE_URL) and"
                + " has no secret key to encrypt the credentials it stores (mail passwords, webhook secrets, the KSeF"
                + " token).",
                "Set KLIENT_SECRET_KEY to the base64 of 32 random bytes (openssl rand -base64 32), or"
                        + " KLIENT_SECRET_KEY_FILE to a file holding it, and keep the key safe: without it the stored"
                        + " credentials cannot be read. Every node of one database needs the same key.",
                cause);
    }
}
