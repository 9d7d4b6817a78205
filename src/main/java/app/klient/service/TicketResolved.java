package app.klient.service;

/**
 * A ticket was resolved, published in the transaction that resolved it (a listener that writes joins that
 * transaction: the ticket's survey goes out with the resolution or not at all).
 */
public record TicketResolved(long ticketId) {
}
