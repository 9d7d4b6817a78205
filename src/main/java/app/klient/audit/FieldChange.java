package app.klient.audit;

public record FieldChange(String field, String oldValue, String newValue) {
}
