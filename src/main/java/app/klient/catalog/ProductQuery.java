package app.klient.catalog;

import jakarta.validation.constraints.Size;

/** Filters of the product list: a text to look for in SKU and names, a category, and whether retired ones show. */
public record ProductQuery(@Size(max = 100) String q, @Size(max = 100) String category, Boolean includeInactive) {

    public static ProductQuery all() {
        return new ProductQuery(null, null, false);
    }
}
