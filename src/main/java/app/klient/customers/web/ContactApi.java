package app.klient.customers.web;

import tools.jackson.databind.JsonNode;
import org.springframework.web.bind.annotation.PatchMapping;
import app.klient.platform.web.MergePatch;
import java.util.Map;

import app.klient.customers.Contacts;
import app.klient.customers.ContactForm;
import app.klient.customers.ContactRow;
import app.klient.customers.ContactView;
import app.klient.customers.ContactImport;
import app.klient.customers.CustomerExport;
import app.klient.identity.Permission;
import app.klient.platform.export.Downloads;
import app.klient.platform.export.ExportFormat;
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
@RequestMapping("/api/v1/contacts")
@Tag(name = "Contacts")
class ContactApi {

    private final Contacts contacts;
    private final Timeline timeline;
    private final CustomerExport export;
    private final ContactImport imports;
    private final MergePatch mergePatch;

    private final app.klient.customers.duplicates.DuplicateFinder duplicates;

    ContactApi(Contacts contacts, Timeline timeline, CustomerExport export, ContactImport imports,
            MergePatch mergePatch, app.klient.customers.duplicates.DuplicateFinder duplicates) {
        this.duplicates = duplicates;
        this.mergePatch = mergePatch;
        this.imports = imports;
        this.export = export;
        this.contacts = contacts;
        this.timeline = timeline;
    }

    @Operation(summary = "List contacts. Filters: q (quick search in names, e-mails, phones), owner (id, me, none), "
            + "tag, companyId, country, city, "
            + "createdFrom/createdTo/updatedFrom/updatedTo (dates), cf.<key>=<value> for custom fields; "
            + "sort=name|createdAt|updatedAt[,asc|desc]")
    @GetMapping
    PageResponse<ContactRow> list(@Valid @ModelAttribute CustomerQuery query,
            @Parameter(hidden = true) @RequestParam Map<String, String> all,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort,
            @Parameter(description = "the next page: the 'next' cursor of the page before") @RequestParam(required = false) String after,
            @Parameter(description = "the page before: the 'previous' cursor of the page after") @RequestParam(required = false) String before) {
        return PageResponse.of(contacts.list(ListParameters.query(query, all),
                ListParameters.page(page, size, sort, CustomerLists.CONTACT_SORTS), after, before));
    }

    @Operation(summary = "The filtered list as a file: format=csv (UTF-8 with a byte order mark), xlsx"
            + ", or vcard (vCard 4.0, one card per contact)"
            + "; custom fields as columns, headers in the reader's language, cells that would start a formula "
            + "neutralized; the same filters as the list; audited with the row count")
    @GetMapping(value = "/export", produces = { "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/vcard" })
    void export(@Valid @ModelAttribute CustomerQuery query,
            @Parameter(description = "csv (default), xlsx or vcard (vCard 4.0, one card per contact)") @RequestParam(required = false) String format,
            @Parameter(hidden = true) @RequestParam Map<String, String> all,
            jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        Downloads.api(response, "contacts", format, () -> {
            Permission.EXPORT_CUSTOMERS.check();
            contacts.checkFilter(ListParameters.query(query, all));
        }, (chosen, out) -> export.contacts(ListParameters.query(query, all), chosen, out), ExportFormat.VCARD);
    }

    @Operation(summary = "Import contacts from CSV sent as the body (text/csv, UTF-8; comma or semicolon; headers in "
            + "English, Polish or Czech: firstName, lastName, email, phone, jobTitle, company, street, city, "
            + "postalCode, country, language, tags, owner, consent). Rows with mistakes are skipped and reported by "
            + "line, a second row with the same e-mail and e-mails already in Klient are skipped; checkOnly=true "
            + "stores nothing. Managers, administrators and marketers.")
    @PostMapping(value = "/import", consumes = { "text/csv", "text/plain", "application/octet-stream" })
    ContactImport.Result importCsv(@RequestParam(defaultValue = "false") boolean checkOnly,
            jakarta.servlet.http.HttpServletRequest request) throws java.io.IOException {
        return imports.importCsv(new java.io.BufferedReader(new java.io.InputStreamReader(request.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8), 1 << 16), checkOnly);
    }

    @Operation(summary = "Read one contact.")
    @GetMapping("/{id}")
    ContactView get(@PathVariable long id) {
        return contacts.get(id);
    }

    @Operation(summary = "Add a contact (a person at a company, or a private customer). One that looks like an "
            + "existing contact (the same e-mail or phone, a name alike) answers 409 with the look-alikes in "
            + "'candidates'; send force=true to add it anyway.")
    @PostMapping
    ResponseEntity<ContactView> create(@Valid @RequestBody ContactForm form,
            @Parameter(description = "add it even if it looks like an existing contact")
            @RequestParam(defaultValue = "false") boolean force) {
        if (!force) {
            duplicates.refuseLookalikes(form);
        }
        ContactView created = contacts.create(form);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/contacts/" + created.id())
                .body(created);
    }

    @Operation(summary = "Change a contact; send the version you read, a stale one answers 409")
    @PutMapping("/{id}")
    ContactView update(@PathVariable long id, @Valid @RequestBody ContactForm form) {
        return contacts.update(id, form);
    }

    @Operation(summary = "Change some fields of a contact: a JSON Merge Patch (RFC 7396) with the version you read; "
            + "fields left out keep their values, null clears one.")
    @PatchMapping(value = "/{id}", consumes = { MergePatch.MEDIA_TYPE, "application/json" })
    ContactView patch(@PathVariable long id, @RequestBody JsonNode patch) {
        return contacts.update(id, mergePatch.apply(contacts.get(id), patch, ContactForm.class));
    }

    @Operation(summary = "Delete a contact.")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        contacts.delete(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "The contact's timeline, newest first: notes, changes and what other modules recorded. "
            + "Page with before=<cursor> from the previous answer.")
    @GetMapping("/{id}/timeline")
    TimelinePage timeline(@PathVariable long id, @RequestParam(required = false) String before,
            @RequestParam(required = false) Integer size) {
        contacts.get(id);
        return timeline.ofContact(id, before, size == null ? 50 : size);
    }
}
