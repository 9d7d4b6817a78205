package app.klient.automation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import app.klient.platform.Phrase;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The ready-made rules Klient ships (migration V115: a deal won, a complaint about a product, a contract's end),
 * switched off until an administrator switches them on. Until someone words them, their name, description and
 * texts are left blank and read from the messages {@code automation.template.<key>.name}, {@code .description} and
 * {@code .action<n>}, in each reader's language: the administrator's in the editor, the assignee's in a task, each
 * person's in a notice.
 */
@Component
public class RuleTemplates {

    private final MessageSource messages;

    RuleTemplates(MessageSource messages) {
        this.messages = messages;
    }

    /** The rule with its blank words filled in {@code locale}, as a template says them. */
    public Rule worded(Rule rule, Locale locale) {
        if (rule.templateKey() == null) {
            return rule;
        }
        String prefix = "automation.template." + rule.templateKey() + ".";
        List<Rule.Action> actions = new ArrayList<>();
        for (int i = 0; i < rule.actions().size(); i++) {
            Rule.Action a = rule.actions().get(i);
            actions.add(blank(a.text()) && messageFor(rule, i) != null ? new Rule.Action(a.type(), a.who(), a.userId(),
                    a.teamId(), say(prefix + "action" + i, locale), a.template(), a.field(), a.value(), a.amount(),
                    a.unit(), a.segmentId(), a.subscriptionId(), a.priority()) : a);
        }
        return new Rule(rule.id(), blank(rule.name()) ? say(prefix + "name", locale) : rule.name(),
                blank(rule.description()) ? say(prefix + "description", locale) : rule.description(),
                rule.recordType(), rule.trigger(), rule.conditions(), actions, rule.enabled(), rule.offReason(),
                rule.offArgument(), rule.teamId(), rule.templateKey(), rule.createdAt(), rule.version());
    }

    /** An action's text in {@code locale}: as written, or the template's. */
    public String text(Rule rule, int index, Locale locale) {
        String written = rule.actions().get(index).text();
        return blank(written) && messageFor(rule, index) != null ? say(messageFor(rule, index), locale) : written;
    }

    /** An action's text worded when read (a notice): as written with {@code {record}} filled in, or the template's. */
    public Phrase.Value phrase(Rule rule, int index, String record) {
        String written = rule.actions().get(index).text();
        return blank(written) && messageFor(rule, index) != null ? Phrase.code(messageFor(rule, index), "")
                : Phrase.text(written == null ? "" : written.replace("{record}", record == null ? "" : record));
    }

    /** The rule's name worded when read. */
    public Phrase.Value name(Rule rule) {
        return blank(rule.name()) && rule.templateKey() != null
                ? Phrase.code("automation.template." + rule.templateKey() + ".name", "") : Phrase.text(rule.name());
    }

    private String messageFor(Rule rule, int index) {
        if (rule.templateKey() == null) {
            return null;
        }
        String key = "automation.template." + rule.templateKey() + ".action" + index;
        return messages.getMessage(key, null, null, Locale.ENGLISH) == null ? null : key;
    }

    private String say(String key, Locale locale) {
        return messages.getMessage(key, null, "", locale);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
