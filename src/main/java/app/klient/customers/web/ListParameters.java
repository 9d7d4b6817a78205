package app.klient.customers.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import app.klient.customers.CustomerQuery;
import app.klient.platform.InvalidFields;
import app.klient.platform.web.Paging;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/** Reads a list's query string: the standard filters, {@code cf.key=value} custom field filters, paging. */
final class ListParameters {

    private ListParameters() {
    }

    /**
     * The filters with the custom field filters. A {@code segment} that is not a contact list's number is refused
     * (400, naming the field): ignoring it would widen the list, its export or the API answer to every contact.
     */
    static CustomerQuery query(CustomerQuery bound, Map<String, String> all) {
        String segment = all.get("segment");
        if (segment != null && !segment.isBlank()
                && (bound.segment() == null || !segment.strip().matches("\\d{1,18}"))) {
            throw new InvalidFields(java.util.List.of(new InvalidFields.FieldError("segment", "segment.badSegment")));
        }
        Map<String, String> custom = new LinkedHashMap<>();
        all.forEach((name, value) -> {
            if (name.startsWith("cf.") && name.length() > 3 && value != null && !value.isBlank()) {
                custom.put(name.substring(3), value);
            }
        });
        return bound.withCustom(custom);
    }

    /** A column header's link: the filters kept, sorted by {@code field}, reversed when it already is. */
    static String sortLink(String path, String queryString, String current, String field) {
        String rest = java.util.Arrays.stream(Paging.filters(queryString).split("&"))
                .filter(p -> !p.isEmpty() && !p.startsWith("sort=")).collect(Collectors.joining("&"));
        String sort = field.equals(current) ? field + ",desc" : field;
        return path + "?" + (rest.isEmpty() ? "" : rest + "&") + "sort=" + sort;
    }

    static Pageable page(Integer page, Integer size, String sort, Map<String, ?> sorts) {
        Map<String, String> names = sorts.keySet().stream().collect(Collectors.toMap(k -> k, k -> k));
        return Paging.of(page, size, sort, names, Sort.by("name"));
    }
}
