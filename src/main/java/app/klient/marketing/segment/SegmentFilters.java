package app.klient.marketing.segment;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import app.klient.customers.ContactCondition;
import app.klient.customers.ContactCriteria;
import app.klient.customers.ContactCriterion;
import app.klient.customers.ContactCriterion.Operator;
import app.klient.customers.ContactCriterion.ValueType;
import app.klient.marketing.SegmentFilter;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.LongReads;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a segment's filter into SQL over contacts with the criteria every module contributes, checking each rule
 * against its criterion first (so a bad rule is named, never a 500), and runs that SQL with a time limit: a filter
 * the database cannot evaluate answers a translated error.
 */
@Component
public class SegmentFilters {

    public static final int MAX_GROUPS = 20;
    public static final int MAX_RULES = 60;
    public static final int MAX_DAYS = 36_500;

    private final ObjectProvider<ContactCriteria> providers;
    private final JsonMapper json;
    private final JdbcClient jdbc;

    SegmentFilters(ObjectProvider<ContactCriteria> providers, JsonMapper json, JdbcClient jdbc) {
        this.providers = providers;
        this.json = json;
        this.jdbc = jdbc;
    }

    /** Every criterion, by key, in the order of the modules and their lists. */
    public Map<String, ContactCriterion> criteria() {
        Map<String, ContactCriterion> all = new LinkedHashMap<>();
        providers.orderedStream().forEach(p -> p.criteria().forEach(c -> all.put(c.key(), c)));
        return all;
    }

    public SegmentFilter read(String text) {
        try {
            SegmentFilter filter = json.readValue(text, SegmentFilter.class);
            return filter == null ? SegmentFilter.empty() : filter;
        }
        catch (JacksonException e) {
            throw KlientException.invalid("segment.filter.unreadable");
        }
    }

    public String write(SegmentFilter filter) {
        return json.writeValueAsString(filter);
    }

    /** Checks every rule; throws {@link InvalidFields} naming each bad one ({@code groups[0].rules[1].value}). */
    public void check(SegmentFilter filter) {
        compile(filter);
    }

    public ContactCondition compile(SegmentFilter filter) {
        Map<String, ContactCriterion> criteria = criteria();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (filter.groups().size() > MAX_GROUPS) {
            errors.add("groups", "segment.filter.tooManyGroups", MAX_GROUPS);
        }
        if (filter.groups().stream().mapToInt(g -> g.rules().size()).sum() > MAX_RULES) {
            errors.add("groups", "segment.filter.tooManyRules", MAX_RULES);
        }
        errors.throwIfAny();
        ContactCondition.Params params = new ContactCondition.Params("seg");
        List<ContactCondition> groups = new ArrayList<>();
        for (int g = 0; g < filter.groups().size(); g++) {
            SegmentFilter.Group group = filter.groups().get(g);
            List<ContactCondition> rules = new ArrayList<>();
            for (int r = 0; r < group.rules().size(); r++) {
                String field = "groups[" + g + "].rules[" + r + "].";
                String sql = rule(group.rules().get(r), criteria, params, field, errors);
                if (sql != null) {
                    rules.add(new ContactCondition(sql, Map.of()));
                }
            }
            if (!rules.isEmpty()) {
                groups.add(group.match() == SegmentFilter.Match.ANY ? ContactCondition.or(rules)
                        : ContactCondition.and(rules));
            }
        }
        errors.throwIfAny();
        ContactCondition joined = filter.match() == SegmentFilter.Match.ANY && !groups.isEmpty()
                ? ContactCondition.or(groups) : ContactCondition.and(groups);
        return new ContactCondition(joined.sql(), params.values());
    }

    private static String rule(SegmentFilter.Rule rule, Map<String, ContactCriterion> criteria,
            ContactCondition.Params params, String field, InvalidFields.Collector errors) {
        ContactCriterion criterion = rule.criterion() == null ? null : criteria.get(rule.criterion());
        if (criterion == null) {
            errors.add(field + "criterion", "segment.rule.unknownCriterion", String.valueOf(rule.criterion()));
            return null;
        }
        Operator operator = operator(rule.operator());
        if (operator == null || !criterion.operators().contains(operator)) {
            errors.add(field + "operator", "segment.rule.badOperator");
            return null;
        }
        Integer days = rule.days();
        if (criterion.period() && days != null && (days < 1 || days > MAX_DAYS)) {
            errors.add(field + "days", "segment.rule.badDays", MAX_DAYS);
            return null;
        }
        if (!criterion.period()) {
            days = null;
        }
        int times = rule.times() == null || !criterion.counted() ? 1 : rule.times();
        if (times < 1 || times > 10_000) {
            errors.add(field + "times", "segment.rule.badTimes");
            return null;
        }
        ContactCriterion.Value value = operator.takesValue() ? value(criterion, rule.value(), days, field, errors)
                : new ContactCriterion.Value(null, null, null, days);
        if (value == null) {
            return null;
        }
        value = new ContactCriterion.Value(value.text(), value.number(), value.date(), value.days(), times);
        return criterion.sql().where(operator, value, params);
    }

    private static Operator operator(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Operator.valueOf(name.strip().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ContactCriterion.Value value(ContactCriterion criterion, String raw, Integer days, String field,
            InvalidFields.Collector errors) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty() && criterion.valueType() != ValueType.NONE) {
            errors.add(field + "value", "segment.rule.valueRequired");
            return null;
        }
        if (text.length() > 200 || text.indexOf('\0') >= 0) {
            errors.add(field + "value", "segment.rule.badValue");
            return null;
        }
        switch (criterion.valueType()) {
            case NUMBER -> {
                try {
                    BigDecimal number = new BigDecimal(text.replace(',', '.').replace(" ", ""));
                    if (number.abs().compareTo(new BigDecimal("1e15")) > 0) {
                        throw new NumberFormatException();
                    }
                    return new ContactCriterion.Value(null, number, null, days);
                }
                catch (NumberFormatException e) {
                    errors.add(field + "value", "segment.rule.badNumber");
                    return null;
                }
            }
            case DATE -> {
                try {
                    return new ContactCriterion.Value(null, null, LocalDate.parse(text), days);
                }
                catch (DateTimeParseException e) {
                    errors.add(field + "value", "segment.rule.badDate");
                    return null;
                }
            }
            case CHOICE -> {
                boolean known = criterion.choices().apply(Locale.ENGLISH).stream()
                        .anyMatch(c -> c.value().equals(text));
                if (!known) {
                    errors.add(field + "value", "segment.rule.badChoice");
                    return null;
                }
                return new ContactCriterion.Value(text, null, null, days);
            }
            default -> {
                return new ContactCriterion.Value(text, null, null, days);
            }
        }
    }

    /**
     * Runs a query over a segment with a time limit; a filter the database cannot evaluate (too slow, or refused)
     * answers {@code segment.filter.unusable} instead of a 500.
     */
    public <T> T evaluate(Supplier<T> query) {
        LongReads.limit(jdbc, Duration.ofSeconds(60));
        try {
            return query.get();
        }
        catch (DataAccessException e) {
            throw new KlientException(HttpStatus.BAD_REQUEST, "segment.filter.unusable");
        }
    }

    /** The criteria of one group (module) for a builder's list. */
    public static Map<String, List<ContactCriterion>> grouped(Collection<ContactCriterion> criteria) {
        Map<String, List<ContactCriterion>> groups = new LinkedHashMap<>();
        criteria.forEach(c -> groups.computeIfAbsent(c.group(), k -> new ArrayList<>()).add(c));
        return groups;
    }
}
