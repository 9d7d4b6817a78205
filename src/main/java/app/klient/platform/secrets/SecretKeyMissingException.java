package app.klient.platform.secrets;

/** An external database and no secret key configured. */
public class SecretKeyMissingException extends IllegalStateException {

    SecretKeyMissingException() {
        super("Klient keeps its stored credentials encrypted and needs a secret key with an external database: set"
                + " KLIENT_SECRET_KEY to the base64 of 32 random bytes (openssl rand -base64 32) or"
                + " klient.secret-key-file (KLIENT_SECRET_KEY_FILE) to a file holding it");
    }
}
