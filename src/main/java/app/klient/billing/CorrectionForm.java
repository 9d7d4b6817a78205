package app.klient.billing;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/**
 * A correction (credit note) of an issued invoice: the lines are the differences, a negative quantity takes back
 * what was invoiced (a return), a line at a lower price with a negative quantity lowers a price. A correction that
 * makes a line VAT-exempt prints the legal basis as an invoice does: the original's, else {@code exemptionBasis},
 * else the seller's default; without any it is refused.
 */
public record CorrectionForm(@NotBlank @Size(max = 500) String reason, LocalDate issueDate,
        @NotEmpty @Valid @Size(max = 500) List<LineForm> lines,
        @Size(max = 300) String exemptionBasis) {

    public CorrectionForm(String reason, LocalDate issueDate, List<LineForm> lines) {
        this(reason, issueDate, lines, null);
    }
}
