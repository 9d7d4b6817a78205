package app.klient.service.web;

import java.util.List;

import app.klient.service.TicketCategories;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ticket categories at a path of their own: under /api/v1/tickets, {@code categories/{id}} and {@code {id}/status}
 * could name the same URL. The old paths still answer (hidden in the document) for clients written against them.
 */
@RestController
@Tag(name = "Tickets")
@RequestMapping("/api/v1/ticket-categories")
class TicketCategoryApi {

    private final TicketCategories categories;

    TicketCategoryApi(TicketCategories categories) {
        this.categories = categories;
    }

    @Operation(summary = "List the ticket categories; a routed one sends its new tickets to a team (round-robin) "
            + "or an agent.")
    @GetMapping
    List<TicketCategories.Category> list() {
        return categories.list();
    }

    @Operation(summary = "Add a ticket category (administrators).")
    @PostMapping
    ResponseEntity<TicketCategories.Category> add(@Valid @RequestBody TicketCategories.Category category) {
        return ResponseEntity.status(HttpStatus.CREATED).body(categories.save(new TicketCategories.Category(null,
                category.name(), category.teamId(), category.assigneeId(), null)));
    }

    @Operation(summary = "Change a ticket category's name and route; send the version you read (administrators).")
    @PutMapping("/{id}")
    TicketCategories.Category change(@PathVariable long id, @Valid @RequestBody TicketCategories.Category category) {
        return categories.save(new TicketCategories.Category(id, category.name(), category.teamId(),
                category.assigneeId(), category.version()));
    }

    @Operation(summary = "Take a ticket category off the list; its tickets keep it (administrators).")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> retire(@PathVariable long id) {
        categories.retire(id);
        return ResponseEntity.noContent().build();
    }
}
