package app.klient.marketing;

import java.util.List;

/**
 * A dynamic segment's filter: groups joined by {@code match} (ALL = and, ANY = or), each group's rules joined by its
 * own {@code match}. A rule names a criterion (see {@link app.klient.customers.ContactCriteria}), an operator, a value
 * and, for criteria about what happened, a period in days ({@code null}: ever) and, for counted criteria, how many times at least. Stored as jsonb on the segment.
 */
public record SegmentFilter(Match match, List<Group> groups) {

    public SegmentFilter {
        match = match == null ? Match.ALL : match;
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public enum Match {
        ALL, ANY
    }

    public record Group(Match match, List<Rule> rules) {

        public Group {
            match = match == null ? Match.ALL : match;
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "SegmentRule")
    public record Rule(String criterion, String operator, String value, Integer days, Integer times) {

        public Rule(String criterion, String operator, String value, Integer days) {
            this(criterion, operator, value, days, null);
        }
    }

    public static SegmentFilter empty() {
        return new SegmentFilter(Match.ALL, List.of());
    }
}
