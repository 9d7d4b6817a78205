package app.klient.documents;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A template: plain text where a blank line starts a paragraph, a line starting with "# " is a heading, and
 * {@code {{company.name}}} is replaced by the record's value (see {@link MergeFields}).
 */
// read-only fields of what GET answers: a record read and sent back unchanged is accepted, they are ignored
@JsonIgnoreProperties({"id", "active", "updatedAt"})
public record TemplateForm(@NotBlank @Size(max = 100) String name, @NotNull TemplateKind kind,
        @NotBlank @Pattern(regexp = "en|pl|cs") String language, @NotBlank @Size(max = 100_000) String body,
        Integer version) {
}
