package app.klient.marketing.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.customers.ContactCriterion;
import app.klient.marketing.SegmentFilter;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The filter builder of the segment page as plain form fields ({@code match}, {@code groups[0].match}, {@code
 * groups[0].rules[1].criterion|operator|value|days|times}), so it works without JavaScript: buttons named {@code
 * action} add or remove a rule or a group and the page comes back with the change; htmx only makes it quicker.
 */
@Component
public class SegmentBuilder {

    private final SegmentFilters filters;
    private final MessageSource messages;

    SegmentBuilder(SegmentFilters filters, MessageSource messages) {
        this.filters = filters;
        this.messages = messages;
    }

    private static final java.util.regex.Pattern GROUP =
            java.util.regex.Pattern.compile("groups\\[(\\d{1,9})]\\.match");
    private static final java.util.regex.Pattern RULE =
            java.util.regex.Pattern.compile("groups\\[(\\d{1,9})]\\.rules\\[(\\d{1,9})]\\.criterion");

    /**
     * The filter the form fields describe (unknown or missing pieces are kept as given, to be named by the check).
     * Every group and rule the form names is read, in the order of their numbers, however many there are: more
     * than the limits is refused by the check naming the limit, never cut off silently.
     */
    public SegmentFilter read(Map<String, String> form) {
        java.util.SortedMap<Integer, java.util.SortedSet<Integer>> named = new java.util.TreeMap<>();
        for (String key : form.keySet()) {
            java.util.regex.Matcher group = GROUP.matcher(key);
            if (group.matches()) {
                named.computeIfAbsent(Integer.valueOf(group.group(1)), g -> new java.util.TreeSet<>());
            }
        }
        for (String key : form.keySet()) {
            java.util.regex.Matcher rule = RULE.matcher(key);
            if (rule.matches() && named.containsKey(Integer.valueOf(rule.group(1)))) {
                named.get(Integer.valueOf(rule.group(1))).add(Integer.valueOf(rule.group(2)));
            }
        }
        List<SegmentFilter.Group> groups = new ArrayList<>();
        named.forEach((g, ruleNumbers) -> {
            String prefix = "groups[" + g + "].";
            List<SegmentFilter.Rule> rules = new ArrayList<>();
            for (int r : ruleNumbers) {
                String rule = prefix + "rules[" + r + "].";
                rules.add(new SegmentFilter.Rule(blank(form.get(rule + "criterion")), blank(form.get(rule + "operator")),
                        form.get(rule + "value"), number(form.get(rule + "days")), number(form.get(rule + "times"))));
            }
            groups.add(new SegmentFilter.Group(match(form.get(prefix + "match")), rules));
        });
        return new SegmentFilter(match(form.get("match")), groups);
    }

    /**
     * The filter after a builder button: {@code addGroup}, {@code addRule:G}, {@code removeRule:G:R}, {@code
     * removeGroup:G}; a new rule starts with the first criterion and its first operator.
     */
    public SegmentFilter apply(SegmentFilter filter, String action) {
        List<SegmentFilter.Group> groups = new ArrayList<>(filter.groups());
        String[] parts = action == null ? new String[0] : action.split(":");
        try {
            switch (parts.length == 0 ? "" : parts[0]) {
                case "addGroup" -> {
                    if (groups.size() < SegmentFilters.MAX_GROUPS) {
                        groups.add(new SegmentFilter.Group(SegmentFilter.Match.ALL, List.of(fresh())));
                    }
                }
                case "addRule" -> {
                    int g = Integer.parseInt(parts[1]);
                    List<SegmentFilter.Rule> rules = new ArrayList<>(groups.get(g).rules());
                    rules.add(fresh());
                    groups.set(g, new SegmentFilter.Group(groups.get(g).match(), rules));
                }
                case "removeRule" -> {
                    int g = Integer.parseInt(parts[1]);
                    List<SegmentFilter.Rule> rules = new ArrayList<>(groups.get(g).rules());
                    rules.remove(Integer.parseInt(parts[2]));
                    groups.set(g, new SegmentFilter.Group(groups.get(g).match(), rules));
                    if (rules.isEmpty()) {
                        groups.remove(g);
                    }
                }
                case "removeGroup" -> groups.remove(Integer.parseInt(parts[1]));
                default -> {
                    // refresh: the page again with what was chosen
                }
            }
        }
        catch (RuntimeException outOfRange) {
            // a button that names no rule changes nothing
        }
        return new SegmentFilter(filter.match(), groups);
    }

    private SegmentFilter.Rule fresh() {
        ContactCriterion first = filters.criteria().values().iterator().next();
        return new SegmentFilter.Rule(first.key(), first.operators().get(0).name(), "", null, null);
    }

    /** The builder as the page draws it: each rule with its criterion's operators, value input and choices. */
    public View view(SegmentFilter filter, Locale locale) {
        Map<String, ContactCriterion> criteria = filters.criteria();
        List<Option> options = criteria.values().stream()
                .map(c -> new Option(c.key(), label(c, locale), message(c.group(), locale))).toList();
        List<GroupView> groups = new ArrayList<>();
        for (SegmentFilter.Group group : filter.groups()) {
            List<RuleView> rules = new ArrayList<>();
            for (SegmentFilter.Rule rule : group.rules()) {
                ContactCriterion criterion = rule.criterion() == null ? null : criteria.get(rule.criterion());
                List<Option> operators = criterion == null ? List.of() : criterion.operators().stream()
                        .map(o -> new Option(o.name(), message("segment.operator." + o.name(), locale), null))
                        .toList();
                boolean takesValue = criterion != null && criterion.valueType() != ContactCriterion.ValueType.NONE
                        && operatorTakesValue(rule.operator());
                List<Option> choices = criterion == null
                        || criterion.valueType() != ContactCriterion.ValueType.CHOICE ? List.of()
                        : criterion.choices().apply(locale).stream().map(c -> new Option(c.value(), c.label(), null))
                                .toList();
                rules.add(new RuleView(rule, criterion == null ? "TEXT" : criterion.valueType().name(), operators,
                        choices, takesValue, criterion != null && criterion.period(),
                        criterion != null && criterion.counted()));
            }
            groups.add(new GroupView(group.match().name(), rules));
        }
        return new View(filter.match().name(), options, groups);
    }

    private static boolean operatorTakesValue(String operator) {
        try {
            return operator == null || ContactCriterion.Operator.valueOf(operator).takesValue();
        }
        catch (IllegalArgumentException e) {
            return true;
        }
    }

    public String label(ContactCriterion criterion, Locale locale) {
        return criterion.label() != null ? criterion.label().apply(locale) : message(criterion.labelKey(), locale);
    }

    public String label(String messageKey, Locale locale) {
        return message(messageKey, locale);
    }

    private String message(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }

    public record View(String match, List<Option> criteria, List<GroupView> groups) {
    }

    public record GroupView(String match, List<RuleView> rules) {
    }

    public record RuleView(SegmentFilter.Rule rule, String valueType, List<Option> operators, List<Option> choices,
            boolean takesValue, boolean period, boolean counted) {
    }

    /** A choice of a select: value, label and (for criteria) the group it is listed under. */
    public record Option(String value, String label, String group) {
    }

    private static SegmentFilter.Match match(String value) {
        return "ANY".equals(value) ? SegmentFilter.Match.ANY : SegmentFilter.Match.ALL;
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Integer number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        }
        catch (NumberFormatException e) {
            return -1;
        }
    }
}
