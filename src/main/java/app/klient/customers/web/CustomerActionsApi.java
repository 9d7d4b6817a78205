package app.klient.customers.web;

import java.util.List;

import app.klient.customers.BulkChange;
import app.klient.customers.Companies;
import app.klient.customers.Contacts;
import app.klient.customers.Handover;
import app.klient.customers.NoteForm;
import app.klient.customers.Timeline;
import app.klient.platform.KlientException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Notes on the cards, bulk changes on selected records, and the handover of one person's customers. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Customer actions")
class CustomerActionsApi {

    private final Companies companies;
    private final Contacts contacts;
    private final Timeline timeline;
    private final Handover handover;

    CustomerActionsApi(Companies companies, Contacts contacts, Timeline timeline, Handover handover) {
        this.companies = companies;
        this.contacts = contacts;
        this.timeline = timeline;
        this.handover = handover;
    }

    record Created(long id) {
    }

    record Bulk(@NotEmpty @Size(max = 200) List<@NotNull Long> ids,
            @NotNull @Pattern(regexp = "ASSIGN_OWNER|ADD_TAG|DELETE") String action, Long ownerId,
            @Size(max = 50) String tag) {

        BulkChange change() {
            return switch (action) {
                case "ASSIGN_OWNER" -> new BulkChange.AssignOwner(ownerId);
                case "ADD_TAG" -> new BulkChange.AddTag(tag);
                default -> new BulkChange.Delete();
            };
        }
    }

    record Changed(int changed) {
    }

    record HandoverRequest(@NotNull Long fromUserId, @NotNull Long toUserId) {
    }

    @Operation(summary = "Add a note to a company's card; @name mentions a colleague")
    @PostMapping("/companies/{id}/notes")
    ResponseEntity<Created> noteOnCompany(@PathVariable long id, @Valid @RequestBody NoteForm note) {
        companies.get(id);
        return ResponseEntity.status(HttpStatus.CREATED).body(new Created(timeline.addNote(id, null, note)));
    }

    @Operation(summary = "Add a note to a contact's card (it shows on the company's card too)")
    @PostMapping("/contacts/{id}/notes")
    ResponseEntity<Created> noteOnContact(@PathVariable long id, @Valid @RequestBody NoteForm note) {
        contacts.get(id);
        return ResponseEntity.status(HttpStatus.CREATED).body(new Created(timeline.addNote(null, id, note)));
    }

    @Operation(summary = "Change a note (its author, a manager or an administrator); send its version")
    @PutMapping("/notes/{id}")
    ResponseEntity<Void> editNote(@PathVariable long id, @Valid @RequestBody NoteForm note) {
        timeline.editNote(id, note);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Delete a note from a customer's timeline (its author, or a manager or administrator).")
    @DeleteMapping("/notes/{id}")
    ResponseEntity<Void> deleteNote(@PathVariable long id) {
        timeline.deleteNote(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Apply ASSIGN_OWNER (ownerId), ADD_TAG (tag) or DELETE to selected companies; records "
            + "the caller may not change are skipped and not counted")
    @PostMapping("/companies/bulk")
    Changed bulkCompanies(@Valid @RequestBody Bulk bulk) {
        return new Changed(companies.bulk(bulk.ids(), bulk.change()));
    }

    @Operation(summary = "The same for selected contacts")
    @PostMapping("/contacts/bulk")
    Changed bulkContacts(@Valid @RequestBody Bulk bulk) {
        return new Changed(contacts.bulk(bulk.ids(), bulk.change()));
    }

    @Operation(summary = "What a handover from this user would move now: per kind of record (company, contact, deal, "
            + "lead, task, ticket) how many and the names of the first few (managers and administrators)")
    @GetMapping("/handover/preview")
    java.util.List<app.klient.customers.HandoverParticipant.Part> handoverPreview(
            @RequestParam(required = false) Long fromUserId) {
        return handover.preview(fromUserId);
    }

    @Operation(summary = "Hand everything open of one user to another in one transaction: companies, contacts, open "
            + "deals and leads, tasks not done, open tickets; each moved record is audited and gets a new version "
            + "(managers and administrators)")
    @PostMapping("/handover")
    Handover.Result handOver(@Valid @RequestBody HandoverRequest request) {
        if (request.fromUserId() == null || request.toUserId() == null) {
            throw KlientException.invalid("error.invalid");
        }
        return handover.handOver(request.fromUserId(), request.toUserId());
    }
}
