package app.klient.marketing.consent;

import java.util.List;

import app.klient.identity.OwnedRecords;
import app.klient.identity.Permission;
import app.klient.marketing.Consents;
import app.klient.platform.KlientException;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Consents (history and current state), purposes and the suppression list over the API. */
@RestController
@Tag(name = "Marketing: consent")
@RequestMapping("/api/v1/marketing")
class ConsentApi {

    @Schema(description = "A consent given or withdrawn for a contact (source API); the purpose's wording in the "
            + "contact's preferred language (else English) is recorded with a consent given.")
    record ConsentChange(Long contactId, Long purposeId, String channel, String state, String detail) {
    }

    @Schema(description = "An address to put on the suppression list by hand.")
    record SuppressionForm(String address, String detail) {
    }

    private final ConsentBook book;
    private final Purposes purposes;
    private final Consents consents;
    private final JdbcClient jdbc;

    ConsentApi(ConsentBook book, Purposes purposes, Consents consents, JdbcClient jdbc) {
        this.book = book;
        this.purposes = purposes;
        this.consents = consents;
        this.jdbc = jdbc;
    }

    @Operation(operationId = "listConsents", summary = "The consent history of a contact or an address, newest "
            + "first: purpose, channel, state, source, by whom, when, address, IP address and the wording agreed to.")
    @GetMapping("/consents")
    PageResponse<ConsentBook.ConsentEntry> history(@RequestParam(required = false) Long contactId,
            @RequestParam(required = false) String address, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return PageResponse.of(book.history(contactId, address, Paging.of(page, size, null, java.util.Map.of(),
                Sort.unsorted())));
    }

    @Operation(operationId = "currentConsents", summary = "Where a contact's consents stand now, per purpose and "
            + "channel (PENDING, GIVEN or WITHDRAWN); a purpose never asked is not listed.")
    @GetMapping("/consents/current")
    List<ConsentBook.ConsentStateView> current(@RequestParam long contactId) {
        requireContact(contactId);
        return book.current(contactId);
    }

