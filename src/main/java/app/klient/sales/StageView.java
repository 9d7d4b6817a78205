package app.klient.sales;

/**
 * A stage: {@code name} in the reader's language; {@code nameEn} (the name given, read where a language has no
 * translation), {@code namePl} and {@code nameCs} as the administrator wrote them.
 */
public record StageView(long id, String name, String nameEn, String namePl, String nameCs, int position,
        int probability, int version) {
}
