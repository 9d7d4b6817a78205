package app.klient.customers.duplicates;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Merge {@code mergedIds} into {@code survivorId}. {@code fields} says, per field, which record's value survives
 * (its id); a field left out keeps the survivor's value, or the first merged record's when the survivor has none.
 * Lists (phones, e-mails, tags) and custom fields are joined. {@code versions} are the versions the caller read: a
 * record changed since then stops the merge with 409.
 */
public record MergeRequest(
        @NotNull Long survivorId,
        @NotEmpty @Size(max = Merges.MAX_MERGED) List<@NotNull Long> mergedIds,
        @Schema(description = "field name → id of the record whose value survives (see GET .../merge?ids=)")
        Map<String, Long> fields,
        @Schema(description = "record id → the version the caller read; optional") Map<Long, Integer> versions) {

    public MergeRequest {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        versions = versions == null ? Map.of() : Map.copyOf(versions);
    }
}
