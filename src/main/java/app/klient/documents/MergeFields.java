package app.klient.documents;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The merge fields a template may use, written {@code {{group.field}}}. A template naming any other field is refused
 * when it is saved, so a typo never reaches a customer as an empty gap. A field may name alternatives, the first that
 * has a value wins, and end with a text in double quotes for when none has: {@code {{contact.custom.vocative |
 * contact.firstName | "Vážený zákazníku"}}}. {@code contact.custom.KEY} and {@code company.custom.KEY} are the
 * record's custom fields (a "vocative" custom field on contacts gives Czech letters the right grammatical case).
 */
public final class MergeFields {

    /** Every field, in the order the template editor lists them. */
    public static final List<String> ALL = List.of("today", "user.name", "user.email",
            "seller.name", "seller.legalName", "seller.address", "seller.taxId", "seller.vatId", "seller.bankAccount",
            "seller.email", "seller.phone", "seller.paymentDays",
            "company.name", "company.legalName", "company.address", "company.taxId", "company.vatId",
            "company.registrationNumber", "company.email", "company.website",
            "contact.fullName", "contact.firstName", "contact.lastName", "contact.email", "contact.phone",
            "contact.jobTitle",
            "deal.name", "deal.amount", "deal.currency", "deal.expectedCloseDate", "deal.stage", "deal.owner",
            "order.number", "order.date", "order.netTotal", "order.grossTotal", "order.currency");

    private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
    private static final Pattern CUSTOM = Pattern.compile("(contact|company)\\.custom\\.[A-Za-z][A-Za-z0-9_-]{0,63}");

    private MergeFields() {
    }

    /** A template filled: the text and the fields that had no value and no fallback, so print as blanks. */
    public record Filled(String text, List<String> empty) {
    }

    /** The fields a body names that do not exist, and broken braces or fallbacks as "{{". */
    public static List<String> unknown(String body) {
        Set<String> unknown = new LinkedHashSet<>();
        Matcher m = FIELD.matcher(body);
        while (m.find()) {
            List<String> alternatives = alternatives(m.group(1));
            if (alternatives == null) {
                unknown.add(m.group(1).isEmpty() ? "{{}}" : "{{" + m.group(1) + "}}");
                continue;
            }
            for (int i = 0; i < alternatives.size(); i++) {
                String a = alternatives.get(i);
                boolean literal = a.startsWith("\"");
                if (literal && i < alternatives.size() - 1) {
                    // a text is the last resort: what follows it could never be printed
                    unknown.add("{{" + m.group(1) + "}}");
                }
                else if (!literal && !known(a)) {
                    unknown.add(a);
                }
            }
        }
        String rest = FIELD.matcher(body).replaceAll("");
        if (rest.contains("{{") || rest.contains("}}")) {
            unknown.add("{{");
        }
        return new ArrayList<>(unknown);
    }

    public static boolean known(String field) {
        return ALL.contains(field) || CUSTOM.matcher(field).matches();
    }

    /** The body with every field replaced by its value (its fallback, or empty, when the record has none). */
    public static String fill(String body, Map<String, String> values) {
        return filled(body, values).text();
    }

    /** The body filled, with the fields that print as blanks (each once, in the order they appear). */
    public static Filled filled(String body, Map<String, String> values) {
        Matcher m = FIELD.matcher(body);
        StringBuilder out = new StringBuilder();
        Set<String> empty = new LinkedHashSet<>();
        while (m.find()) {
            List<String> alternatives = alternatives(m.group(1));
            String value = "";
            if (alternatives != null) {
                for (String a : alternatives) {
                    String candidate = a.startsWith("\"") ? a.substring(1, a.length() - 1) : values.get(a);
                    if (candidate != null && !candidate.isBlank()) {
                        value = candidate;
                        break;
                    }
                }
                if (value.isEmpty()) {
                    empty.add(alternatives.get(0));
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return new Filled(out.toString(), new ArrayList<>(empty));
    }

    /**
     * The alternatives inside one pair of braces, split at "|" outside double quotes, each trimmed; texts keep their
     * quotes. Null when the expression is broken (an empty alternative, an unclosed quote).
     */
    static List<String> alternatives(String expression) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == '|' && !quoted) {
                parts.add(current.toString().strip());
                current.setLength(0);
            }
            else {
                current.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        parts.add(current.toString().strip());
        for (String p : parts) {
            boolean literal = p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")
                    && p.indexOf('"', 1) == p.length() - 1;
            if (p.isEmpty() || (p.contains("\"") && !literal)) {
                return null;
            }
        }
        return parts;
    }
}
