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
 * when it is saved, so a typo never reaches a customer as an empty gap.
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

    private MergeFields() {
    }

    /** The fields a body names that do not exist, and broken braces as "{{". */
    public static List<String> unknown(String body) {
        Set<String> unknown = new LinkedHashSet<>();
        Matcher m = FIELD.matcher(body);
        while (m.find()) {
            if (!ALL.contains(m.group(1))) {
                unknown.add(m.group(1).isEmpty() ? "{{}}" : m.group(1));
            }
        }
        String rest = FIELD.matcher(body).replaceAll("");
        if (rest.contains("{{") || rest.contains("}}")) {
            unknown.add("{{");
        }
        return new ArrayList<>(unknown);
    }

    /** The body with every field replaced by its value (empty when the record has none). */
    public static String fill(String body, Map<String, String> values) {
        Matcher m = FIELD.matcher(body);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
