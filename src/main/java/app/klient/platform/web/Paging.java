package app.klient.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.platform.KlientException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/**
 * Turns {@code page}, {@code size} and {@code sort=field,dir} from a request into a {@link Pageable}, accepting only
 * the sort fields a list declares (API name to property name), so a request cannot sort by a column it should not
 * see or one without an index.
 */
public final class Paging {

    public static final int MAX_SIZE = 200;

    private Paging() {
    }

    public static Pageable of(Integer page, Integer size, String sort, Map<String, String> sortable, Sort fallback) {
        int p = page == null ? 0 : page;
        int s = size == null ? 25 : size;
        if (p < 0 || p > 1_000_000) {
            throw KlientException.invalid("error.page");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw KlientException.invalid("error.size", MAX_SIZE);
        }
        return PageRequest.of(p, s, sort == null || sort.isBlank() ? fallback : parse(sort, sortable, fallback));
    }

    /** A list's address with its filters but without {@code page} or a cursor, ready for {@code page=N}. */
    public static String listBase(String path, String queryString) {
        String rest = filters(queryString);
        return path + "?" + (rest.isEmpty() ? "" : rest + "&");
    }

    /** A list's query string without the paging in it: what an export or a saved view keeps. */
    public static String filters(String queryString) {
        return queryString == null ? "" : java.util.Arrays.stream(queryString.split("&"))
                .filter(p -> !p.isEmpty() && !p.startsWith("page=") && !p.startsWith("after=")
                        && !p.startsWith("before=")).collect(java.util.stream.Collectors.joining("&"));
    }

    private static Sort parse(String sort, Map<String, String> sortable, Sort fallback) {
        List<Sort.Order> orders = new ArrayList<>();
        String[] parts = sort.split(",");
        if (parts.length > 2) {
            throw KlientException.invalid("error.sort", String.join(", ", sortable.keySet()));
        }
        String property = sortable.get(parts[0].strip());
        if (property == null) {
            throw KlientException.invalid("error.sort", String.join(", ", sortable.keySet()));
        }
        String direction = parts.length == 2 ? parts[1].strip().toLowerCase(Locale.ROOT) : "asc";
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw KlientException.invalid("error.sort", String.join(", ", sortable.keySet()));
        }
        orders.add(direction.equals("asc") ? Sort.Order.asc(property) : Sort.Order.desc(property));
        return Sort.by(orders).and(fallback);
    }
}
