package app.klient.platform.web;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A page of a list whose total is counted only up to a limit: past it, {@code exact} is false and the total reads
 * "10,000+". Counting every row of a million-row filter would make the list slow for a number nobody reads.
 */
public record CountedPage<T>(List<T> items, long total, boolean exact, int page, int size, String next,
        String previous, boolean keyed) {

    public static final int COUNT_LIMIT = 10_000;

    /**
     * The page of {@code rows} with its total: the rows themselves when the first page is not full, else a count of
     * {@code fromAndWhere} that stops at {@link #COUNT_LIMIT}.
     */
    public static <T> CountedPage<T> of(List<T> rows, Pageable page, JdbcClient jdbc, String fromAndWhere,
            Map<String, ?> params) {
        long total = page.getOffset() == 0 && rows.size() < page.getPageSize() ? rows.size()
                : jdbc.sql("select count(*) from (select 1 " + fromAndWhere + " limit " + (COUNT_LIMIT + 1)
                        + ") counted").params(params).query(Long.class).single();
        return new CountedPage<>(rows, Math.min(total, COUNT_LIMIT), total <= COUNT_LIMIT, page.getPageNumber(),
                page.getPageSize(), null, null, false);
    }

    /** The same page read with a {@link Keyset}: its neighbours are reached by these cursors (null: none). */
    public CountedPage<T> withCursors(String nextCursor, String previousCursor) {
        return new CountedPage<>(items, total, exact, page, size, nextCursor, previousCursor, true);
    }

    public boolean hasNext() {
        if (keyed) {
            return next != null;
        }
        return (long) (page + 1) * size < total || (!exact && items.size() == size);
    }

    public boolean hasPrevious() {
        return keyed ? previous != null : page > 0;
    }

    public int totalPages() {
        return (int) Math.max(1, (total + size - 1) / size);
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public <R> CountedPage<R> map(Function<T, R> mapper) {
        return new CountedPage<>(items.stream().map(mapper).toList(), total, exact, page, size, next, previous,
                keyed);
    }
}
