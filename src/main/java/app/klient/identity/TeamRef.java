package app.klient.identity;

public record TeamRef(long id, String name) {
}
