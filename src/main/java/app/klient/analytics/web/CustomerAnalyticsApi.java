package app.klient.analytics.web;

import java.util.List;
import java.util.Map;

import app.klient.analytics.kpi.customers.Cohorts;
import app.klient.analytics.kpi.customers.CustomerSettings;
import app.klient.analytics.kpi.margins.Margins;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.data.domain.Sort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** How the customer figures count (the administrator's settings), retention cohorts and the margins breakdown. */
@RestController
@RequestMapping("/api/v1/analytics")
@Tag(name = "Analytics")
class CustomerAnalyticsApi {

    private final CustomerSettings settings;
    private final Cohorts cohorts;
    private final Margins margins;
    private final KpiRequests requests;

    CustomerAnalyticsApi(CustomerSettings settings, Cohorts cohorts, Margins margins, KpiRequests requests) {
        this.settings = settings;
        this.cohorts = cohorts;
        this.margins = margins;
        this.requests = requests;
    }

    @Operation(summary = "How the customer KPIs count: the days without a purchase after which a customer is lost, "
            + "the cost of an hour of service (company currency), the expected lifespan in years and the yearly "
            + "discount rate of customer equity")
    @GetMapping("/settings")
    CustomerSettings.Settings settings() {
        return settings.current();
    }

    @Operation(summary = "Change how the customer KPIs count (administrators), made from the version read")
    @PutMapping("/settings")
    CustomerSettings.Settings changeSettings(@RequestBody CustomerSettings.Settings body) {
        return settings.change(body);
    }

    @Operation(summary = "Retention cohorts: per month of first purchase within the period, the customers and how "
            + "many of them bought in that month and in each of the 12 months after it (null: still to come)")
    @GetMapping("/cohorts")
    List<Cohorts.Cohort> cohorts(@RequestParam(required = false) String preset,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) Long team, @RequestParam(required = false) Long owner,
            @RequestParam(required = false) Long segment, @RequestParam(required = false) String country) {
        KpiRequest request = requests.read(preset, from, to, team, owner, segment, null, null, country, null);
        return cohorts.of(request.filters(), request.period(), KpiRequest.zone());
    }

    @Operation(summary = "Gross margin of the period by invoice, customer, product or salesperson (net, cost, "
            + "margin, rate, in the company currency), the largest margin first; filters as for the gross margin")
    @GetMapping("/margins")
    PageResponse<Margins.Row> margins(@Parameter(description = "INVOICE, CUSTOMER, PRODUCT (default) or SALESPERSON")
            @RequestParam(required = false) String by, @RequestParam(required = false) String preset,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) Long team, @RequestParam(required = false) Long owner,
            @RequestParam(required = false) Long segment, @RequestParam(required = false) Long product,
            @RequestParam(required = false) String country, @RequestParam(required = false) String currency,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        Margins.By grouping = Margins.By.parse(by);
        KpiRequest request = requests.read(preset, from, to, team, owner, segment, null, product, country,
                currency);
        return PageResponse.of(margins.breakdown(grouping, request.filters(), request.period(),
                Paging.of(page, size, null, Map.of(), Sort.unsorted())));
    }
}
