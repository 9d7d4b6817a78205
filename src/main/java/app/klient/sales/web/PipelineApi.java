package app.klient.sales.web;

import java.util.List;

import app.klient.sales.Board;
import app.klient.sales.BoardFilter;
import app.klient.sales.Deals;
import app.klient.sales.PipelineForm;
import app.klient.sales.PipelineView;
import app.klient.sales.Pipelines;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
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
@RequestMapping("/api/v1/pipelines")
@Tag(name = "Pipelines")
@Validated
class PipelineApi {

    private final Pipelines pipelines;
    private final Deals deals;

    PipelineApi(Pipelines pipelines, Deals deals) {
        this.pipelines = pipelines;
        this.deals = deals;
    }

    @Operation(summary = "Pipelines with their stages (id, name, probability) in order")
    @GetMapping
    List<PipelineView> list() {
        return pipelines.list();
    }

    @Operation(summary = "One pipeline with its stages; each stage's name in the caller's language and as written in "
            + "English, Polish and Czech")
    @GetMapping("/{id}")
    PipelineView get(@PathVariable long id) {
        return pipelines.get(id);
    }

    @Operation(summary = "Create a pipeline with its stages in order (administrators)")
    @PostMapping
    ResponseEntity<PipelineView> create(@Valid @RequestBody PipelineForm form) {
        return ResponseEntity.status(HttpStatus.CREATED).body(pipelines.create(form));
    }

    @Operation(summary = "Change the name and stages: stages with an id are changed, without one added, left out "
            + "retired (refused with 409 while open deals are in them); send the version you read")
    @PutMapping("/{id}")
    PipelineView change(@PathVariable long id, @Valid @RequestBody PipelineForm form) {
        return pipelines.change(id, form);
    }

    @Operation(summary = "Delete a pipeline (administrators): refused with 409 for the default pipeline, and while "
            + "open deals are in it unless moveTo names the pipeline they move to (in one go, each to the stage of "
            + "nearest probability there, or as stages=fromStageId:toStageId says); its closed deals keep their stages")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id, @RequestParam(required = false) Integer version,
            @RequestParam(required = false) Long moveTo,
            @RequestParam(required = false) @Size(max = 100) List<String> stages) {
        if (moveTo == null) {
            pipelines.delete(id, version);
        }
        else {
            deals.deletePipelineMovingDeals(id, version, moveTo, StagePairs.parse(stages));
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "The pipeline as a board: open deals per stage with count, totals per currency and the "
            + "weighted value; filters ownerId, teamId, closeFrom, closeTo")
    @GetMapping("/{id}/board")
    Board board(@PathVariable long id, @Valid @ModelAttribute BoardFilter filter) {
        return deals.board(id, filter);
    }
}
