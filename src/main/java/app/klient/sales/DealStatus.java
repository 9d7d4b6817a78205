package app.klient.sales;

public enum DealStatus {
    OPEN, WON, LOST
}
