package app.klient.search;

import java.util.Set;

/**
 * What to search for: the text as the user typed it, the kinds wanted (all when empty) and how many records of each
 * kind to return at most.
 */
public record SearchRequest(String text, Set<SearchKind> kinds, int limit) {

    public SearchRequest {
        kinds = kinds == null || kinds.isEmpty() ? Set.of(SearchKind.values()) : Set.copyOf(kinds);
    }
}
