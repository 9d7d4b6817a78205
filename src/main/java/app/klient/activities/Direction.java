package app.klient.activities;

public enum Direction {
    INBOUND, OUTBOUND
}
