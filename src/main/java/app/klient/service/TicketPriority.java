package app.klient.service;

public enum TicketPriority {
    LOW, NORMAL, HIGH, URGENT
}
