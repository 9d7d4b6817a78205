package app.klient.marketing;

/** DYNAMIC: membership follows the data through a filter; STATIC: contacts added by hand, import or snapshot. */
public enum SegmentKind {
    DYNAMIC, STATIC
}
