package app.klient.search;

import java.util.List;

/** The records of one kind that matched; {@code more} when others matched beyond the limit. */
public record SearchGroup(SearchKind kind, List<SearchHit> hits, boolean more) {
}
