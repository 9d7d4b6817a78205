package app.klient.platform.web;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A page of a list whose total is counted only up to a limit: past it, {@code exact} is false and the total is
 * PostgreSQL's estimate of the filter's rows (never below the limit), shown as "about 24,000". Counting every row of
 * a million-row filter would make the list slow for a number nobody reads to the last digit.
 */
public record CountedPage<T>(List<T> items, long total, boolean exact, int page, int size, String next,
        String previous, boolean keyed) {

    /** Totals up to this are counted row by row; reading 1,001 matches costs a few milliseconds at most. */
    public static final int COUNT_LIMIT = 1_000;

    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\":\\s*([0-9.e+]+)");

    /**
     * The page of {@code rows} with its total: the rows themselves when the first page is not full, else a count of
     * {@code fromAndWhere} that stops past {@link #COUNT_LIMIT}, and past it the planner's estimate.
     */
    public static <T> CountedPage<T> of(List<T> rows, Pageable page, JdbcClient jdbc, String fromAndWhere,
            Map<String, ?> params) {
        long counted = page.getOffset() == 0 && rows.size() < page.getPageSize() ? rows.size()
                : jdbc.sql("select count(*) from (select 1 " + fromAndWhere + " limit " + (COUNT_LIMIT + 1)
                        + ") counted").params(params).query(Long.class).single();
        boolean exact = counted <= COUNT_LIMIT;
        long total = exact ? counted : Math.max(counted, estimate(jdbc, fromAndWhere, params));
        return new CountedPage<>(rows, total, exact, page.getPageNumber(), page.getPageSize(), null, null, false);
    }

    /** The rows PostgreSQL's planner expects {@code fromAndWhere} to match, from its statistics (no rows read). */
    private static long estimate(JdbcClient jdbc, String fromAndWhere, Map<String, ?> params) {
        String plan = String.join("", jdbc.sql("explain (format json) select 1 " + fromAndWhere).params(params)
                .query(String.class).list());
        Matcher rows = PLAN_ROWS.matcher(plan);
        return rows.find() ? (long) Double.parseDouble(rows.group(1)) : 0;
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
