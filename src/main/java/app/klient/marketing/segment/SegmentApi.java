package app.klient.marketing.segment;

import java.io.StringReader;
import java.util.List;
import java.util.Locale;

import app.klient.customers.ContactCriterion;
import app.klient.marketing.SegmentFilter;
import app.klient.marketing.SegmentForm;
import app.klient.marketing.SegmentMember;
import app.klient.marketing.SegmentView;
import app.klient.marketing.Segments;
import app.klient.platform.KlientException;
import app.klient.platform.web.Paging;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Segments and static lists over the API: the same as the pages, plus the criteria a filter may use. */
@RestController
@Tag(name = "Marketing segments")
@RequestMapping("/api/v1/marketing")
class SegmentApi {

    private final Segments segments;
    private final SegmentFilters filters;
    private final SegmentBuilder builder;

    SegmentApi(Segments segments, SegmentFilters filters, SegmentBuilder builder) {
        this.segments = segments;
        this.filters = filters;
        this.builder = builder;
    }

    record Items<T>(List<T> items, long total, int page, int size) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Members(List<SegmentMember> items, Long total, Long next) {
    }

    record Count(long count) {
    }

    record Added(int added) {
    }

    @Schema(example = "{\"contactIds\": [101, 102, 103]}")
    record ContactIds(@NotNull @Size(max = 10_000) List<@NotNull Long> contactIds) {
    }

    @Schema(example = "{\"name\": \"Big spenders, January\"}")
    record Snapshot(@Size(max = 100) String name) {
    }

    record Criterion(String key, String group, String label, String valueType, List<String> operators,
            boolean period, boolean counted, List<ContactCriterion.Choice> choices) {
    }

    @Operation(summary = "List the segments and static lists by name", operationId = "listSegments")
    @GetMapping("/segments")
    Items<SegmentView> list(@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        var paging = Paging.of(page, size, null, java.util.Map.of(), org.springframework.data.domain.Sort.unsorted());
        List<SegmentView> all = segments.list();
        int from = (int) Math.min(all.size(), paging.getOffset());
        int to = Math.min(all.size(), from + paging.getPageSize());
        return new Items<>(all.subList(from, to), all.size(), paging.getPageNumber(), paging.getPageSize());
    }

    @Operation(summary = "Make a segment (DYNAMIC, with a filter) or a static list (STATIC); marketers, managers and "
            + "administrators", operationId = "createSegment")
    @PostMapping("/segments")
    ResponseEntity<SegmentView> create(@Valid @RequestBody SegmentForm form) {
        return ResponseEntity.status(HttpStatus.CREATED).body(segments.create(form));
    }

    @Operation(summary = "Read a segment with its filter", operationId = "getSegment")
    @GetMapping("/segments/{id}")
    SegmentView get(@PathVariable long id) {
        return segments.get(id);
    }

    @Operation(summary = "Change a segment's name, description and filter; send the version you read",
            operationId = "changeSegment")
    @PutMapping("/segments/{id}")
    SegmentView change(@PathVariable long id, @Valid @RequestBody SegmentForm form) {
        return segments.change(id, form);
    }

    @Operation(summary = "Delete a segment or list (refused while a campaign uses it)", operationId = "deleteSegment")
    @DeleteMapping("/segments/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        segments.delete(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "How many contacts the segment holds now", operationId = "countSegment")
    @GetMapping("/segments/{id}/count")
    Count count(@PathVariable long id) {
        return new Count(segments.count(id));
    }

    @Operation(summary = "The segment's members in contact id order, a page after a contact id; next is the after "
            + "of the following page (absent at the end); with total=true also the segment's size", operationId = "segmentMembers")
    @GetMapping("/segments/{id}/members")
    Members members(@PathVariable long id, @RequestParam(required = false) Long after,
            @RequestParam(required = false) Integer size, @RequestParam(required = false) Boolean total) {
        int limit = size == null ? 50 : size;
        if (limit < 1 || limit > Paging.MAX_SIZE) {
            throw KlientException.invalid("error.size", Paging.MAX_SIZE);
        }
        if (after != null && after < 0) {
            throw KlientException.invalid("segment.badAfter");
        }
        List<SegmentMember> page = segments.page(id, after == null ? 0 : after, limit);
        Long count = Boolean.TRUE.equals(total) ? segments.count(id) : null;
        return new Members(page, count, page.size() == limit ? page.get(page.size() - 1).contactId() : null);
    }

    @Operation(summary = "The size and a sample of a filter not saved yet (what the builder shows while one builds)",
            operationId = "previewSegment")
    @PostMapping("/segments/preview")
    Segments.Preview preview(@RequestBody SegmentFilter filter) {
        return segments.preview(filter);
    }

    @Operation(summary = "Save a dynamic segment's members of this moment as a new static list", operationId = "snapshotSegment")
    @PostMapping("/segments/{id}/snapshot")
    ResponseEntity<SegmentView> snapshot(@PathVariable long id, @Valid @RequestBody(required = false) Snapshot body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(segments.snapshot(id, body == null ? null : body.name()));
    }

    @Operation(summary = "Add contacts to a static list (ids that name no contact are refused, named)", operationId = "addSegmentMembers")
    @PostMapping("/segments/{id}/members")
    Added add(@PathVariable long id, @Valid @RequestBody ContactIds body) {
        return new Added(segments.add(id, body.contactIds(), "API"));
    }

    @Operation(summary = "Take a contact off a static list", operationId = "removeSegmentMember")
    @DeleteMapping("/segments/{id}/members/{contactId}")
    ResponseEntity<Void> remove(@PathVariable long id, @PathVariable long contactId) {
        if (!segments.remove(id, contactId)) {
            throw KlientException.notFound("segment.member.notFound", String.valueOf(contactId));
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Add the contacts a CSV names to a static list: first column an e-mail address or a contact "
            + "id, one a line", operationId = "importSegmentMembers")
    @PostMapping(path = "/segments/{id}/import", consumes = { "text/csv", "text/plain" })
    Segments.ImportResult importCsv(@PathVariable long id, @RequestBody(required = false) String csv) {
        return segments.importCsv(id, new StringReader(csv == null ? "" : csv));
    }

    @Operation(summary = "The criteria a segment filter may use, with their operators, value types and choices in "
            + "the reader's language", operationId = "segmentCriteria")
    @GetMapping("/segment-criteria")
    List<Criterion> criteria() {
        Locale locale = LocaleContextHolder.getLocale();
        return filters.criteria().values().stream().map(c -> new Criterion(c.key(),
                builder.label(c.group(), locale), builder.label(c, locale), c.valueType().name(),
                c.operators().stream().map(Enum::name).toList(), c.period(), c.counted(),
                c.choices().apply(locale))).toList();
    }
}
