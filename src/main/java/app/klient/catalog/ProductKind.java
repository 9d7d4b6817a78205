package app.klient.catalog;

public enum ProductKind {
    PRODUCT, SERVICE
}
