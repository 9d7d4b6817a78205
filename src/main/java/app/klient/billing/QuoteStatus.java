package app.klient.billing;

import java.util.EnumSet;
import java.util.Set;

/** A quote is drafted, sent, then accepted or rejected; a changed quote supersedes the revision it changes. */
public enum QuoteStatus {
    DRAFT, SENT, ACCEPTED, REJECTED, SUPERSEDED;

    /** Whether a revision in this status may become {@code next}: the decision is made once, and only while open. */
    public boolean canMoveTo(QuoteStatus next) {
        Set<QuoteStatus> open = EnumSet.of(SENT, ACCEPTED, REJECTED, SUPERSEDED);
        return (this == DRAFT || this == SENT) && open.contains(next);
    }
}
