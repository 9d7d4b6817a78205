package app.klient.billing;

public enum PaymentMethod {
    TRANSFER, CASH, CARD
}
