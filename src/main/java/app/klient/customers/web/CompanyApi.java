package app.klient.customers.web;

import tools.jackson.databind.JsonNode;
import org.springframework.web.bind.annotation.PatchMapping;
import app.klient.platform.web.MergePatch;
import java.util.Map;

import app.klient.customers.Companies;
import app.klient.customers.CompanyForm;
import app.klient.customers.CompanyRow;
import app.klient.customers.CompanyView;
import app.klient.customers.CustomerExport;
import app.klient.identity.Permission;
import app.klient.platform.export.Downloads;
import app.klient.customers.CustomerQuery;
import app.klient.customers.Timeline;
import app.klient.customers.TimelinePage;
import app.klient.customers.internal.CustomerLists;
import app.klient.platform.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
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
@RequestMapping("/api/v1/companies")
@Tag(name = "Companies")
class CompanyApi {

    private final Companies companies;
    private final Timeline timeline;
    private final CustomerExport export;
    private final MergePatch mergePatch;

    private final app.klient.customers.duplicates.DuplicateFinder duplicates;

    CompanyApi(Companies companies, Timeline timeline, CustomerExport export, MergePatch mergePatch,
            app.klient.customers.duplicates.DuplicateFinder duplicates) {
        this.duplicates = duplicates;
        this.mergePatch = mergePatch;
        this.export = export;
        this.companies = companies;
        this.timeline = timeline;
    }

    @Operation(summary = "List companies. Filters: q (quick search), owner (id, me, none), tag, stage, country, city, "
            + "createdFrom/createdTo/updatedFrom/updatedTo (dates), cf.<key>=<value> for custom fields; "
            + "sort=name|createdAt|updatedAt[,asc|desc]")
    @GetMapping
    PageResponse<CompanyRow> list(@Valid @ModelAttribute CustomerQuery query,
            @Parameter(hidden = true) @RequestParam Map<String, String> all,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort,
            @Parameter(description = "the next page: the 'next' cursor of the page before") @RequestParam(required = false) String after,
            @Parameter(description = "the page before: the 'previous' cursor of the page after") @RequestParam(required = false) String before) {
        return PageResponse.of(companies.list(ListParameters.query(query, all),
                ListParameters.page(page, size, sort, CustomerLists.COMPANY_SORTS), after, before));
    }

    @Operation(summary = "The filtered list as a file: format=csv (UTF-8 with a byte order mark), xlsx"
            + ""
            + "; custom fields as columns, headers in the reader's language, cells that would start a formula "
            + "neutralized; the same filters as the list; audited with the row count")
    @GetMapping(value = "/export", produces = { "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" })
    void export(@Valid @ModelAttribute CustomerQuery query,
            @Parameter(description = "csv (default) or xlsx") @RequestParam(required = false) String format,
            @Parameter(hidden = true) @RequestParam Map<String, String> all,
            jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        Downloads.api(response, "companies", format, () -> {
            Permission.EXPORT_CUSTOMERS.check();
            ListParameters.query(query, all); // a segment it refuses is a 400 before any header
        }, (chosen, out) -> export.companies(ListParameters.query(query, all), chosen, out));
    }

    @Operation(summary = "Read one company.")
    @GetMapping("/{id}")
    CompanyView get(@PathVariable long id) {
        return companies.get(id);
    }

    @Operation(summary = "Add a company. One that looks like an existing company (the same tax id, e-mail or phone, "
            + "a name alike) answers 409 with the look-alikes in 'candidates'; send force=true to add it anyway.")
    @PostMapping
    ResponseEntity<CompanyView> create(@Valid @RequestBody CompanyForm form,
            @Parameter(description = "add it even if it looks like an existing company")
            @RequestParam(defaultValue = "false") boolean force) {
        if (!force) {
            duplicates.refuseLookalikes(form);
        }
        CompanyView created = companies.create(form);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/companies/" + created.id())
                .body(created);
    }

    @Operation(summary = "Change a company; send the version you read, a stale one answers 409")
    @PutMapping("/{id}")
    CompanyView update(@PathVariable long id, @Valid @RequestBody CompanyForm form) {
        return companies.update(id, form);
    }

    @Operation(summary = "Change some fields of a company: a JSON Merge Patch (RFC 7396) with the version you read; "
            + "fields left out keep their values, null clears one.")
    @PatchMapping(value = "/{id}", consumes = { MergePatch.MEDIA_TYPE, "application/json" })
    CompanyView patch(@PathVariable long id, @RequestBody JsonNode patch) {
        return companies.update(id, mergePatch.apply(companies.get(id), patch, CompanyForm.class));
    }

    @Operation(summary = "Delete a company.")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        companies.delete(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "The company's timeline, newest first: notes, changes, and what other modules recorded, "
            + "including entries about its contacts. Page with before=<cursor> from the previous answer.")
    @GetMapping("/{id}/timeline")
    TimelinePage timeline(@PathVariable long id, @RequestParam(required = false) String before,
            @RequestParam(required = false) Integer size) {
        companies.get(id);
        return timeline.ofCompany(id, before, size == null ? 50 : size);
    }
}
