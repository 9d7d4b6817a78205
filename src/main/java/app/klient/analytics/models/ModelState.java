package app.klient.analytics.models;

/** Where a model version stands: requested, being trained, in use, replaced, refused, short of data, failed. */
public enum ModelState {
    QUEUED, RUNNING, ACTIVE, RETIRED, REFUSED, TOO_LITTLE, FAILED;

    public boolean waiting() {
        return this == QUEUED || this == RUNNING;
    }
}
