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
 * retired, which is refused while open deals sit in it. Pipeline names, and stage names within a pipeline, are unique
 * without regard to case.
 */
// read-only fields of what GET answers: a pipeline read and sent back unchanged is accepted, they are ignored
@JsonIgnoreProperties({"id", "isDefault"})
public record PipelineForm(@NotBlank @Size(max = 100) String name,
        @NotEmpty @Size(max = 20) List<@Valid StageForm> stages, Integer version) {

    /**
     * A stage's names. With {@code nameEn}, {@code namePl} or {@code nameCs} the stage takes exactly those (English
     * is the name given, read where no translation exists; {@code name} stands for it when {@code nameEn} is empty).
     * With {@code name} alone, a name equal to the one the caller reads changes nothing, and another name becomes the
     * stage's only name, in every language.
     */
    @JsonIgnoreProperties({"position", "version"})
    public record StageForm(Long id, @NotBlank @Size(max = 100) String name, @Size(max = 100) String nameEn,
            @Size(max = 100) String namePl, @Size(max = 100) String nameCs,
            @NotNull @Min(0) @Max(100) Integer probability) {

        public StageForm(Long id, String name, Integer probability) {
            this(id, name, null, null, null, probability);
        }

        boolean translated() {
            return nameEn != null || namePl != null || nameCs != null;
        }
    }
}
