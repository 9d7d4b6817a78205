package app.klient.analytics.report;

import static app.klient.analytics.report.ReportField.bool;
import static app.klient.analytics.report.ReportField.code;
import static app.klient.analytics.report.ReportField.date;
import static app.klient.analytics.report.ReportField.money;
import static app.klient.analytics.report.ReportField.number;
import static app.klient.analytics.report.ReportField.ordered;
import static app.klient.analytics.report.ReportField.ref;
import static app.klient.analytics.report.ReportField.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a report can be about, each with the fields it offers. Read-only SQL over the modules' tables (the
 * reporting read model); names shown in the reader's language where records have them ({@code :rLang}).
 */
public final class ReportSubjects {

    private static final String STAGE = "coalesce(case :rLang when 'pl' then %1$s.name_pl when 'cs' then %1$s.name_cs"
            + " end, %1$s.name)";
    /** A stage's place: its pipeline's, then its own in the pipeline (the funnel's order, not the alphabet's). */
    private static final String STAGE_ORDER = "(select array[sp.position, sp.id, so.position, so.id] from stages so"
            + " join pipelines sp on sp.id = so.pipeline_id where so.id = %s)";
    private static final String PRODUCT = "coalesce(case :rLang when 'pl' then %1$s.name_pl when 'cs' then"
            + " %1$s.name_cs end, %1$s.name)";
    private static final String PERSON = "nullif(trim(concat_ws(' ', %1$s.first_name, %1$s.last_name)), '')";

    /** A record's tags as one text, so a condition finds one of them with CONTAINS. */
    private static final String TAGS = "array_to_string(x.tags, ', ')";

    /** The team of the person in {@code %s} (the first, for someone in several), and its name. */
    private static final String OWNER_TEAM = "(select min(ut.team_id) from user_teams ut where ut.user_id = %s)";
    private static final String OWNER_TEAM_NAME = "(select tn.name from teams tn where tn.id = " + OWNER_TEAM + ")";

    private static final Map<String, ReportSubject> ALL = new LinkedHashMap<>();

    /** The values of each kind of code, by the message prefix that names them (the tables' check constraints). */
    private static final Map<String, List<String>> VALUES = Map.ofEntries(
            Map.entry("source.", List.of("CAMPAIGN", "WEB_FORM", "REFERRAL", "IMPORT", "EVENT", "COLD_CALL", "PARTNER",
                    "OTHER")),
            Map.entry("lead.status.", List.of("NEW", "CONTACTED", "QUALIFIED", "DISQUALIFIED", "CONVERTED")),
            Map.entry("deal.status.", List.of("OPEN", "WON", "LOST")),
            Map.entry("quote.status.", List.of("DRAFT", "SENT", "ACCEPTED", "REJECTED", "SUPERSEDED", "EXPIRED")),
            Map.entry("order.status.", List.of("NEW", "CONFIRMED", "FULFILLED", "CANCELLED")),
            Map.entry("ticket.status.", List.of("NEW", "OPEN", "WAITING", "RESOLVED", "CLOSED", "REOPENED")),
            Map.entry("ticket.priority.", List.of("LOW", "NORMAL", "HIGH", "URGENT")),
            Map.entry("report.ticketChannel.", List.of("EMAIL", "WEB", "PHONE", "CHAT", "API")),
            Map.entry("activity.type.", List.of("CALL", "MEETING", "EMAIL", "NOTE", "CHAT", "SMS", "VISIT")),
            Map.entry("loyalty.kind.", List.of("EARNED", "BONUS", "REFERRAL", "REDEEMED", "EXPIRED", "RETURNED",
                    "ADJUSTED")),
            Map.entry("size.", List.of("MICRO", "SMALL", "MEDIUM", "LARGE", "ENTERPRISE")),
            Map.entry("export.invoices.kind.", List.of("INVOICE", "CORRECTION")),
            Map.entry("report.messageState.", List.of("SENT", "NO_CONSENT", "SUPPRESSED", "NO_ADDRESS", "FAILED",
                    "BOUNCED")),
            Map.entry("surveys.kind.", List.of("NPS", "CES", "CSAT", "CUSTOM")));

