package app.klient.marketing.journey;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A journey's subject and body in one language (en, pl, cs), with merge fields ({@code {{coupon.code}}}). */
public record JourneyContent(@NotBlank @Pattern(regexp = "en|pl|cs") String language,
        @NotBlank @Size(max = 300) String subject, @NotBlank @Size(max = 20000) String body) {
}
