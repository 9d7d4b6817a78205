package app.klient.service;

public enum TicketChannel {
    EMAIL, WEB, PHONE, CHAT, API
}
