package app.klient.search;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import app.klient.identity.CurrentUser;
import app.klient.identity.Role;

/**
 * What a signed-in user may find, decided here and nowhere else in search: the same rule as the lists, so search
 * never shows a record its list would hide. Today every role reads every one of these lists (the authorization
 * matrix: {@code GET /companies ... everyone}); record-level access (issue 23) adds its conditions here, beside
 * the kinds.
 */
public final class Visibility {

    private static final Map<SearchKind, Set<Role>> READERS = new EnumMap<>(SearchKind.class);

    static {
        for (SearchKind kind : SearchKind.values()) {
            READERS.put(kind, Role.ALL);
        }
    }

    private Visibility() {
    }

    /** The roles that read a kind's list, and so find its records. */
    public static Set<Role> readers(SearchKind kind) {
        return READERS.get(kind);
    }

    /** The kinds the signed-in user may find: none for nobody signed in. */
    public static Set<SearchKind> kinds() {
        Set<SearchKind> kinds = EnumSet.noneOf(SearchKind.class);
        CurrentUser.role().ifPresent(role -> READERS.forEach((kind, roles) -> {
            if (roles.contains(role)) {
                kinds.add(kind);
            }
        }));
        return kinds;
    }
}
