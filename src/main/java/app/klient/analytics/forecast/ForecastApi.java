package app.klient.analytics.forecast;

import java.time.ZoneId;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/analytics")
@Tag(name = "Analytics")
class ForecastApi {

    private final PipelineForecast pipeline;
    private final RevenueForecast revenue;
    private final Quotas quotas;

    ForecastApi(PipelineForecast pipeline, RevenueForecast revenue, Quotas quotas) {
        this.pipeline = pipeline;
        this.revenue = revenue;
        this.quotas = quotas;
    }

    @Operation(summary = "The weighted pipeline by expected close month (amount in the company currency × stage "
            + "probability; overdue, later and no-date buckets) per owner or per team, beside each month's quota and "
            + "what was won in it: a salesperson's own, a manager's teams', the administrator's everybody's")
    @GetMapping("/forecasts/pipeline")
    PipelineForecast.Pipeline pipeline(
            @Parameter(description = "the first month, e.g. 2026-03; this month when left out")
            @RequestParam(required = false) String from,
            @Parameter(description = "how many months, 1 to 12 (6 when left out)")
            @RequestParam(required = false) Integer months,
            @Parameter(description = "owner (default) or team") @RequestParam(required = false) String by) {
        ZoneId zone = zone();
        return pipeline.pipeline(PipelineForecast.firstMonth(from, zone), PipelineForecast.months(months, 6),
                PipelineForecast.by(by), zone);
    }

    @Operation(summary = "The revenue forecast for this month and the next ones (Holt–Winters with a damped trend "
            + "(phi, 1 when undamped) and a 12-month season from two years of history, Holt with 4 to 23 months, the "
            + "mean below), with 80 % and "
            + "95 % prediction intervals, the history it is made from and its one-month-ahead error (MAPE) on the "
            + "last 12 past months")
    @GetMapping("/forecasts/revenue")
    RevenueForecast.Forecast revenue(@Parameter(description = "how many months ahead, 3 to 12 (6 when left out)")
            @RequestParam(required = false) Integer months) {
        return revenue.forecast(RevenueForecast.months(months), zone());
    }

    @Operation(summary = "A year's monthly sales quotas of the people and teams whose pipeline the caller sees, in "
            + "the company currency")
    @GetMapping("/quotas")
    Quotas.Year getQuotas(@Parameter(description = "this year when left out") @RequestParam(required = false)
            Integer year) {
        return quotas.year(Quotas.checkedYear(year));
    }

    @Operation(summary = "Sets the quotas sent (managers for their teams and their members, administrators for "
            + "everybody), each from the version read (none for a month without a quota); an amount of null removes "
            + "one; quotas not sent stay as they are")
    @PutMapping("/quotas")
    Quotas.Year setQuotas(@RequestBody Quotas.Year body) {
        return quotas.save(body);
    }

    private static ZoneId zone() {
        return LocaleContextHolder.getTimeZone().toZoneId();
    }
}
