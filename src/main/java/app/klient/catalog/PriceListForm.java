package app.klient.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A price list: its prices hold for sales in {@code currency}; with a {@code customerGroup} only for companies
 * carrying that tag. {@code version} is required when changing.
 */
// read-only fields of what GET answers: a record read and sent back unchanged is accepted, they are ignored
@JsonIgnoreProperties({"id", "active", "items"})
public record PriceListForm(@NotBlank @Size(max = 100) String name,
        @NotBlank @Pattern(regexp = "[A-Z]{3}") String currency,
        @Size(max = 100) String customerGroup,
        Integer version) {
}
