package app.klient.customers;

public enum Channel {
    EMAIL, PHONE, SMS, POST, IN_PERSON, CHAT
}
