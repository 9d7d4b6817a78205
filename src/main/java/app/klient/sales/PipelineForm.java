package app.klient.sales;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A pipeline and its stages in order. A stage with an id is changed, one without is added, and a stage left out is
 * retired, which is refused while open deals sit in it.
 */
// read-only fields of what GET answers: a pipeline read and sent back unchanged is accepted, they are ignored
@JsonIgnoreProperties({"id", "isDefault"})
public record PipelineForm(@NotBlank @Size(max = 100) String name,
        @NotEmpty @Size(max = 20) List<@Valid StageForm> stages, Integer version) {

    @JsonIgnoreProperties({"position", "version"})
    public record StageForm(Long id, @NotBlank @Size(max = 100) String name,
            @NotNull @Min(0) @Max(100) Integer probability) {
    }
}
