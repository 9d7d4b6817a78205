package app.klient.platform.backup;

/** A backup or restore that could not be done, with the sentence an operator reads. */
public class BackupException extends RuntimeException {

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
