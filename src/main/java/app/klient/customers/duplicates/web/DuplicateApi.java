package app.klient.customers.duplicates.web;

import java.util.List;
import java.util.Map;

import app.klient.customers.Companies;
import app.klient.customers.CompanyView;
import app.klient.customers.ContactView;
import app.klient.customers.Contacts;
import app.klient.customers.CustomerType;
import app.klient.customers.duplicates.DuplicateFinder;
import app.klient.customers.duplicates.DuplicatePair;
import app.klient.customers.duplicates.MergePreview;
import app.klient.customers.duplicates.MergeRequest;
import app.klient.customers.duplicates.Merges;
import app.klient.platform.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The duplicate review queue and merges over the API. Creating a company or contact that looks like an existing
 * one answers 409 with the look-alikes ({@code candidates}) unless sent with {@code ?force=true}: see
 * {@code POST /api/v1/companies} and {@code POST /api/v1/contacts}.
 */
@RestController
@RequestMapping("/api/v1/duplicates")
@Tag(name = "Duplicates")
class DuplicateApi {

    private final DuplicateFinder finder;
    private final Merges merges;
    private final Companies companies;
    private final Contacts contacts;

    DuplicateApi(DuplicateFinder finder, Merges merges, Companies companies, Contacts contacts) {
        this.finder = finder;
        this.merges = merges;
        this.companies = companies;
        this.contacts = contacts;
    }

    @Operation(summary = "Companies that may be one customer, best score first, as the last scan found them")
    @GetMapping("/companies")
    PageResponse<DuplicatePair> companies(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return PageResponse.of(finder.queue(CustomerType.COMPANY, page(page, size)));
    }

    @Operation(summary = "Contacts that may be one person, best score first, as the last scan found them")
    @GetMapping("/contacts")
    PageResponse<DuplicatePair> contacts(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return PageResponse.of(finder.queue(CustomerType.CONTACT, page(page, size)));
    }

    @Operation(summary = "Look through every company for duplicates again; answers how many pairs the queue holds")
    @PostMapping("/companies/scan")
    Map<String, Integer> scanCompanies() {
        return Map.of("pairs", finder.scan(CustomerType.COMPANY));
    }

    @Operation(summary = "Look through every contact for duplicates again; answers how many pairs the queue holds")
    @PostMapping("/contacts/scan")
    Map<String, Integer> scanContacts() {
        return Map.of("pairs", finder.scan(CustomerType.CONTACT));
    }

    @Operation(summary = "Two companies are not one customer: the pair leaves the queue for good")
    @PostMapping("/companies/dismissals")
    ResponseEntity<Void> dismissCompanies(@Valid @RequestBody Pair pair) {
        finder.dismiss(CustomerType.COMPANY, pair.firstId(), pair.secondId());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Two contacts are not one person: the pair leaves the queue for good")
    @PostMapping("/contacts/dismissals")
    ResponseEntity<Void> dismissContacts(@Valid @RequestBody Pair pair) {
        finder.dismiss(CustomerType.CONTACT, pair.firstId(), pair.secondId());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Companies side by side before a merge: each field's values and the default choice")
    @GetMapping("/companies/merge")
    MergePreview previewCompanies(@RequestParam List<Long> ids) {
        return merges.preview(CustomerType.COMPANY, ids);
    }

    @Operation(summary = "Contacts side by side before a merge: each field's values and the default choice")
    @GetMapping("/contacts/merge")
    MergePreview previewContacts(@RequestParam List<Long> ids) {
        return merges.preview(CustomerType.CONTACT, ids);
    }

    @Operation(summary = "Merge companies into the survivor: its contacts, deals, leads, quotes, orders, invoices "
            + "(the buyer data they were issued with stays), activities, tickets, documents, e-mails, loyalty "
            + "accounts and timelines move to it; the others are deleted. 409 when one of them was merged or deleted "
            + "meanwhile, or changed since the versions sent.")
    @PostMapping("/companies/merge")
    CompanyView mergeCompanies(@Valid @RequestBody MergeRequest request) {
        return companies.get(merges.merge(CustomerType.COMPANY, request));
    }

    @Operation(summary = "Merge contacts into the survivor: everything of theirs (deals, leads, documents, consents, "
            + "segments, campaign sends, survey answers, loyalty accounts, tickets, e-mails, timelines) moves to it; "
            + "the others are deleted. 409 as for companies.")
    @PostMapping("/contacts/merge")
    ContactView mergeContacts(@Valid @RequestBody MergeRequest request) {
        return contacts.get(merges.merge(CustomerType.CONTACT, request));
    }

    record Pair(@NotNull Long firstId, @NotNull Long secondId) {
    }

    private static PageRequest page(Integer page, Integer size) {
        return PageRequest.of(page == null || page < 0 ? 0 : Math.min(page, 10_000),
                size == null || size < 1 ? 25 : Math.min(size, 100));
    }
}
