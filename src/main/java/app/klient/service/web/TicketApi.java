package app.klient.service.web;

import tools.jackson.databind.JsonNode;
import org.springframework.web.bind.annotation.PatchMapping;
import app.klient.platform.web.MergePatch;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import java.util.List;

import app.klient.platform.files.Files;
import app.klient.service.TicketCategories;
import app.klient.service.TicketForm;
import app.klient.service.TicketStatus;
import app.klient.service.TicketView;
import app.klient.service.Tickets;
import app.klient.service.TicketDesk;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Tickets")
@RequestMapping("/api/v1/tickets")
class TicketApi {

    private final Tickets tickets;
    private final TicketDesk desk;
    private final app.klient.service.CannedResponses canned;
    private final app.klient.service.AlertRules alerts;
    private final TicketCategories categories;
    private final MergePatch mergePatch;

    TicketApi(Tickets tickets, TicketDesk desk, app.klient.service.CannedResponses canned,
            app.klient.service.AlertRules alerts, TicketCategories categories, MergePatch mergePatch) {
        this.mergePatch = mergePatch;
        this.categories = categories;
        this.tickets = tickets;
        this.desk = desk;
        this.canned = canned;
        this.alerts = alerts;
    }

    record Filled(String body) {
    }

    @Operation(summary = "Ticket categories; a routed one sends its new tickets to a team (round-robin) or an agent")
    @Hidden // moved to /api/v1/ticket-categories; kept for clients of the old path
    @GetMapping("/categories")
    List<TicketCategories.Category> categories() {
        return categories.list();
    }

    @Operation(summary = "Add a category (administrators)")
    @Hidden // moved to /api/v1/ticket-categories; kept for clients of the old path
    @PostMapping("/categories")
    ResponseEntity<TicketCategories.Category> addCategory(@Valid @RequestBody TicketCategories.Category category) {
        return ResponseEntity.status(HttpStatus.CREATED).body(categories.save(new TicketCategories.Category(null,
                category.name(), category.teamId(), category.assigneeId(), null)));
    }

    @Operation(summary = "Change a category: name and route, with its version (administrators)")
    @Hidden // moved to /api/v1/ticket-categories; kept for clients of the old path
    @PutMapping("/categories/{id}")
    TicketCategories.Category changeCategory(@PathVariable long id,
            @Valid @RequestBody TicketCategories.Category category) {
        return categories.save(new TicketCategories.Category(id, category.name(), category.teamId(),
                category.assigneeId(), category.version()));
    }

