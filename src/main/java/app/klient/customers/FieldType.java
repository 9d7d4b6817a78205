package app.klient.customers;

public enum FieldType {
    TEXT, NUMBER, DATE, CHOICE, MULTI_CHOICE, BOOLEAN, URL;

    public boolean hasOptions() {
        return this == CHOICE || this == MULTI_CHOICE;
    }
}
