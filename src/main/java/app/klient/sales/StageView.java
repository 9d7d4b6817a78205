package app.klient.sales;

public record StageView(long id, String name, int position, int probability, int version) {
}
