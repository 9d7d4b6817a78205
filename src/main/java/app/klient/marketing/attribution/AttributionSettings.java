package app.klient.marketing.attribution;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * How the reports credit what followed a touch: within {@code windowDays} of it, to the last (or first) touch, with
 * or without opens counted as touches (opens are often made by mail software, clicks by people).
 */
@Schema(example = """
        {"windowDays": 30, "model": "LAST_TOUCH", "countOpens": false, "version": 0}""")
public record AttributionSettings(@NotNull @Min(1) @Max(365) Integer windowDays, @NotNull AttributionModel model,
        Boolean countOpens, Integer version) {
}
