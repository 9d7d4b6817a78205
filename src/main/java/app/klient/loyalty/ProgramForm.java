package app.klient.loyalty;

import java.time.LocalDate;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A program's settings as sent; on a change what is left out stays ({@code version} required). {@code expireMonths}
 * 0 means points never expire. {@code participation} SEGMENT needs a {@code segmentId}.
 */
public record ProgramForm(@Size(max = 100) String name, Boolean active,
        @Pattern(regexp = "INVOICE_PAID|ORDER_DELIVERED") String earnOn,
        @Pattern(regexp = "ALL|SEGMENT|FORM") String participation, Long segmentId,
        @Min(0) @Max(120) Integer expireMonths, LocalDate earnFrom, @Min(1) @Max(365) Integer noticeDays,
        Integer version) {
}
