package app.klient.search;

/**
 * Finds records of every kind by fragments of their names, e-mails, phones, tax ids and numbers. The one seam where
 * another engine (OpenSearch) may replace PostgreSQL: pages, the API and other modules call only this.
 */
public interface GlobalSearch {

    /** The shortest query searched: shorter fragments match too much to be useful or fast. */
    int SHORTEST = 3;

    /** The longest query searched (a name, an e-mail, a number: nobody pastes a paragraph into the box). */
    int LONGEST = 200;

    /**
     * The first {@code request.limit()} records of each kind the signed-in user may see, kinds in the order of
     * {@link SearchKind}; a kind without matches is left out.
     */
    SearchResults search(SearchRequest request);
}
