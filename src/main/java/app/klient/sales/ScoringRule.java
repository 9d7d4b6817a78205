package app.klient.sales;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A scoring rule: {@code FIELD} rules give points when a lead's field equals, contains or simply has a value;
 * {@code EVENT} rules give points for each event of a kind (an opened e-mail, a web visit).
 */
public record ScoringRule(Long id, @NotBlank @Size(max = 100) String name,
        @NotNull @Pattern(regexp = "FIELD|EVENT") String kind,
        @Pattern(regexp = "SOURCE|UTM_SOURCE|UTM_MEDIUM|UTM_CAMPAIGN|JOB_TITLE|COMPANY_NAME|EMAIL|PHONE") String field,
        @Pattern(regexp = "EQUALS|CONTAINS|PRESENT") String operator, @Size(max = 200) String value,
        LeadEventKind event, @NotNull @Min(-1000) @Max(1000) Integer points, Boolean active) {
}
