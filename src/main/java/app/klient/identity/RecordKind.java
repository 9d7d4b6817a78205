package app.klient.identity;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of business record whose reading and changing the administrator rules per role (access_rules). */
public enum RecordKind {
    COMPANY("company", "companies", "owner_id"),
    CONTACT("contact", "contacts", "owner_id"),
    LEAD("lead", "leads", "owner_id"),
    DEAL("deal", "deals", "owner_id"),
    QUOTE("quote", "quotes", "owner_id"),
    ORDER("order", "orders", "owner_id"),
    INVOICE("invoice", "invoices", "owner_id"),
    TICKET("ticket", "tickets", "assignee_id"),
    ACTIVITY("activity", "activities", "owner_id"),
    DOCUMENT("document", "generated_documents", "created_by");

    private final String code;
    private final String table;
    private final String ownerColumn;

    RecordKind(String code, String table, String ownerColumn) {
        this.code = code;
        this.table = table;
        this.ownerColumn = ownerColumn;
    }

    /** As stored and as the API names it: {@code deal}. */
    public String code() {
        return code;
    }

    String table() {
        return table;
    }

    /** The column naming the record's owner: whoever it is "own" to (a ticket's assignee, a document's author). */
    String ownerColumn() {
        return ownerColumn;
    }

    /** The column naming the company the record belongs to, if the kind has one. */
    java.util.Optional<String> companyColumn() {
        return this == COMPANY ? java.util.Optional.empty() : java.util.Optional.of("company_id");
    }

    /** The message key of the kind's name in the plural (record.kind.deal). */
    public String messageKey() {
        return "record.kind." + code;
    }

    public static Optional<RecordKind> of(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
    }
}
