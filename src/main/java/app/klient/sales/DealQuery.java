package app.klient.sales;

import java.time.LocalDate;

import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;

/** The filters of the deal list; every one may be empty. */
public record DealQuery(@Size(max = 200) String q, Long pipelineId, DealStatus status, Long ownerId, Long teamId,
        Long companyId, @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate closeFrom,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate closeTo) {
}
