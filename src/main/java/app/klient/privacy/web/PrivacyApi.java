package app.klient.privacy.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import app.klient.identity.Permission;
import app.klient.platform.KlientException;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import app.klient.privacy.PersonSummary;
import app.klient.privacy.Privacy;
import app.klient.privacy.PrivacyRequestForm;
import app.klient.privacy.PrivacyRequestView;
import app.klient.privacy.RequestKind;
import app.klient.privacy.RetentionPreview;
import app.klient.privacy.RetentionRuleForm;
import app.klient.privacy.RetentionRuleView;
import app.klient.privacy.RetentionRules;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.data.domain.Sort;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Privacy (GDPR)")
@RequestMapping("/api/v1/privacy")
class PrivacyApi {

    private final Privacy privacy;
    private final RetentionRules retention;

    PrivacyApi(Privacy privacy, RetentionRules retention) {
        this.privacy = privacy;
        this.retention = retention;
    }

    /** Before anything of the request is read: others learn nothing, not even whether a person exists. */
    @ModelAttribute
    void administratorsOnly() {
        Permission.PRIVACY.check();
    }

    record RuleList(List<RetentionRuleView> items, long total) {
    }

    record RunResult(long ruleId, int records) {
    }

    @Operation(operationId = "getPrivacyPerson", summary = "What Klient holds about a person, named by exactly one of "
            + "contactId, leadId or email (administrators): the contacts and leads that are the person (also those "
            + "sharing an address), the names, addresses and numbers that identify them, and rows per module's table")
    @GetMapping("/person")
    PersonSummary person(@RequestParam(required = false) Long contactId, @RequestParam(required = false) Long leadId,
            @RequestParam(required = false) String email) {
        return privacy.summary(new PrivacyRequestForm(contactId, leadId, email, null, null, null, null));
    }

    @Operation(operationId = "exportPersonalData", summary = "Right of access and portability: everything Klient "
            + "holds about the person as a ZIP (person.json, a JSON file per table, the stored files), written to the "
            + "register. Body: {\"contactId\" | \"leadId\" | \"email\", \"requestedBy\": PERSON|REPRESENTATIVE|"
            + "AUTHORITY|COMPANY (default PERSON), \"receivedOn\" (default today), \"note\"}")
    @PostMapping(value = "/exports", produces = { "application/zip", MediaType.APPLICATION_PROBLEM_JSON_VALUE })
    ResponseEntity<byte[]> export(@Valid @RequestBody PrivacyRequestForm form) {
        Privacy.Download download = privacy.export(form);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(download.filename(), StandardCharsets.UTF_8).build().toString())
                .header("X-Privacy-Request", String.valueOf(download.requestId()))
                .body(download.zip());
    }

    @Operation(operationId = "erasePerson", summary = "Right to erasure: anonymizes the person in every module in one "
            + "transaction (names, addresses, numbers, free text that names them, e-mail bodies, files), except issued "
            + "invoices, which the law makes the company keep (reported under kept). Body as for an export plus "
            + "\"reason\": CONSENT_WITHDRAWN|NO_LONGER_NEEDED|OBJECTION|UNLAWFUL|LEGAL_OBLIGATION|CHILD (required). "
            + "Answers the register line with the rows changed and kept per table.")
    @PostMapping("/erasures")
    ResponseEntity<PrivacyRequestView> erase(@Valid @RequestBody PrivacyRequestForm form) {
        PrivacyRequestView done = privacy.erase(form);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/privacy/requests/" + done.id())
                .body(done);
    }

    @Operation(operationId = "listPrivacyRequests", summary = "The register of requests, newest first: access, "
            + "erasure and retention runs with who asked, when, on which ground, who carried it out and what it did; "
            + "kind filters")
    @GetMapping("/requests")
    PageResponse<PrivacyRequestView> requests(@RequestParam(required = false) RequestKind kind,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return PageResponse.of(privacy.requests(kind, Paging.of(page, size, null, Map.of(), Sort.unsorted())));
    }

    @Operation(operationId = "getPrivacyRequest", summary = "One line of the register")
    @GetMapping("/requests/{id}")
    PrivacyRequestView request(@PathVariable long id) {
        return privacy.request(id);
    }

    @Operation(operationId = "listRetentionRules", summary = "The retention rules: leads not converted, contacts "
            + "without activity, e-mails; after how many months, what happens (ANONYMIZE, or DELETE where mayDelete), "
            + "on or off, the last run")
    @GetMapping("/retention-rules")
    RuleList rules() {
        List<RetentionRuleView> all = retention.list();
        return new RuleList(all, all.size());
    }

    @Operation(operationId = "getRetentionRule", summary = "One retention rule")
    @GetMapping("/retention-rules/{id}")
    RetentionRuleView rule(@PathVariable long id) {
        return retention.get(id);
    }

    @Operation(operationId = "changeRetentionRule", summary = "Change a rule: {\"months\" (1–1200), \"action\", "
            + "\"enabled\", \"version\"}; 409 when someone changed it meanwhile")
    @PutMapping("/retention-rules/{id}")
    RetentionRuleView change(@PathVariable long id, @RequestBody RetentionRuleForm form) {
        return retention.update(id, form);
    }

    @Operation(operationId = "previewRetentionRule", summary = "What the rule would touch if it ran now: the cutoff, "
            + "how many records and the oldest of them; months tries another value before saving it")
    @GetMapping("/retention-rules/{id}/preview")
    RetentionPreview preview(@PathVariable long id, @RequestParam(required = false) Integer months,
            @RequestParam(required = false) Integer limit) {
        return retention.preview(id, months, limit == null ? 20 : limit);
    }

    @Operation(operationId = "runRetentionRule", summary = "Apply a rule now instead of waiting for the daily job "
            + "(409 when it is off); answers how many records it took away")
    @PostMapping("/retention-rules/{id}/run")
    RunResult run(@PathVariable long id) {
        if (!retention.get(id).enabled()) {
            throw KlientException.conflict("retention.isOff");
        }
        return new RunResult(id, retention.run(id));
    }
}
