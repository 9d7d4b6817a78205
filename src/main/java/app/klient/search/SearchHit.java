package app.klient.search;

/**
 * One record found: what it is called and a line that tells it apart from others of the same name (an e-mail, a
 * tax id, a customer), with its page.
 */
public record SearchHit(SearchKind kind, long id, String title, String detail, String link) {
}
