package app.klient.billing;

import java.math.BigDecimal;
import java.time.LocalDate;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A payment received for an invoice; without a day it is today, without a method the invoice's. */
public record PaymentForm(@NotNull Long invoiceId,
        @NotNull @DecimalMin("0.01") @DecimalMax("9999999999999999") @Digits(integer = 16, fraction = 2)
        BigDecimal amount,
        LocalDate paidOn, PaymentMethod method, @Size(max = 200) String reference) {
}
