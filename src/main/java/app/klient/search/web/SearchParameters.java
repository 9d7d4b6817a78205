package app.klient.search.web;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import app.klient.platform.InvalidFields;
import app.klient.search.SearchKind;
import app.klient.search.SearchRequest;

/** The search's request parameters as the page and the API take them, checked the same way for both. */
final class SearchParameters {

    static final int MOST = 50;

    private SearchParameters() {
    }

    static SearchRequest request(String q, List<String> kinds, Integer limit, int usual) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        Set<SearchKind> wanted = EnumSet.noneOf(SearchKind.class);
        if (kinds != null) {
            for (String id : kinds) {
                if (id == null || id.isBlank()) {
                    continue;
                }
                SearchKind.find(id).ifPresentOrElse(wanted::add,
                        () -> errors.add("kinds", "search.unknownKind", id.length() > 40 ? id.substring(0, 40) : id));
            }
        }
        if (limit != null && (limit < 1 || limit > MOST)) {
            errors.add("limit", "search.limit", 1, MOST);
        }
        errors.throwIfAny();
        return new SearchRequest(q, wanted, limit == null ? usual : limit);
    }
}
