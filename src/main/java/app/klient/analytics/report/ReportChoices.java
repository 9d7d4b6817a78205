package app.klient.analytics.report;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.identity.Users;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the builder offers for a condition's value, in the reader's language: a field of fixed codes its values
 * ("Won", "Wygrana"); a person (to those who read everybody's rows), team, pipeline, stage or product their names;
 * and a report's conditions read back as a sentence ("Status is Won"). The definition keeps the codes and ids, so the
 * API takes them as before.
 */
@Component
public class ReportChoices {

    private static final String STAGES = """
            select s.id, p.name || ' · ' || coalesce(case :lang when 'pl' then s.name_pl when 'cs' then s.name_cs end,
                   s.name)
            from stages s join pipelines p on p.id = s.pipeline_id order by p.position, p.id, s.position, s.id
            limit 500""";
    private static final String PRODUCTS = """
            select id, coalesce(case :lang when 'pl' then name_pl when 'cs' then name_cs end, name) as n
            from products order by lower(coalesce(case :lang when 'pl' then name_pl when 'cs' then name_cs end, name)),
            id limit 500""";

    private final JdbcClient jdbc;
    private final MessageSource messages;
    private final Users users;

    ReportChoices(JdbcClient jdbc, MessageSource messages, Users users) {
        this.jdbc = jdbc;
        this.messages = messages;
        this.users = users;
    }

    /** Each field of the subject that has a fixed set of values, with them: value → name. */
    public Map<String, Map<String, String>> of(ReportSubject subject, Locale locale) {
        Map<String, Map<String, String>> choices = new LinkedHashMap<>();
        Map<String, Map<String, String>> lookups = new LinkedHashMap<>();
        for (ReportField f : subject.fields().values()) {
            if (f.type() == ReportField.Type.CODE && !ReportSubjects.values(f).isEmpty()) {
                Map<String, String> values = new LinkedHashMap<>();
                for (String code : ReportSubjects.values(f)) {
                    values.put(code, messages.getMessage(f.valuePrefix() + code, null, code, locale));
                }
                choices.put(f.id(), values);
            }
            else if (f.type() == ReportField.Type.BOOLEAN) {
                Map<String, String> values = new LinkedHashMap<>();
                values.put("true", messages.getMessage("common.yes", null, "yes", locale));
                values.put("false", messages.getMessage("common.no", null, "no", locale));
                choices.put(f.id(), values);
            }
            else if (f.type() == ReportField.Type.REF) {
                String kind = switch (f.id()) {
                    // a salesperson reads only their own rows and is not shown who else works here
                    case "owner", "assignee", "agent", "movedBy" -> CurrentUser.hasRole(Role.SALES) ? null : "people";
                    case "team", "pipeline", "product" -> f.id();
                    case "ownerTeam" -> "team";
                    case "stage", "fromStage", "toStage" -> "stage";
                    default -> null;
                };
                if (kind != null) {
                    choices.put(f.id(), lookups.computeIfAbsent(kind, k -> lookup(k, locale)));
                }
            }
        }
        return choices;
    }

    private Map<String, String> lookup(String kind, Locale locale) {
        Map<String, String> values = new LinkedHashMap<>();
        if (kind.equals("people")) {
            users.activeUsers().forEach(u -> values.put(String.valueOf(u.id()), u.name()));
            return values;
        }
        String sql = switch (kind) {
            case "team" -> "select id, name from teams order by lower(name), id limit 500";
            case "pipeline" -> "select id, name from pipelines order by position, id limit 500";
            case "stage" -> STAGES;
            default -> PRODUCTS;
        };
        var statement = jdbc.sql(sql);
        if (sql.contains(":lang")) {
            statement = statement.param("lang", locale.getLanguage());
        }
        statement.query(rs -> {
            values.put(String.valueOf(rs.getLong(1)), rs.getString(2));
        });
        return values;
    }

    /**
     * The message naming a condition on a field: a date is compared "from", "until", "after" or "before" it, a number
     * or amount "at least", "at most", "more than" or "less than" it; without a field, both wordings.
     */
    public static String opKey(ReportField f, String op) {
        return "report.op." + kind(f) + op;
    }

    private static String kind(ReportField f) {
        if (f == null) {
            return "";
        }
        return switch (f.type()) {
            case DATE -> "date.";
            case NUMBER, MONEY -> "number.";
            default -> "";
        };
    }

    /** For each kind of field ("date.", "number.", "" for the rest), each condition's name in the reader's language. */
    Map<String, Map<String, String>> opNames(List<String> ops, Locale locale) {
        Map<String, Map<String, String>> names = new LinkedHashMap<>();
        for (String kind : List.of("", "date.", "number.")) {
            Map<String, String> named = new LinkedHashMap<>();
            for (String op : ops) {
                String generic = messages.getMessage("report.op." + op, null, op, locale);
                named.put(op, messages.getMessage("report.op." + kind + op, null, generic, locale));
            }
            names.put(kind, named);
        }
        return names;
    }

    /** Each field of the subject with the kind of its conditions' names ("date.", "number." or ""). */
    static Map<String, String> opKinds(ReportSubject subject) {
        Map<String, String> kinds = new LinkedHashMap<>();
        subject.fields().values().forEach(f -> kinds.put(f.id(), kind(f)));
        return kinds;
    }

    /** The report's conditions as its reader reads them: "Status is Won", "Created at is at least 1 Mar 2026". */
    List<String> summary(ReportDefinition definition, ReportSubject subject, Map<String, Map<String, String>> choices,
            Locale locale) {
        List<String> read = new ArrayList<>();
        for (ReportDefinition.Condition c : definition.filters()) {
            ReportField f = subject.field(c.field()).orElse(null);
            if (f == null) {
                continue;
            }
            String op = c.op() == null ? "EQ" : c.op();
            String field = messages.getMessage("report.field." + f.id(), null, f.id(), locale);
            String condition = messages.getMessage(opKey(f, op), null, op, locale);
            if (op.equals("EMPTY") || op.equals("NOT_EMPTY")) {
                read.add(field + " " + condition);
                continue;
            }
            String value = c.value() == null ? "" : c.value().strip();
            String named = choices.getOrDefault(f.id(), Map.of()).get(value);
            if (named == null && (f.type() == ReportField.Type.NUMBER || f.type() == ReportField.Type.MONEY)) {
                try {
                    named = ReportCells.number(new java.math.BigDecimal(value), f.type().name(), locale);
                }
                catch (NumberFormatException e) {
                    named = null;
                }
            }
            if (named == null && f.type() == ReportField.Type.DATE) {
                try {
                    named = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale)
                            .format(LocalDate.parse(value));
                }
                catch (DateTimeParseException e) {
                    named = null;
                }
            }
            read.add(messages.getMessage("report.filter.reads", new Object[] { field, condition,
                    named != null ? named : value }, locale));
        }
        return read;
    }
}
