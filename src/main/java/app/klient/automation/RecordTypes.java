package app.klient.automation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds of record rules act on, as the change capture names them (V112), with what the engine needs of each:
 * its table, the report subject whose fields its conditions read (one field catalogue for reports and rules), who
 * owns it, its customer (person and company), a name to show, its page, and the custom fields and tags it has.
 */
public final class RecordTypes {

    /**
     * One kind of record. The SQL expressions read its row as {@code x}. {@code contactSql}, {@code companySql} or
     * {@code ownerSql} is null when the kind has none.
     */
    public record RecordType(String id, String table, String subject, String ownerSql, String contactSql,
            String companySql, String labelSql, String link, String customEntity, boolean tagged) {

        /** The page of a record of this kind, or null when it has none of its own. */
        public String linkTo(long id) {
            return link == null ? null : link.formatted(id);
        }
    }

    private static final String PERSON = "nullif(trim(concat_ws(' ', x.first_name, x.last_name)), '')";
    private static final Map<String, RecordType> ALL = new LinkedHashMap<>();

    static {
        add(new RecordType("company", "companies", "companies", "x.owner_id",
                "(select c.id from contacts c where c.company_id = x.id order by c.id limit 1)", "x.id", "x.name",
                "/companies/%d", "COMPANY", true));
        add(new RecordType("contact", "contacts", "contacts", "x.owner_id", "x.id", "x.company_id", PERSON,
                "/contacts/%d", "CONTACT", true));
        add(new RecordType("lead", "leads", "leads", "x.owner_id", "x.contact_id", "x.company_id",
                "coalesce(" + PERSON + ", x.company_name, x.email)", "/leads/%d", null, false));
        add(new RecordType("deal", "deals", "deals", "x.owner_id",
                "(select dc.contact_id from deal_contacts dc where dc.deal_id = x.id order by dc.contact_id limit 1)", "x.company_id", "x.name", "/deals/%d", null, false));
        add(new RecordType("quote", "quotes", "quotes", "x.owner_id", "x.contact_id", "x.company_id",
                "'#' || x.root_id || '/' || x.revision", "/quotes/%d", null, false));
        add(new RecordType("order", "orders", "orders", "x.owner_id", "x.contact_id", "x.company_id", "x.number",
                "/orders/%d", null, false));
        add(new RecordType("invoice", "invoices", "invoices", "x.owner_id", "x.contact_id", "x.company_id",
                "x.number", "/invoices/%d", null, false));
        add(new RecordType("ticket", "tickets", "tickets", "x.assignee_id", "x.contact_id", "x.company_id",
                "x.number || ' ' || x.subject", "/tickets/%d", null, false));
        add(new RecordType("activity", "activities", "activities", "x.owner_id", "x.contact_id", "x.company_id",
                "x.subject", null, null, false));
        add(new RecordType("task", "tasks", "tasks", "x.assignee_id", "x.contact_id", "x.company_id", "x.title",
                "/tasks/%d", null, false));
        // an e-mail has no owner of its own: its customer's owner answers for it (the person's, else the company's)
        add(new RecordType("email", "emails", "emails", "coalesce((select c.owner_id from contacts c where c.id ="
                + " x.contact_id), (select co.owner_id from companies co where co.id = x.company_id))",
                "x.contact_id", "x.company_id", "x.subject",
                "/emails/%d", null, false));
        add(new RecordType("survey_response", "survey_responses", "surveyAnswers", "x.agent_id", "x.contact_id",
                "x.company_id", "(select s.name from surveys s where s.id = x.survey_id)",
                "/surveys/results/responses/%d", null, false));
    }

    private RecordTypes() {
    }

    private static void add(RecordType type) {
        ALL.put(type.id(), type);
    }

    public static List<RecordType> all() {
        return List.copyOf(ALL.values());
    }

    public static Optional<RecordType> find(String id) {
        return Optional.ofNullable(id == null ? null : ALL.get(id));
    }
}
