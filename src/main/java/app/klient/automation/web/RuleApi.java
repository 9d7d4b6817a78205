package app.klient.automation.web;

import java.util.List;
import java.util.Map;

import app.klient.automation.Rule;
import app.klient.automation.RuleLog;
import app.klient.automation.Rules;
import app.klient.identity.Permission;
import app.klient.platform.KlientException;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Rules over the API: the same JSON the editor edits, the same checks, the same log. */
@RestController
@Tag(name = "Automation rules")
@RequestMapping("/api/v1/automation")
class RuleApi {

    private final Rules rules;
    private final RuleLog log;
    private final RuleCatalogue catalogue;
    private final app.klient.automation.RuleTemplates templates;

    RuleApi(Rules rules, RuleLog log, RuleCatalogue catalogue, app.klient.automation.RuleTemplates templates) {
        this.templates = templates;
        this.rules = rules;
        this.log = log;
        this.catalogue = catalogue;
    }

    record RuleList(List<Rule> items, long total) {
    }

    /** A switch: on or off, from the version the caller read. */
    record Switch(boolean enabled, Integer version) {
    }

    @Operation(operationId = "listAutomationRules", summary = "The rules the caller may manage (administrators: "
            + "all; managers: their teams')")
    @GetMapping("/rules")
    RuleList list() {
        List<Rule> all = rules.list().stream().map(r -> templates.worded(r, LocaleContextHolder.getLocale()))
                .toList();
        return new RuleList(all, all.size());
    }

    @Operation(operationId = "createAutomationRule", summary = "Make a rule, switched off: {\"name\", "
            + "\"recordType\" (company, contact, lead, deal, quote, order, invoice, ticket, activity, task, email, "
            + "survey_response), \"trigger\": {\"kind\", options}, \"conditions\": {\"match\": \"ALL\"|\"ANY\", "
            + "\"items\": [{\"field\", \"op\", \"value\"} or a group]}, \"actions\": [{\"type\", options}]}; see "
            + "GET /api/v1/automation/catalogue for what each takes. Refused fields are named "
            + "(trigger.field, conditions.items[0].value, actions[1].userId)")
    @PostMapping("/rules")
    ResponseEntity<Rule> create(@Valid @RequestBody Rule form) {
        Rule made = rules.create(form);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/automation/rules/" + made.id())
                .body(made);
    }

    @Operation(operationId = "getAutomationRule", summary = "Read one rule")
    @GetMapping("/rules/{id}")
    Rule get(@PathVariable long id) {
        return templates.worded(rules.get(id), LocaleContextHolder.getLocale());
    }

    @Operation(operationId = "changeAutomationRule", summary = "Replace a rule's name, trigger, conditions and "
            + "actions (version required: 409 when someone saved in between)")
    @PutMapping("/rules/{id}")
    Rule change(@PathVariable long id, @Valid @RequestBody Rule form) {
        return rules.update(id, form);
    }

    @Operation(operationId = "switchAutomationRule", summary = "Switch a rule on or off: {\"enabled\": true, "
            + "\"version\": 3}. A rule is checked again before it is switched on")
    @PostMapping("/rules/{id}/switch")
    Rule setEnabled(@PathVariable long id, @RequestBody Switch change) {
        return rules.setEnabled(id, change.enabled(), change.version());
    }

    @Operation(operationId = "deleteAutomationRule", summary = "Delete a rule and its log")
    @DeleteMapping("/rules/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        rules.delete(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "testAutomationRule", summary = "A test run of a rule as sent (saved or not): how "
            + "many records match its conditions now and the newest 20; nothing is changed")
    @PostMapping("/rules/test")
    Rules.TestRun test(@Valid @RequestBody Rule form) {
        return rules.test(form);
    }

    @Operation(operationId = "listAutomationRuns", summary = "A rule's runs, newest first: the record, the "
            + "outcome, each condition's outcome, the error, how long. Page with after=<next> from the previous "
            + "answer, before=<previous> back.")
    @GetMapping("/rules/{id}/runs")
    PageResponse<RuleLog.RunView> runs(@PathVariable long id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size,
            @Parameter(description = "the next page: the 'next' cursor of the page before") @RequestParam(required = false) String after,
            @Parameter(description = "the page before: the 'previous' cursor of the page after") @RequestParam(required = false) String before) {
        return PageResponse.of(log.ofRule(id, Paging.of(page, size, null, Map.of(), Sort.unsorted()), after, before));
    }

    @Operation(operationId = "getAutomationRun", summary = "One run with what each action did")
    @GetMapping("/runs/{id}")
    RuleLog.RunView run(@PathVariable long id) {
        return log.run(id);
    }

    @Operation(operationId = "listAutomationRunsOfRecord", summary = "What rules did to one record, deleted "
            + "rules' runs too (ruleDeleted): ?recordType=deal&recordId=5; pages as a rule's runs do")
    @GetMapping("/runs")
    PageResponse<RuleLog.RunView> ofRecord(@RequestParam(required = false) String recordType,
            @RequestParam(required = false) Long recordId, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size,
            @Parameter(description = "the next page: the 'next' cursor of the page before") @RequestParam(required = false) String after,
            @Parameter(description = "the page before: the 'previous' cursor of the page after") @RequestParam(required = false) String before) {
        // who may read the log is decided before what was asked is looked at
        Permission.AUTOMATION.check();
        if (app.klient.automation.RecordTypes.find(recordType).isEmpty()) {
            throw KlientException.invalid("automation.recordType.unknown");
        }
        if (recordId == null) {
            throw KlientException.invalid("automation.record.notFound");
        }
        return PageResponse.of(log.ofRecord(recordType, recordId, Paging.of(page, size, null, Map.of(),
                Sort.unsorted()), after, before));
    }

    @Operation(operationId = "getAutomationCatalogue", summary = "What rules can use, in the caller's language: "
            + "each kind of record with its triggers, fields (kind, values), settable fields and actions; people, "
            + "teams, templates, lists, stages, forms, surveys and webhook subscriptions")
    @GetMapping("/catalogue")
    Map<String, Object> catalogue() {
        Permission.AUTOMATION.check();
        return catalogue.of(LocaleContextHolder.getLocale());
    }
}
