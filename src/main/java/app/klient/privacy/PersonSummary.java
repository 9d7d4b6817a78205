package app.klient.privacy;

import java.util.Map;
import java.util.Set;

/**
 * What Klient holds about a person, before an export or an erasure: the records and strings that identify them,
 * and how many rows each module's table holds about them.
 */
public record PersonSummary(Set<Long> contactIds, Set<Long> leadIds, Set<String> emails, Set<String> phones,
        Set<String> names, Map<String, Integer> rows, int files) {
}
