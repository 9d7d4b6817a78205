package app.klient.platform.db;

import app.klient.platform.KlientException;
import org.springframework.http.HttpStatus;

/** The record was changed by someone else since the version the caller read: 409, "reload and change it again". */
public class StaleVersion extends KlientException {

    public StaleVersion() {
        super(HttpStatus.CONFLICT, "error.stale");
    }
}