    @Operation(operationId = "recordConsent", summary = "Record a consent given or withdrawn (source API). The same "
            + "state again records nothing and answers 200; a change answers 201 with the new history row.")
    @app.klient.marketing.internal.WriteAccess(app.klient.marketing.internal.WriteAccess.Who.WRITERS)
    @PostMapping("/consents")
    ResponseEntity<ConsentBook.ConsentEntry> record(@RequestBody ConsentChange change) {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "consent.readOnly");
        }
        if (change.contactId() == null) {
            throw new app.klient.platform.InvalidFields(List.of(
                    new app.klient.platform.InvalidFields.FieldError("contactId", "consent.required")));
        }
        requireContact(change.contactId());
        var id = ManualConsent.record(consents, purposes, change.contactId(), change.purposeId(), change.channel(),
                change.state(), change.detail(), ManualConsent.contactLanguage(jdbc, change.contactId()),
                Consents.Source.API);
        var latest = book.history(change.contactId(), null, org.springframework.data.domain.PageRequest.of(0, 50))
                .getContent().stream()
                .filter(e -> e.purposeId() == change.purposeId() && e.channel().equals(change.channel()))
                .findFirst().orElseThrow();
        return ResponseEntity.status(id.isPresent() ? HttpStatus.CREATED : HttpStatus.OK).body(latest);
    }

    @Operation(operationId = "listConsentPurposes", summary = "The purposes of consent, with names and wording in "
            + "English, Polish and Czech.")
    @GetMapping("/purposes")
    List<Purposes.Purpose> purposes(@RequestParam(required = false) Boolean active) {
        return purposes.list(Boolean.TRUE.equals(active));
    }

    @Operation(operationId = "getConsentPurpose", summary = "One purpose of consent.")
    @GetMapping("/purposes/{id}")
    Purposes.Purpose purpose(@PathVariable long id) {
        return purposes.get(id);
    }

    @Operation(operationId = "addConsentPurpose", summary = "Add a purpose of consent, named and worded in three "
            + "languages (marketers, managers, administrators).")
    @app.klient.marketing.internal.WriteAccess(app.klient.marketing.internal.WriteAccess.Who.MARKETING)
    @PostMapping("/purposes")
    ResponseEntity<Purposes.Purpose> addPurpose(@RequestBody Purposes.Purpose purpose) {
        Permission.MARKETING.check();
        checked(purpose, true);
        return ResponseEntity.status(HttpStatus.CREATED).body(purposes.add(purpose));
    }

    @Operation(operationId = "changeConsentPurpose", summary = "Change a purpose's names and wording or switch it "
            + "off; send the version you read. The key stays; the history keeps the words people agreed to.")
    @app.klient.marketing.internal.WriteAccess(app.klient.marketing.internal.WriteAccess.Who.MARKETING)
    @PutMapping("/purposes/{id}")
    Purposes.Purpose changePurpose(@PathVariable long id, @RequestBody Purposes.Purpose purpose) {
        Permission.MARKETING.check();
        checked(purpose, false);
        return purposes.change(id, purpose);
    }

    @Operation(operationId = "listSuppressions", summary = "The suppression list, newest first; q finds addresses "
            + "containing the text.")
    @GetMapping("/suppressions")
    PageResponse<ConsentBook.SuppressionView> suppressions(@RequestParam(required = false) String q,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        if (q != null && (q.length() > 320 || q.indexOf('\0') >= 0)) {
            throw KlientException.invalid("consent.suppression.address");
        }
        return PageResponse.of(book.suppressions(q, Paging.of(page, size, null, java.util.Map.of(),
                Sort.unsorted())));
    }

    @Operation(operationId = "getSuppression", summary = "Whether an address is on the suppression list, and why.")
    @GetMapping("/suppressions/{address}")
    ConsentBook.SuppressionView suppression(@PathVariable String address) {
        return book.suppression(address);
    }

    @Operation(operationId = "addSuppression", summary = "Put an address on the suppression list by hand "
            + "(marketers, managers, administrators). An address already there keeps its reason.")
    @app.klient.marketing.internal.WriteAccess(app.klient.marketing.internal.WriteAccess.Who.MARKETING)
    @PostMapping("/suppressions")
    ResponseEntity<ConsentBook.SuppressionView> suppress(@RequestBody SuppressionForm form) {
        Permission.MARKETING.check();
        return ResponseEntity.status(HttpStatus.CREATED).body(book.suppressByHand(form.address(), form.detail()));
    }

    @Operation(operationId = "removeSuppression", summary = "Take an address off the suppression list (marketers, "
            + "managers, administrators).")
    @app.klient.marketing.internal.WriteAccess(app.klient.marketing.internal.WriteAccess.Who.MARKETING)
    @DeleteMapping("/suppressions/{address}")
    ResponseEntity<Void> unsuppress(@PathVariable String address) {
        Permission.MARKETING.check();
        book.unsuppress(address);
        return ResponseEntity.noContent().build();
    }

    private void requireContact(long contactId) {
        if (!jdbc.sql("select exists (select 1 from contacts where id = :id)").param("id", contactId)
                .query(Boolean.class).single()) {
            throw KlientException.notFound("contact.notFound");
        }
    }

    private static void checked(Purposes.Purpose p, boolean isNew) {
        app.klient.platform.InvalidFields.Collector errors = new app.klient.platform.InvalidFields.Collector();
        if (isNew && (p.key() == null || !p.key().matches("[a-z][a-z0-9-]{1,39}"))) {
            errors.add("key", "consent.purpose.key");
        }
        ConsentPages.text(errors, "labelEn", p.labelEn(), 100);
        ConsentPages.text(errors, "labelPl", p.labelPl(), 100);
        ConsentPages.text(errors, "labelCs", p.labelCs(), 100);
        ConsentPages.text(errors, "wordingEn", p.wordingEn(), 2000);
        ConsentPages.text(errors, "wordingPl", p.wordingPl(), 2000);
        ConsentPages.text(errors, "wordingCs", p.wordingCs(), 2000);
        if (!isNew && p.version() == null) {
            errors.add("version", "error.versionRequired");
        }
        errors.throwIfAny();
    }
}
