package app.klient.platform.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.data.domain.Page;

/**
 * The API's list shape: {@code {"items": [...], "total": N, "page": p, "size": s, "totalExact": true}}. A filter
 * matching more than {@link CountedPage#COUNT_LIMIT} rows answers {@code totalExact: false} with PostgreSQL's
 * estimate as the total (at least the limit + 1). Lists read
 * with a {@link Keyset} also answer {@code next} and {@code previous}: cursors to send back as {@code after} or
 * {@code before}, which reach any depth as fast as the first page (null at either end).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PageResponse<T>(List<T> items, long total, int page, int size, boolean totalExact, String next,
        String previous) {

    public static <T> PageResponse<T> of(Page<T> page) {
        return new PageResponse<>(page.getContent(), page.getTotalElements(), page.getNumber(), page.getSize(), true,
                null, null);
    }

    public static <T> PageResponse<T> of(CountedPage<T> page) {
        return new PageResponse<>(page.items(), page.total(), page.page(), page.size(), page.exact(), page.next(),
                page.previous());
    }
}
