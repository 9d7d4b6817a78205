package app.klient.automation.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import app.klient.activities.Notifications;
import app.klient.analytics.report.ReportField;
import app.klient.automation.RecordTypes;
import app.klient.automation.RecordTypes.RecordType;
import app.klient.automation.Rule;
import app.klient.automation.RuleFields;
import app.klient.automation.Rules;
import app.klient.automation.webhook.WebhookEvents;
import app.klient.platform.InvalidFields;
import app.klient.platform.Phrase;
import app.klient.platform.web.KlientLocaleResolver;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The enabled rules as the engine reads them, read again whenever a rule, a webhook subscription or a custom field
 * changed (on any node: a signature of them is compared on each pass). Reading them checks each again: a rule whose
 * field no longer exists is switched off, with the field named and its author told, instead of failing run after
 * run. Each read also tells the change capture exactly which kinds of record to write down.
 */
@Component
class RuleSet {

    /** A rule ready to run: its kind of record and, for a field-changed trigger, the column it watches. */
    record Loaded(Rule rule, RecordType type, String column) {
    }

    private final JdbcClient jdbc;
    private final Rules rules;
    private final RuleFields fields;
    private final ChangeQueue queue;
    private final WebhookEvents webhooks;
    private final Notifications notifications;
    private volatile String signature = "";
    private volatile Map<Long, Loaded> loaded = Map.of();

    RuleSet(JdbcClient jdbc, Rules rules, RuleFields fields, ChangeQueue queue, WebhookEvents webhooks,
            Notifications notifications) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.fields = fields;
        this.queue = queue;
        this.webhooks = webhooks;
        this.notifications = notifications;
    }

    /** The enabled rules, read again first if anything they depend on changed. */
    @Transactional
    public List<Loaded> current() {
        String now = jdbc.sql("""
                select concat_ws('|',
                    (select string_agg(id || ':' || version, ',' order by id) from automation_rules where enabled),
                    (select string_agg(id || ':' || version, ',' order by id) from webhook_subscriptions where enabled),
                    (select string_agg(id || ':' || version || ':' || active, ',' order by id)
                     from custom_field_definitions))""").query(String.class).single();
        if (!now.equals(signature)) {
            reload();
            signature = now;
        }
        return List.copyOf(loaded.values());
    }

    Optional<Loaded> find(long ruleId) {
        return Optional.ofNullable(loaded.get(ruleId));
    }

    /** Any node: a rule was saved or switched here; the watch list changes in the same transaction. */
    @EventListener
    void on(Rules.Changed changed) {
        reload();
        // read from the database again on the next pass too: this transaction may still roll back
        signature = "";
    }

    private void reload() {
        Map<Long, Loaded> fresh = new LinkedHashMap<>();
        for (Rule rule : rules.enabled()) {
            RecordType type = RecordTypes.find(rule.recordType()).orElse(null);
            InvalidFields.Collector errors = new InvalidFields.Collector();
            if (type == null) {
                errors.add("recordType", "automation.recordType.unknown");
            }
            else {
                rules.checkContent(rule, type, errors);
            }
            if (!errors.isEmpty()) {
                switchOff(rule, type, errors);
                continue;
            }
            String column = null;
            if (rule.trigger().kind() == Rule.TriggerKind.FIELD_CHANGED) {
                ReportField f = fields.subject(type).field(rule.trigger().field()).orElseThrow();
                column = RuleFields.column(rule.trigger().field(), f).orElseThrow();
            }
            fresh.put(rule.id(), new Loaded(rule, type, column));
        }
        loaded = fresh;
        Set<String> watched = new TreeSet<>(webhooks.watchedRecordTypes());
        for (Loaded l : fresh.values()) {
            if (!l.rule().trigger().kind().timed()) {
                watched.add(TriggerMatch.watchedType(l.rule()));
            }
        }
        if (!watched.equals(new TreeSet<>(queue.watched()))) {
            queue.watchOnly(watched);
        }
    }

    /** Switches a rule off that no longer holds together, saying why, and tells its author. */
    private void switchOff(Rule rule, RecordType type, InvalidFields.Collector errors) {
        String gone = type == null ? null : missingField(rule, type);
        String reason = gone != null ? "automation.off.fieldGone" : "automation.off.invalid";
        String argument = gone != null ? gone : errors.first().map(InvalidFields.FieldError::field).orElse("");
        int changed = jdbc.sql("""
                update automation_rules set enabled = false, off_reason = :reason, off_argument = :argument,
                    updated_at = now(), version = version + 1
                where id = :id and enabled""").param("reason", reason)
                .param("argument", argument).param("id", rule.id()).update();
        Long author = jdbc.sql("select created_by from automation_rules where id = :id").param("id", rule.id())
                .query(Long.class).optional().orElse(null);
        if (changed > 0 && author != null) {
            notifications.notify(author, "automation-off", Phrase.of("automation.notice.off", Phrase.text(rule
                    .name()), gone != null ? label(type, gone) : Phrase.text(argument)), "/automation/rules/"
                    + rule.id(), rule.id());
        }
    }

    /** A field by its label, worded when the notice is read, in the reader's language. */
    private Phrase.Value label(RecordType type, String field) {
        Map<String, String> labels = new HashMap<>();
        for (Locale language : KlientLocaleResolver.SUPPORTED) {
            labels.put(language.getLanguage(), fields.label(type, field, language));
        }
        return Phrase.named(field, labels);
    }

    /** The first field the rule names that its kind of record no longer has (a custom field removed). */
    private String missingField(Rule rule, RecordType type) {
        var subject = fields.subject(type);
        List<String> named = new ArrayList<>();
        if (rule.trigger() != null && rule.trigger().field() != null) {
            named.add(rule.trigger().field());
        }
        ConditionCheck.walk(rule.conditions(), "conditions", 0, (c, name) -> named.add(c.field()), null);
        for (String field : named) {
            if (field != null && subject.field(field).isEmpty()) {
                return field;
            }
        }
        for (Rule.Action a : rule.actions()) {
            if ("SET_FIELD".equals(a.type()) && fields.settable(type, a.field()).isEmpty()) {
                return a.field();
            }
        }
        return null;
    }
}
