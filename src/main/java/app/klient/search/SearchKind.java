package app.klient.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of record global search finds, in the order their groups are shown. */
public enum SearchKind {

    COMPANY("/companies/%d", "/companies"),
    CONTACT("/contacts/%d", "/contacts"),
    LEAD("/leads/%d", "/leads"),
    DEAL("/deals/%d", "/deals/list"),
    QUOTE("/quotes/%d", null),
    ORDER("/orders/%d", null),
    INVOICE("/invoices/%d", "/invoices"),
    TICKET("/tickets/%d", null),
    PRODUCT("/products/%d", "/products");

    private final String page;
    private final String list;

    SearchKind(String page, String list) {
        this.page = page;
        this.list = list;
    }

    /** The name the API and the page's links use: {@code company}, {@code contact}... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String pageOf(long recordId) {
        return page.formatted(recordId);
    }

    /** The kind's list page, which filters by the same {@code q}; null when its list has no search of its own. */
    public String list() {
        return list;
    }

    public static Optional<SearchKind> find(String id) {
        return Arrays.stream(values()).filter(k -> k.id().equalsIgnoreCase(id == null ? "" : id.strip())).findFirst();
    }
}
