package app.klient.sales.web;

import tools.jackson.databind.JsonNode;
import org.springframework.web.bind.annotation.PatchMapping;
import app.klient.platform.web.MergePatch;
import java.util.List;
import java.util.Map;

import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import app.klient.sales.LeadEventKind;
import app.klient.sales.LeadForm;
import app.klient.sales.LeadImport;
import app.klient.sales.LeadQuery;
import app.klient.sales.LeadRow;
import app.klient.sales.LeadScoring;
import app.klient.sales.LeadSource;
import app.klient.sales.LeadStatus;
import app.klient.sales.LeadView;
import app.klient.sales.Leads;
import app.klient.sales.ScoringRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Leads")
class LeadApi {

    private final Leads leads;
    private final LeadScoring scoring;
    private final LeadImport leadImport;
    private final MergePatch mergePatch;

    LeadApi(Leads leads, LeadScoring scoring, LeadImport leadImport, MergePatch mergePatch) {
        this.mergePatch = mergePatch;
        this.leads = leads;
        this.scoring = scoring;
        this.leadImport = leadImport;
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "LeadStatusChange")
    record Status(@NotNull LeadStatus status, @Size(max = 300) String disqualifiedReason, Integer version) {
    }

    record Convert(Boolean createDeal, Integer version) {
    }

    record Event(@NotNull LeadEventKind kind) {
    }

    @Operation(summary = "Capture a lead (firstName, lastName, email, phone, companyName, companyTaxId, jobTitle, "
            + "message, utmSource, utmMedium, utmCampaign, utmTerm, ownerId, teamId); it is scored at once")
    @PostMapping("/leads")
    ResponseEntity<LeadView> create(@Valid @RequestBody LeadForm form) {
        LeadView created = leads.create(form, LeadSource.API);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/leads/" + created.id())
                .body(created);
    }

    static final Map<String, String> SORTABLE = Map.of("score", "score", "createdAt", "createdAt", "name", "name");

    @Operation(summary = "List leads, best score first. Filters: q, status, ownerId, source, campaign; "
            + "sort=score|createdAt|name[,asc|desc]")
    @GetMapping("/leads")
    PageResponse<LeadRow> list(@Valid @ModelAttribute LeadQuery query, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, @RequestParam(required = false) String sort) {
        return PageResponse.of(leads.list(query,
                Paging.of(page, size, sort, SORTABLE, Sort.by(Sort.Order.desc("score")))));
    }

    @Operation(summary = "Import leads from CSV (UTF-8, header row: firstName, lastName, email, phone, companyName, "
            + "companyTaxId, jobTitle, message, utmSource, utmMedium, utmCampaign, utmTerm); all or nothing")
    @PostMapping(value = "/leads/import", consumes = { "text/csv", "text/plain" })
    LeadImport.Result importCsv(@RequestBody String csv) {
        if (csv.length() > LeadImportLimits.MAX_CHARS) {
            throw new app.klient.platform.KlientException(HttpStatus.PAYLOAD_TOO_LARGE, "error.tooLarge");
        }
        return leadImport.importCsv(csv);
    }

    @Operation(summary = "Read one lead with its score.")
    @GetMapping("/leads/{id}")
    LeadView get(@PathVariable long id) {
        return leads.get(id);
    }

    @Operation(summary = "Change a lead; send the version you read, a stale one answers 409.")
    @PutMapping("/leads/{id}")
    LeadView update(@PathVariable long id, @Valid @RequestBody LeadForm form) {
        return leads.update(id, form);
    }

    @Operation(summary = "Change some fields of a lead: a JSON Merge Patch (RFC 7396) with the version you read; "
            + "fields left out keep their values, null clears one.")
    @PatchMapping(value = "/leads/{id}", consumes = { MergePatch.MEDIA_TYPE, "application/json" })
    LeadView patch(@PathVariable long id, @RequestBody JsonNode patch) {
        return leads.update(id, mergePatch.apply(leads.get(id), patch, LeadForm.class));
    }

    @Operation(summary = "Set the status: NEW, CONTACTED, QUALIFIED or DISQUALIFIED (with disqualifiedReason)")
    @PostMapping("/leads/{id}/status")
    LeadView status(@PathVariable long id, @Valid @RequestBody Status status) {
        return leads.changeStatus(id, status.status(), status.disqualifiedReason(), status.version());
    }

    @Operation(summary = "Record what the lead did (an opened e-mail, a web visit...); the score follows")
    @PostMapping("/leads/{id}/events")
    LeadView event(@PathVariable long id, @Valid @RequestBody Event event) {
        leads.recordEvent(id, event.kind());
        return leads.get(id);
    }

    @Operation(summary = "Convert a qualified lead: {\"createDeal\": true|false, \"version\": n}; answers the ids "
            + "of the contact, "
            + "the company (an existing one is matched by tax id, e-mail domain or name) and the deal")
    @PostMapping("/leads/{id}/convert")
    Leads.Conversion convert(@PathVariable long id, @RequestBody Convert convert) {
        return leads.convert(id, Boolean.TRUE.equals(convert.createDeal()), convert.version());
    }

    @Operation(summary = "List the rules that score leads.")
    @GetMapping("/scoring-rules")
    List<ScoringRule> rules() {
        return scoring.rules();
    }

    @Operation(summary = "Define a scoring rule (administrators): FIELD with field, operator (EQUALS, CONTAINS, "
            + "PRESENT) and value, or EVENT with event; points from -1000 to 1000")
    @PostMapping("/scoring-rules")
    ResponseEntity<ScoringRule> define(@Valid @RequestBody ScoringRule rule) {
        return ResponseEntity.status(HttpStatus.CREATED).body(scoring.define(rule));
    }

    @Operation(summary = "Retire a lead scoring rule (administrators).")
    @DeleteMapping("/scoring-rules/{id}")
    ResponseEntity<Void> retire(@PathVariable long id) {
        scoring.retire(id);
        return ResponseEntity.noContent().build();
    }
}
