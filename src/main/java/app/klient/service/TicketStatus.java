package app.klient.service;

public enum TicketStatus {
    NEW, OPEN, WAITING, RESOLVED, CLOSED, REOPENED;

    /** Open for the service targets: the clock runs. */
    public boolean running() {
        return this == NEW || this == OPEN || this == REOPENED;
    }
}
