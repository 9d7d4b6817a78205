package app.klient.privacy;

/** Who asked: the person, someone acting for them, an authority, or the company itself (retention, own decision). */
public enum RequestedBy {
    PERSON, REPRESENTATIVE, AUTHORITY, COMPANY
}
