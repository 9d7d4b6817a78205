package app.klient.platform.web;

import java.util.List;

import org.springframework.data.domain.Page;

/** The API's list shape: {@code {"items": [...], "total": N, "page": p, "size": s}}. */
public record PageResponse<T>(List<T> items, long total, int page, int size) {

    public static <T> PageResponse<T> of(Page<T> page) {
        return new PageResponse<>(page.getContent(), page.getTotalElements(), page.getNumber(), page.getSize());
    }
}
