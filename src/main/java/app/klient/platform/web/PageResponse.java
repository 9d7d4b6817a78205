package app.klient.platform.web;

import java.util.List;

import org.springframework.data.domain.Page;

/**
 * The API's list shape: {@code {"items": [...], "total": N, "page": p, "size": s, "totalExact": true}}. A large
 * filter answers {@code totalExact: false} with the total counted up to {@link CountedPage#COUNT_LIMIT}.
 */
public record PageResponse<T>(List<T> items, long total, int page, int size, boolean totalExact) {

    public static <T> PageResponse<T> of(Page<T> page) {
        return new PageResponse<>(page.getContent(), page.getTotalElements(), page.getNumber(), page.getSize(), true);
    }

    public static <T> PageResponse<T> of(CountedPage<T> page) {
        return new PageResponse<>(page.items(), page.total(), page.page(), page.size(), page.exact());
    }
}
