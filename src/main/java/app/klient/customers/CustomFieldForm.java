package app.klient.customers;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What the administrator fills in to define a custom field. The key is what the API and exports use and never
 * changes; options are only for the choice types.
 */
public record CustomFieldForm(
        @NotNull CustomerType entity,
        @NotBlank @Pattern(regexp = "[a-z][a-zA-Z0-9]{0,39}", message = "{customField.key.format}") String key,
        @NotNull FieldType type,
        @NotBlank @Size(max = 100) String labelEn,
        @NotBlank @Size(max = 100) String labelPl,
        @NotBlank @Size(max = 100) String labelCs,
        @Valid @Size(max = 100) List<CustomFieldDefinition.Option> options,
        Boolean required,
        Integer position,
        Integer version) {
}
