package app.klient.billing;

/** A quote is drafted, sent, then accepted or rejected; a changed quote supersedes the revision it changes. */
public enum QuoteStatus {
    DRAFT, SENT, ACCEPTED, REJECTED, SUPERSEDED
}
