package app.klient.sales.web;

import tools.jackson.databind.JsonNode;
import org.springframework.web.bind.annotation.PatchMapping;
import app.klient.platform.web.MergePatch;
import java.util.List;
import java.util.Map;

import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import app.klient.sales.DealForm;
import app.klient.sales.DealQuery;
import app.klient.sales.DealRow;
import app.klient.sales.DealView;
import app.klient.sales.Deals;
import app.klient.sales.StageMove;
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
@RequestMapping("/api/v1/deals")
@Tag(name = "Deals")
class DealApi {

    private final Deals deals;
    private final MergePatch mergePatch;

    DealApi(Deals deals, MergePatch mergePatch) {
        this.mergePatch = mergePatch;
        this.deals = deals;
    }

    record Move(@NotNull Long stageId, Integer version) {
    }

    record Close(Integer version) {
    }

    record Loss(@Size(max = 300) String lostReason, @Size(max = 200) String competitor, Integer version) {
    }

    @Operation(summary = "List deals. Filters: q, pipelineId, status (OPEN, WON, LOST), ownerId, teamId, companyId, "
            + "closeFrom, closeTo; sort=expectedCloseDate|updatedAt|amount|name[,asc|desc]")
    @GetMapping
    PageResponse<DealRow> list(@Valid @ModelAttribute DealQuery query, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, @RequestParam(required = false) String sort) {
        return PageResponse.of(deals.list(query, Paging.of(page, size, sort, SORTABLE,
                Sort.by("expectedCloseDate"))));
    }

    static final Map<String, String> SORTABLE = Map.of("expectedCloseDate", "expectedCloseDate",
            "updatedAt", "updatedAt", "amount", "amount", "name", "name");

    @Operation(summary = "Read one deal with its people, lines and stage.")
    @GetMapping("/{id}")
    DealView get(@PathVariable long id) {
        return deals.get(id);
    }

    @Operation(summary = "Create a deal; without pipelineId it goes to the default pipeline, without stageId to the "
            + "pipeline's first stage")
    @PostMapping
    ResponseEntity<DealView> create(@Valid @RequestBody DealForm form) {
        DealView created = deals.create(form);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/deals/" + created.id())
                .body(created);
    }

    @Operation(summary = "Change a deal; send the version you read, a stale one answers 409")
    @PutMapping("/{id}")
    DealView update(@PathVariable long id, @Valid @RequestBody DealForm form) {
        return deals.update(id, form);
    }

    @Operation(summary = "Change some fields of a deal: a JSON Merge Patch (RFC 7396) with the version you read; "
            + "fields left out keep their values, null clears one.")
    @PatchMapping(value = "/{id}", consumes = { MergePatch.MEDIA_TYPE, "application/json" })
    DealView patch(@PathVariable long id, @RequestBody JsonNode patch) {
        return deals.update(id, mergePatch.apply(deals.get(id), patch, DealForm.class));
    }

    @Operation(summary = "Move the deal to a stage: {\"stageId\": ..., \"version\": ...}; the move is kept in the "
            + "stage history; a stale version answers 409")
    @PostMapping("/{id}/stage")
    DealView move(@PathVariable long id, @Valid @RequestBody Move move) {
        return deals.move(id, move.stageId(), move.version());
    }

    @Operation(summary = "Mark an open deal won; send the version you read.")
    @PostMapping("/{id}/won")
    DealView won(@PathVariable long id, @RequestBody Close close) {
        return deals.win(id, close.version());
    }

    @Operation(summary = "Reopen a won or lost deal in the stage it closed in; its loss reason is cleared")
    @PostMapping("/{id}/reopen")
    DealView reopen(@PathVariable long id, @RequestBody Close close) {
        return deals.reopen(id, close.version());
    }

    @Operation(summary = "Mark the deal lost with a reason (required) and the competitor who won it")
    @PostMapping("/{id}/lost")
    DealView lost(@PathVariable long id, @Valid @RequestBody Loss loss) {
        return deals.lose(id, loss.lostReason(), loss.competitor(), loss.version());
    }

    @Operation(summary = "Every stage the deal entered, and its wins and losses, with the time")
    @GetMapping("/{id}/history")
    List<StageMove> history(@PathVariable long id) {
        return deals.history(id);
    }

    @Operation(summary = "Delete a deal.")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        deals.delete(id);
        return ResponseEntity.noContent().build();
    }
}
