package app.klient.search;

import java.util.List;

/** The groups of a search, one per kind with matches, in the order of {@link SearchKind}. */
public record SearchResults(String text, List<SearchGroup> groups) {

    public boolean isEmpty() {
        return groups.isEmpty();
    }
}
