package app.klient.customers;

/** A named filter of a list: the query string it stands for, private to its author or shared with everybody. */
public record SavedView(long id, String name, String query, boolean shared, boolean mine) {
}
