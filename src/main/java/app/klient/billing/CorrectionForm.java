package app.klient.billing;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/**
 * A correction (credit note) of an issued invoice: the lines are the differences, a negative quantity takes back
 * what was invoiced (a return), a line at a lower price with a negative quantity lowers a price.
 */
public record CorrectionForm(@NotBlank @Size(max = 500) String reason, LocalDate issueDate,
        @NotEmpty @Valid @Size(max = 500) List<LineForm> lines) {
}
