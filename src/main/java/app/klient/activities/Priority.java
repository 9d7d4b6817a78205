package app.klient.activities;

public enum Priority {
    LOW, NORMAL, HIGH
}
