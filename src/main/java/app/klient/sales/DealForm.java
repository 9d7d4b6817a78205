package app.klient.sales;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A deal as a form or API body sends it. Without a pipeline it goes to the default one, without a stage to the
 * pipeline's first; {@code version} is required when changing a deal.
 * <p>
 * People: {@code contacts} (each with a role) or just {@code contactIds} (new ones get the role CONTACT, those already
 * on the deal keep theirs); when changing a deal, leaving both out keeps its people. Lines: {@code lines} replaces
 * the deal's lines, leaving it out keeps them. A deal with lines takes its {@code amount} from them.
 */
// read-only fields of what GET answers: a record read and sent back unchanged is accepted, they are ignored
@JsonIgnoreProperties({"id", "companyName", "ownerName", "stageName", "status", "probability", "competitor",
        "lostReason", "stageEnteredAt", "closedAt", "createdAt", "updatedAt"})
public record DealForm(
        @NotBlank @Size(max = 200) String name,
        Long companyId,
        @Size(max = 20) List<Long> contactIds,
        Long pipelineId,
        Long stageId,
        @DecimalMin("0") @DecimalMax("9999999999999999") @Digits(integer = 16, fraction = 2) BigDecimal amount,
        @Pattern(regexp = "^$|[A-Z]{3}") String currency,
        LocalDate expectedCloseDate,
        @Size(max = 100) String source,
        @Size(max = 300) String nextStep,
        Long ownerId,
        Long teamId,
        @Valid @Size(max = 20) List<DealContact> contacts,
        @Valid @Size(max = 100) List<DealLineForm> lines,
        Integer version) {
}
