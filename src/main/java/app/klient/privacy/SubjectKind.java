package app.klient.privacy;

/** What a request names the person by. */
public enum SubjectKind {
    CONTACT, LEAD, EMAIL
}
