package app.klient.automation.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.automation.Rule;
import app.klient.automation.RuleLog;
import app.klient.automation.Rules;
import app.klient.identity.Permission;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.Flash;
import app.klient.platform.web.Paging;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * The automation pages: the rules with what each does in words and how it has been doing, the editor (the editor's
 * script edits the rule as the API's JSON, and a refused field is shown where it is), a test run, the switch, and the
 * log of a rule, of a run and of a record.
 */
@Controller
@RequestMapping("/automation")
class RulePages {

    private final Rules rules;
    private final RuleLog log;
    private final RuleCatalogue catalogue;
    private final RuleWords words;
    private final ObjectMapper json;
    private final MessageSource messages;
    private final app.klient.automation.RuleTemplates templates;
    private final app.klient.automation.RuleFields fields;

    RulePages(Rules rules, RuleLog log, RuleCatalogue catalogue, RuleWords words, ObjectMapper json,
            MessageSource messages, app.klient.automation.RuleTemplates templates,
            app.klient.automation.RuleFields fields) {
        this.fields = fields;
        this.templates = templates;
        this.rules = rules;
        this.log = log;
        this.catalogue = catalogue;
        this.words = words;
        this.json = json;
        this.messages = messages;
    }

    @GetMapping("/rules")
    String list(Model model) {
        Locale locale = LocaleContextHolder.getLocale();
        List<Rule> all = rules.list().stream().map(r -> templates.worded(r, locale)).toList();
        Map<String, Object> names = catalogue.of(locale);
        Map<Long, RuleWords.Read> read = new LinkedHashMap<>();
        all.forEach(r -> read.put(r.id(), words.read(r, names, locale)));
        model.addAttribute("rules", all);
        model.addAttribute("read", read);
        model.addAttribute("summaries", log.summaries(all.stream().map(Rule::id).toList()));
        return "automation/rules";
    }

    @GetMapping("/rules/new")
    String create(@RequestParam(required = false) String type, Model model) {
        Permission.AUTOMATION.check();
        Rule blank = new Rule(null, "", "", type == null ? "deal" : type, null, Rule.Conditions.NONE, List.of(),
                false, null, null, null, null, null, null);
        return editor(blank, json.writeValueAsString(blank), Map.of(), model);
    }

    @PostMapping("/rules")
    String save(@RequestParam(required = false) String rule, Model model, RedirectAttributes redirect) {
        Permission.AUTOMATION.check();
        Rule form = read(rule);
        if (form == null) {
            return editor(null, rule, Map.of("", "automation.editor.unreadable"), model);
        }
        try {
            Rule made = rules.create(form);
            redirect.addFlashAttribute("flash", "automation.rule.created");
            return "redirect:/automation/rules/" + made.id();
        }
        catch (InvalidFields e) {
            return editor(null, rule, errors(e), model);
        }
    }

    @GetMapping("/rules/{id:\\d+}")
    String rule(@PathVariable long id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) String after, @RequestParam(required = false) String before, Model model) {
        Rule rule = templates.worded(rules.get(id), LocaleContextHolder.getLocale());
        model.addAttribute("runs", log.ofRule(id, Paging.of(page, 25, null, Map.of(), Sort.unsorted()), after,
                before));
        model.addAttribute("listBase", "/automation/rules/" + id + "?");
        return editor(rule, json.writeValueAsString(rule), Map.of(), model);
    }

    @PostMapping("/rules/{id:\\d+}")
    String update(@PathVariable long id, @RequestParam(required = false) String rule, Model model,
            RedirectAttributes redirect) {
        Rule current = templates.worded(rules.get(id), LocaleContextHolder.getLocale());
        Rule form = read(rule);
        if (form == null) {
            return editor(current, rule, Map.of("", "automation.editor.unreadable"), model);
        }
        try {
            rules.update(id, form);
            redirect.addFlashAttribute("flash", "automation.rule.saved");
            return "redirect:/automation/rules/" + id;
        }
        catch (InvalidFields e) {
            model.addAttribute("runs", log.ofRule(id, Paging.of(0, 25, null, Map.of(), Sort.unsorted()), null, null));
            model.addAttribute("listBase", "/automation/rules/" + id + "?");
            return editor(current, rule, errors(e), model);
        }
        catch (KlientException e) {
            if (e.status().value() != 409) {
                Flash.error(e, redirect);
                return "redirect:/automation/rules/" + id;
            }
            // someone saved in between: the editor again with what this person wrote, and the warning
            model.addAttribute("flashError", e.messageKey());
            model.addAttribute("runs", log.ofRule(id, Paging.of(0, 25, null, Map.of(), Sort.unsorted()), null, null));
            model.addAttribute("listBase", "/automation/rules/" + id + "?");
            return editor(templates.worded(rules.get(id), LocaleContextHolder.getLocale()), rule, Map.of(), model);
        }
    }

    @PostMapping("/rules/{id:\\d+}/switch")
    String setEnabled(@PathVariable long id, @RequestParam(required = false) String enabled,
            @RequestParam(required = false) String version, RedirectAttributes redirect) {
        try {
            boolean on = "true".equals(enabled);
            rules.setEnabled(id, on, version == null || !version.matches("\\d{1,9}") ? null
                    : Integer.valueOf(version));
            redirect.addFlashAttribute("flash", on ? "automation.rule.on" : "automation.rule.off");
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:/automation/rules/" + id;
    }

    @PostMapping("/rules/{id:\\d+}/delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        rules.delete(id);
        redirect.addFlashAttribute("flash", "automation.rule.deleted");
        return "redirect:/automation/rules";
    }

    /** A test run of the rule as it stands in the editor, saved or not: the page shows it beside the editor. */
    @PostMapping("/rules/test")
    String test(@RequestParam(required = false) String rule, Model model) {
        Permission.AUTOMATION.check();
        Rule form = read(rule);
        if (form == null) {
            model.addAttribute("testErrors", List.of(messages.getMessage("automation.editor.unreadable", null,
                    LocaleContextHolder.getLocale())));
            return "automation/rule :: test";
        }
        try {
            Locale locale = LocaleContextHolder.getLocale();
            model.addAttribute("test", rules.test(form));
            model.addAttribute("testRead", words.read(rules.check(form), catalogue.of(locale), locale));
        }
        catch (InvalidFields e) {
            model.addAttribute("testErrors", errors(e).values());
        }
        return "automation/rule :: test";
    }

    @GetMapping("/runs/{id:\\d+}")
    String run(@PathVariable long id, Model model) {
        RuleLog.RunView run = log.run(id);
        Locale locale = LocaleContextHolder.getLocale();
        Rule rule = templates.worded(rules.getForLog(run.ruleId()), locale);
        model.addAttribute("run", run);
        model.addAttribute("changed", app.klient.automation.RecordTypes.find(run.recordType())
                .map(type -> run.changed().stream().map(field -> fields.label(type, field, locale)).toList())
                .orElse(run.changed()));
        model.addAttribute("rule", rule);
        model.addAttribute("read", words.read(rule, catalogue.of(locale), locale));
        return "automation/run";
    }

    @GetMapping("/runs")
    String ofRecord(@RequestParam(required = false) String type, @RequestParam(required = false) Long id,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) String after,
            @RequestParam(required = false) String before, Model model) {
        Permission.AUTOMATION.check();
        if (type == null || id == null || app.klient.automation.RecordTypes.find(type).isEmpty()) {
            throw KlientException.notFound("automation.record.notFound");
        }
        model.addAttribute("runs", log.ofRecord(type, id, Paging.of(page, 25, null, Map.of(), Sort.unsorted()), after,
                before));
        model.addAttribute("listBase", "/automation/runs?type=" + type + "&id=" + id + "&");
        return "automation/record";
    }

    private String editor(Rule rule, String ruleJson, Map<String, String> errors, Model model) {
        Locale locale = LocaleContextHolder.getLocale();
        Map<String, Object> names = catalogue.of(locale);
        model.addAttribute("rule", rule);
        model.addAttribute("ruleJson", ruleJson);
        model.addAttribute("catalogueJson", json.writeValueAsString(names));
        Map<String, String> shown = new LinkedHashMap<>();
        errors.forEach((field, message) -> shown.put(field, messages.getMessage(message, null, message, locale)));
        model.addAttribute("errorsJson", json.writeValueAsString(shown));
        model.addAttribute("refused", !errors.isEmpty());
        if (rule != null && rule.id() != null) {
            model.addAttribute("read", words.read(rule, names, locale));
            model.addAttribute("deleteEffect", rules.deleteEffect(rule.id()));
            model.addAttribute("offField", rule.offArgument() == null ? null
                    : app.klient.automation.RecordTypes.find(rule.recordType())
                            .map(t -> fields.label(t, rule.offArgument(), locale)).orElse(rule.offArgument()));
        }
        return "automation/rule";
    }

    /** Each refused field with its message in the reader's language. */
    private Map<String, String> errors(InvalidFields e) {
        Locale locale = LocaleContextHolder.getLocale();
        Map<String, String> errors = new LinkedHashMap<>();
        e.errors().forEach(f -> errors.putIfAbsent(f.field(), messages.getMessage(f.messageKey(), f.arguments(),
                f.messageKey(), locale)));
        return errors;
    }

    private Rule read(String rule) {
        if (rule == null || rule.isBlank() || rule.length() > 200_000) {
            return null;
        }
        try {
            return json.readValue(rule, Rule.class);
        }
        catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }
}
