package app.klient.customers.duplicates;

import java.util.List;
import java.util.Map;

import app.klient.customers.CustomerType;

/**
 * What a merge of these records would choose from: each record's value of each field that has one survivor
 * ({@code fields}, shown as text), the choice Klient makes when told nothing ({@code defaults}: field → record id),
 * and the fields that are joined rather than chosen.
 */
public record MergePreview(CustomerType kind, List<Side> records, List<String> fields, Map<String, Long> defaults,
        List<String> joined) {

    public record Side(long id, String name, int version, Map<String, String> values) {
    }
}
