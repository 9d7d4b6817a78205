package app.klient.automation;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A rule: when {@link Trigger} happens to a record of {@code recordType} and its {@link Conditions} hold, do the
 * {@link Action}s in order. Made switched off; switched on by an administrator (or a team's manager for their team's
 * records). {@code offReason} says why Klient switched it off by itself (a message key, its argument in
 * {@code offArgument}).
 */
public record Rule(Long id, @NotBlank @Size(max = 200) String name, @Size(max = 1000) String description,
        @NotBlank @Size(max = 30) String recordType, @Valid Trigger trigger, @Valid Conditions conditions,
        @Size(max = 20) List<@Valid Action> actions, Boolean enabled, String offReason, String offArgument,
        Long teamId, String templateKey, Instant createdAt, Integer version) {

    public Rule {
        actions = actions == null ? List.of() : List.copyOf(actions);
        conditions = conditions == null ? Conditions.NONE : conditions;
        description = description == null ? "" : description;
        // what the caller sends is not the switch: that is a transition of its own
        enabled = enabled != null && enabled;
    }

    /** What starts a rule; the options each kind reads are named at the kind. */
    public enum TriggerKind {
        /** A record was created. */
        CREATED(null),
        /** A record was changed (any field but its version). */
        CHANGED(null),
        /** {@code field} changed, optionally from {@code from} and to {@code to}. */
        FIELD_CHANGED(null),
        /** A deal moved to another stage ({@code stageId}: to that one only). */
        STAGE_CHANGED(Set.of("deal")),
        DEAL_WON(Set.of("deal")),
        DEAL_LOST(Set.of("deal")),
        /** A ticket's status changed ({@code to}: to that status only). */
        STATUS_CHANGED(Set.of("ticket")),
        /** A ticket's response or resolution target is about to be missed (the service desk's warning). */
        SLA_WARNING(Set.of("ticket")),
        /** A ticket missed its target. */
        SLA_BREACHED(Set.of("ticket")),
        /** An invoice is unpaid {@code days} days (0: the day) after its due date. */
        INVOICE_OVERDUE(Set.of("invoice")),
        /** A lead came in through a web form ({@code formId}: that form only). */
        FORM_SUBMITTED(Set.of("lead")),
        /** A survey was answered ({@code surveyId}: that survey only). */
        SURVEY_ANSWERED(Set.of("survey_response")),
        /** A contact was added to a list ({@code segmentId}: that one only). */
        SEGMENT_JOINED(Set.of("contact")),
        SEGMENT_LEFT(Set.of("contact")),
        /** An e-mail came in. */
        EMAIL_RECEIVED(Set.of("email")),
        /** The date in {@code field} is {@code days} days away (negative: before it, e.g. -30 for a month before). */
        DATE_REACHED(null),
        /** Every day, week ({@code weekday} 1–7) or month (on the 1st), at {@code hour}: for every matching record. */
        SCHEDULE(null);

        private final Set<String> recordTypes;

        TriggerKind(Set<String> recordTypes) {
            this.recordTypes = recordTypes;
        }

        /** Whether the kind applies to that kind of record. */
        public boolean appliesTo(String recordType) {
            return recordTypes == null || recordTypes.contains(recordType);
        }

        /** Whether it fires on the clock (a scan), not on a change. */
        public boolean timed() {
            return this == INVOICE_OVERDUE || this == DATE_REACHED || this == SCHEDULE;
        }
    }

    /** A trigger and its options (those its kind does not read are ignored). */
    public record Trigger(TriggerKind kind, @Size(max = 60) String field, @Size(max = 200) String from,
            @Size(max = 200) String to, Integer days, Long stageId, Long formId, Long surveyId, Long segmentId,
            @Size(max = 5) String every, Integer weekday, Integer hour) {

        public static Trigger of(TriggerKind kind) {
            return new Trigger(kind, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * Conditions: all ({@code match} ALL) or any (ANY) of the items hold. An item is a comparison on a field ({@code
     * field}, {@code op}, {@code value}; the operators of reports, and CHANGED: the change set the field, from {@code
     * from} and to {@code to} when given), or a group of its own ({@code match} and {@code items}).
     */
    public record Conditions(@Size(max = 3) String match, @Size(max = 30) List<@Valid Condition> items) {

        public static final Conditions NONE = new Conditions("ALL", List.of());

        public Conditions {
            match = match == null || match.isBlank() ? "ALL" : match;
            items = items == null ? List.of() : List.copyOf(items);
        }

        public boolean any() {
            return "ANY".equals(match);
        }

        public Conditions tidy() {
            return new Conditions(match, items.stream().map(Condition::tidy).toList());
        }
    }

    public record Condition(@Size(max = 60) String field, @Size(max = 12) String op, @Size(max = 200) String value,
            @Size(max = 200) String from, @Size(max = 200) String to, @Size(max = 3) String match,
            @Size(max = 30) List<@Valid Condition> items) {

        public static Condition on(String field, String op, String value) {
            return new Condition(field, op, value, null, null, null, null);
        }

        public boolean group() {
            return items != null;
        }

        public Conditions asGroup() {
            return new Conditions(match, items);
        }

        /** The condition with only what its operator reads: a value another operator left behind is dropped. */
        public Condition tidy() {
            if (group()) {
                return new Condition(null, null, null, null, null, asGroup().match(),
                        items.stream().map(Condition::tidy).toList());
            }
            return switch (op == null ? "" : op) {
                case "CHANGED" -> new Condition(field, op, null, from, to, null, null);
                case "EMPTY", "NOT_EMPTY" -> new Condition(field, op, null, null, null, null, null);
                default -> new Condition(field, op, value, null, null, null, null);
            };
        }
    }

    /**
     * An action and its options: {@code who} (OWNER, CUSTOMER, USER with {@code userId}, TEAM with {@code teamId}),
     * {@code text} (a task's title, a ticket's subject, a notice), {@code template} (an e-mail template's name),
     * {@code field}/{@code value} (set a field; {@code value} is also a tag), {@code amount}/{@code unit} (HOURS or
     * DAYS: a wait, a task's due day), {@code segmentId} (a list), {@code subscriptionId} (a webhook),
     * {@code priority}.
     */
    public record Action(@Size(max = 20) String type, @Size(max = 10) String who, Long userId, Long teamId,
            @Size(max = 500) String text, @Size(max = 100) String template, @Size(max = 60) String field,
            @Size(max = 200) String value, Integer amount, @Size(max = 5) String unit, Long segmentId,
            Long subscriptionId, @Size(max = 6) String priority) {

        /**
         * The action with only the options its type reads: what the editor kept from another type (a template on a
         * webhook, a person for "the customer") is dropped, so a rule read back is what its maker built.
         */
        public Action tidy() {
            Long user = "USER".equals(who) ? userId : null;
            Long team = "TEAM".equals(who) ? teamId : null;
            return switch (type == null ? "" : type) {
                case "SEND_EMAIL" -> new Action(type, who, user, null, null, template, null, null, null, null, null,
                        null, null);
                case "CREATE_TASK" -> new Action(type, who, user, null, text, null, null, null, amount, null, null,
                        null, priority);
                case "CREATE_TICKET" -> new Action(type, null, null, teamId, text, null, null, null, null, null, null,
                        null, priority);
                case "ASSIGN" -> new Action(type, who, user, team, null, null, null, null, null, null, null, null,
                        null);
                case "SET_FIELD" -> new Action(type, null, null, null, null, null, field, value, null, null, null,
                        null, null);
                case "ADD_TAG", "REMOVE_TAG" -> new Action(type, null, null, null, null, null, null, value, null, null,
                        null, null, null);
                case "ADD_TO_LIST" -> new Action(type, null, null, null, null, null, null, null, null, null, segmentId,
                        null, null);
                case "NOTIFY" -> new Action(type, who, user, team, text, null, null, null, null, null, null, null,
                        null);
                case "WEBHOOK" -> new Action(type, null, null, null, null, null, null, null, null, null, null,
                        subscriptionId, null);
                case "WAIT" -> new Action(type, null, null, null, null, null, null, null, amount, unit, null, null,
                        null);
                default -> this;
            };
        }
    }
}
