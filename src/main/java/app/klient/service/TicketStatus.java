package app.klient.service;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A ticket's way through the service desk: new, worked on (open, or waiting for the customer with the clock
 * stopped), resolved (the survey goes out), closed. A resolved or closed ticket comes back only as reopened (the
 * customer wrote again, or an agent reopens it), never straight to open or waiting; nothing goes back to new.
 */
public enum TicketStatus {
    NEW, OPEN, WAITING, RESOLVED, CLOSED, REOPENED;

    private static final Map<TicketStatus, Set<TicketStatus>> NEXT = Map.of(
            NEW, EnumSet.of(OPEN, WAITING, RESOLVED, CLOSED),
            OPEN, EnumSet.of(WAITING, RESOLVED, CLOSED),
            REOPENED, EnumSet.of(OPEN, WAITING, RESOLVED, CLOSED),
            WAITING, EnumSet.of(OPEN, RESOLVED, CLOSED),
            RESOLVED, EnumSet.of(REOPENED, CLOSED),
            CLOSED, EnumSet.of(REOPENED));

    /** Open for the service targets: the clock runs. */
    public boolean running() {
        return this == NEW || this == OPEN || this == REOPENED;
    }

    public boolean canMoveTo(TicketStatus next) {
        return NEXT.get(this).contains(next);
    }
}