    static {
        add(ReportSubject.of("companies", """
                companies x left join users o on o.id = x.owner_id left join teams t on t.id = x.team_id""",
                "createdAt", List.of("name", "country", "industry", "owner", "createdAt"),
                text("name", "x.name"), code("country", "x.country", null), text("industry", "x.industry"),
                code("size", "x.size", "size."), code("lifecycleStage", "x.lifecycle_stage", null),
                text("city", "x.billing_city"), ref("owner", "x.owner_id", "o.name"),
                ref("team", "x.team_id", "t.name"), ownerTeam("x.owner_id"), text("tags", TAGS),
                date("createdAt", "x.created_at")));
        add(ReportSubject.of("contacts", """
                contacts x left join users o on o.id = x.owner_id left join companies co on co.id = x.company_id""",
                "createdAt", List.of("name", "company", "country", "owner", "createdAt"),
                text("name", PERSON.formatted("x")), ref("company", "x.company_id", "co.name"),
                code("country", "x.country", null), text("city", "x.city"),
                code("language", "x.preferred_language", null), code("source", "x.source", "source."),
                ref("owner", "x.owner_id", "o.name"), ownerTeam("x.owner_id"), text("tags", TAGS),
                code("companyCountry", "co.country", null),
                text("companyIndustry", "co.industry"), date("birthday", "x.birthday"),
                date("createdAt", "x.created_at")));
        add(ReportSubject.of("leads", """
                leads x left join users o on o.id = x.owner_id left join teams t on t.id = x.team_id""",
                "createdAt", List.of("name", "companyName", "status", "source", "owner", "createdAt"),
                text("name", PERSON.formatted("x")), text("companyName", "x.company_name"),
                code("status", "x.status", "lead.status."), code("source", "x.source", "source."),
                code("country", "x.country", null), number("score", "x.score"),
                money("expectedValue", "x.expected_value", "x.currency", "x.created_at::date"),
                code("utmSource", "x.utm_source", null), code("utmCampaign", "x.utm_campaign", null),
                ref("owner", "x.owner_id", "o.name"), ref("team", "x.team_id", "t.name"),
                date("createdAt", "x.created_at"), date("convertedAt", "x.converted_at")));
        add(ReportSubject.of("deals", """
                deals x left join users o on o.id = x.owner_id left join teams t on t.id = x.team_id
                left join pipelines pi on pi.id = x.pipeline_id left join stages st on st.id = x.stage_id
                left join companies co on co.id = x.company_id""",
                "createdAt", List.of("name", "company", "stage", "status", "amount", "owner", "createdAt"),
                text("name", "x.name"), ref("company", "x.company_id", "co.name"),
                ref("pipeline", "x.pipeline_id", "pi.name"), stage("stage", "x.stage_id", "st"),
                code("status", "x.status", "deal.status."), code("source", "x.source", "source."),
                money("amount", "x.amount", "x.currency", "coalesce(x.closed_at, x.created_at)::date"),
                code("currency", "x.currency", null), text("lostReason", "x.lost_reason"),
                code("companyCountry", "co.country", null), text("companyIndustry", "co.industry"),
                ref("owner", "x.owner_id", "o.name"), ref("team", "x.team_id", "t.name"), ownerTeam("x.owner_id"),
                date("createdAt", "x.created_at"), date("closedAt", "x.closed_at"),
                date("expectedCloseDate", "x.expected_close_date")));
        add(ReportSubject.of("dealStageHistory", """
                deal_stage_history x join deals d on d.id = x.deal_id
                left join stages fs on fs.id = x.from_stage_id left join stages ts on ts.id = x.to_stage_id
                left join pipelines pi on pi.id = d.pipeline_id left join users o on o.id = d.owner_id
                left join users m on m.id = x.moved_by""",
                "movedAt", List.of("deal", "fromStage", "toStage", "movedBy", "movedAt"),
                ref("deal", "x.deal_id", "d.name"), ref("pipeline", "d.pipeline_id", "pi.name"),
                stage("fromStage", "x.from_stage_id", "fs"),
                stage("toStage", "x.to_stage_id", "ts"), code("status", "x.status", "deal.status."),
                ref("owner", "d.owner_id", "o.name"), ref("movedBy", "x.moved_by", "m.name"),
                date("movedAt", "x.moved_at")));
        add(ReportSubject.of("quotes", """
                quotes x left join users o on o.id = x.owner_id left join companies co on co.id = x.company_id""",
                "createdAt", List.of("company", "status", "net", "owner", "createdAt"),
                ref("company", "x.company_id", "co.name"), code("status", "x.status", "quote.status."),
                code("currency", "x.currency", null),
                money("net", "x.net_total", "x.currency", "x.created_at::date"),
                money("gross", "x.gross_total", "x.currency", "x.created_at::date"),
                ref("owner", "x.owner_id", "o.name"), date("createdAt", "x.created_at"),
                date("validUntil", "x.valid_until")));
        add(ReportSubject.of("orders", """
                orders x left join users o on o.id = x.owner_id left join companies co on co.id = x.company_id""",
                "orderedAt", List.of("number", "company", "status", "net", "owner", "orderedAt"),
                text("number", "x.number"), ref("company", "x.company_id", "co.name"),
                code("status", "x.status", "order.status."), code("externalSource", "x.external_source", null),
                code("currency", "x.currency", null),
                money("net", "x.net_total", "x.currency", "x.ordered_at::date"),
                money("gross", "x.gross_total", "x.currency", "x.ordered_at::date"),
                ref("owner", "x.owner_id", "o.name"), date("orderedAt", "x.ordered_at"),
                date("fulfilledAt", "x.fulfilled_at")));
        add(ReportSubject.of("invoiceLines", """
                invoice_lines x join invoices i on i.id = x.invoice_id left join products p on p.id = x.product_id
                left join users o on o.id = i.owner_id left join companies co on co.id = i.company_id""",
                "issueDate", List.of("invoice", "issueDate", "company", "product", "quantity", "net"),
                text("invoice", "i.number"), code("kind", "i.kind", "export.invoices.kind."),
                ref("product", "x.product_id", PRODUCT.formatted("p")), code("category", "p.category", null),
                text("description", "x.description"), number("quantity", "x.quantity"),
                money("net", "x.net_amount", "i.currency", "i.issue_date"), number("taxRate", "x.tax_rate"),
                code("currency", "i.currency", null), code("country", "i.buyer_country", null),
                ref("company", "i.company_id", "co.name"), ref("owner", "i.owner_id", "o.name"),
                date("issueDate", "i.issue_date")));
        add(ReportSubject.of("invoices", """
                invoices x left join users o on o.id = x.owner_id left join companies co on co.id = x.company_id""",
                "issueDate", List.of("number", "company", "issueDate", "dueDate", "gross", "paid"),
                text("number", "x.number"), code("kind", "x.kind", "export.invoices.kind."),
                ref("company", "x.company_id", "co.name"), code("country", "x.buyer_country", null),
                code("currency", "x.currency", null),
                money("net", "x.net_total", "x.currency", "x.issue_date"),
                money("gross", "x.gross_total", "x.currency", "x.issue_date"),
                bool("paid", "x.paid_total >= x.gross_total"), ref("owner", "x.owner_id", "o.name"),
                date("issueDate", "x.issue_date"), date("dueDate", "x.due_date")));
        add(ReportSubject.of("tickets", """
                tickets x left join users a on a.id = x.assignee_id left join teams t on t.id = x.team_id
                left join companies co on co.id = x.company_id left join products p on p.id = x.product_id""",
                "createdAt", List.of("number", "subject", "status", "priority", "assignee", "createdAt"),
                text("number", "x.number"), text("subject", "x.subject"),
                code("status", "x.status", "ticket.status."), code("priority", "x.priority", "ticket.priority."),
                code("category", "x.category", null), code("channel", "x.channel", "report.ticketChannel."),
                ref("assignee", "x.assignee_id", "a.name"), ref("team", "x.team_id", "t.name"),
                ref("company", "x.company_id", "co.name"), ref("product", "x.product_id", PRODUCT.formatted("p")),
                bool("breached", "x.breached"), bool("firstContactResolution", "x.first_contact_resolution"),
                number("usedMinutes", "x.used_minutes"), date("createdAt", "x.created_at"),
                date("resolvedAt", "x.resolved_at")));
        // the owner and the company are the joined rows' keys, not the activity's columns: grouped by a key of the
        // table its name comes from, PostgreSQL groups by the key alone (the name depends on it) and compares a name
        // once a group, not once for each of a million activities; a filter on the key still reaches the activity's
        // index through the join
        add(ReportSubject.of("activities", """
                activities x left join users o on o.id = x.owner_id left join companies co on co.id = x.company_id""",
                "occurredAt", List.of("type", "subject", "company", "owner", "occurredAt"),
                code("type", "x.type", "activity.type."), text("subject", "x.subject"),
                code("direction", "x.direction", null), code("outcome", "x.outcome", null),
                ref("company", "co.id", "co.name"), ref("owner", "o.id", "o.name"),
                number("durationMinutes", "x.duration_minutes"), date("occurredAt", "x.occurred_at")));
        add(ReportSubject.of("tasks", """
                tasks x left join users a on a.id = x.assignee_id left join companies co on co.id = x.company_id""",
                "dueAt", List.of("title", "assignee", "company", "dueAt", "done"),
                text("title", "x.title"), code("priority", "x.priority", "ticket.priority."),
                ref("assignee", "x.assignee_id", "a.name"), ref("company", "x.company_id", "co.name"),
                bool("done", "x.done"), date("dueAt", "x.due_at"), date("createdAt", "x.created_at")));
        add(ReportSubject.of("emails", """
                emails x left join companies co on co.id = x.company_id""",
                "at", List.of("subject", "direction", "from", "company", "at"),
                text("subject", "x.subject"), code("direction", "x.direction", null),
                text("from", "x.from_address"), text("body", "x.body"), ref("company", "x.company_id", "co.name"),
                date("at", "x.at")));
        add(ReportSubject.of("campaignMessages", """
                campaign_recipients x join campaigns c on c.id = x.campaign_id""",
                "sentAt", List.of("campaign", "address", "state", "sentAt", "opened", "clicked"),
                ref("campaign", "x.campaign_id", "c.name"), text("address", "x.address"),
                code("state", "x.state", "report.messageState."), code("language", "x.language", null),
                bool("opened", "x.opened_at is not null"), bool("clicked", "x.clicked_at is not null"),
                date("sentAt", "x.at")));
        add(ReportSubject.of("loyaltyLedger", """
                loyalty_ledger x join loyalty_accounts la on la.id = x.account_id
                join loyalty_programs lp on lp.id = la.program_id left join companies co on co.id = la.company_id
                left join contacts ct on ct.id = la.contact_id""",
                "at", List.of("customer", "program", "kind", "points", "at"),
                ref("program", "la.program_id", "lp.name"),
                text("customer", "coalesce(co.name, " + PERSON.formatted("ct") + ")"),
                code("kind", "x.kind", "loyalty.kind."), number("points", "x.points"),
                code("causeKind", "x.cause_kind", null), date("at", "x.at")));
        add(ReportSubject.of("surveyAnswers", """
                survey_responses x join surveys s on s.id = x.survey_id left join users a on a.id = x.agent_id
                left join teams t on t.id = x.team_id left join companies co on co.id = x.company_id""",
                "answeredAt", List.of("survey", "kind", "score", "company", "answeredAt"),
                ref("survey", "x.survey_id", "s.name"), code("kind", "x.kind", "surveys.kind."),
                number("score", "x.score"),
                code("language", "x.language", null), ref("agent", "x.agent_id", "a.name"),
                ref("team", "x.team_id", "t.name"), ref("company", "x.company_id", "co.name"),
                date("answeredAt", "x.answered_at")));
    }

    private ReportSubjects() {
    }

    /** The owner's team, for a condition on it ("the owner is in the Kraków team"). */
    private static ReportField ownerTeam(String owner) {
        return ref("ownerTeam", OWNER_TEAM.formatted(owner), OWNER_TEAM_NAME.formatted(owner));
    }

    private static ReportField stage(String id, String sql, String alias) {
        return ordered(id, sql, STAGE.formatted(alias), STAGE_ORDER.formatted(sql));
    }

    private static void add(ReportSubject subject) {
        ALL.put(subject.id(), subject);
    }

    public static List<ReportSubject> all() {
        return List.copyOf(ALL.values());
    }

    /** The codes a field takes, each named by the message {@code valuePrefix + code}; none for a free field. */
    public static List<String> values(ReportField field) {
        return field.valuePrefix() == null ? List.of() : VALUES.getOrDefault(field.valuePrefix(), List.of());
    }

    public static Optional<ReportSubject> find(String id) {
        return Optional.ofNullable(id == null ? null : ALL.get(id));
    }
}