    @Operation(summary = "Take a category off the list; its tickets keep it (administrators)")
    @Hidden // moved to /api/v1/ticket-categories; kept for clients of the old path
    @DeleteMapping("/categories/{id}")
    ResponseEntity<Void> retireCategory(@PathVariable long id) {
        categories.retire(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Canned responses (three languages, merge fields)")
    @GetMapping("/canned-responses")
    java.util.List<app.klient.service.CannedResponses.Canned> canned() {
        return canned.list();
    }

    @Operation(summary = "A canned response filled for this ticket's customer, ready to send as a reply")
    @GetMapping("/{id}/canned/{cannedId}")
    Filled filled(@PathVariable long id, @PathVariable long cannedId) {
        return new Filled(canned.fill(cannedId, tickets.get(id)));
    }

    @Operation(summary = "Define an alert rule (administrators): threshold tickets about one product (optionally of a "
            + "category) within days notify the team")
    @PostMapping("/alert-rules")
    ResponseEntity<app.klient.service.AlertRules.Rule> alertRule(
            @Valid @RequestBody app.klient.service.AlertRules.Rule rule) {
        return ResponseEntity.status(HttpStatus.CREATED).body(alerts.define(rule));
    }

    @Operation(summary = "List the alerts about tickets: targets about to be missed and repeated problems.")
    @GetMapping("/alerts")
    java.util.List<app.klient.service.AlertRules.Alert> alerts() {
        return alerts.alerts();
    }

    record Reply(String body, Boolean internal, Integer version) {
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "TicketStatusChange")
    record Status(TicketStatus status, Integer version) {
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "TicketAssignment")
    record Assign(Long assigneeId, Long teamId, Integer version) {
    }

    @Operation(summary = "Tickets, open ones first by their target. Filters: assigneeId, teamId, open, companyId, "
            + "contactId, status")
    @GetMapping
    PageResponse<TicketView> list(@RequestParam(required = false) Long assigneeId,
            @RequestParam(required = false) Long teamId, @RequestParam(required = false) Boolean open,
            @RequestParam(required = false) Long companyId, @RequestParam(required = false) Long contactId,
            @RequestParam(required = false) TicketStatus status, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return PageResponse.of(tickets.list(new Tickets.Query(assigneeId, teamId, open, companyId, contactId, status),
                Paging.of(page, size, null, java.util.Map.of(), Sort.unsorted())));
    }

    @Operation(summary = "Read one ticket with its messages, status, assignee and SLA targets.")
    @GetMapping("/{id}")
    TicketView get(@PathVariable long id) {
        return tickets.get(id);
    }

    @Operation(summary = "Open a ticket (support agents, managers, administrators); the service targets "
            + "firstResponseDueAt and resolutionDueAt are computed in working time")
    @PostMapping
    ResponseEntity<TicketView> open(@Valid @RequestBody TicketForm form) {
        return ResponseEntity.status(HttpStatus.CREATED).body(tickets.open(form));
    }

    @Operation(summary = "Change what the ticket is about: subject, contactId, companyId, category, productId, "
            + "priority (new targets, the working time used so far still counts), orderId, invoiceId; with version")
    @PutMapping("/{id}")
    TicketView change(@PathVariable long id, @Valid @RequestBody TicketForm form) {
        return tickets.change(id, form);
    }

    @Operation(summary = "Change some fields of a ticket: a JSON Merge Patch (RFC 7396) with the version you read; "
            + "fields left out keep their values, null clears one.")
    @PatchMapping(value = "/{id}", consumes = { MergePatch.MEDIA_TYPE, "application/json" })
    TicketView patch(@PathVariable long id, @RequestBody JsonNode patch) {
        return tickets.change(id, mergePatch.apply(tickets.get(id), patch, TicketForm.class));
    }

    @Operation(summary = "Answer: a public reply (e-mailed to the customer) or an internal note (internal=true)")
    @PostMapping(path = "/{id}/replies", consumes = MediaType.APPLICATION_JSON_VALUE)
    TicketView reply(@PathVariable long id, @RequestBody Reply reply) {
        return desk.reply(id, reply.body(), Boolean.TRUE.equals(reply.internal()), reply.version(), List.of());
    }

    @Operation(summary = "Answer with files (multipart: body, internal, version, up to five files of 10 MB); the "
            + "files go to the customer with a public reply")
    @PostMapping(path = "/{id}/replies", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    TicketView replyWithFiles(@PathVariable long id, @RequestParam(required = false) String body,
            @RequestParam(defaultValue = "false") boolean internal, @RequestParam(required = false) Integer version,
            @RequestParam(required = false) List<MultipartFile> files) {
        return desk.reply(id, body, internal, version, Files.read(files, TicketPages.MAX_FILES, "files"));
    }

    @Operation(summary = "Download a file an agent added (always as an attachment; the customer's files are under "
            + "/api/v1/emails/{emailId}/attachments)")
    @GetMapping("/{id}/attachments/{fileId}")
    ResponseEntity<byte[]> attachment(@PathVariable long id, @PathVariable long fileId) {
        return Files.download(tickets.attachment(id, fileId));
    }

    @Operation(summary = "Move the ticket: OPEN, WAITING (stops the clock), RESOLVED (sends the survey), CLOSED, "
            + "REOPENED")
    @PostMapping("/{id}/status")
    TicketView status(@PathVariable long id, @RequestBody Status status) {
        return desk.setStatus(id, status.status(), status.version());
    }

    @Operation(summary = "Assign to a person, or to a team (round-robin to the member with the fewest open tickets)")
    @PostMapping("/{id}/assign")
    TicketView assign(@PathVariable long id, @RequestBody Assign assign) {
        return tickets.assign(id, assign.assigneeId(), assign.teamId(), assign.version());
    }
}
