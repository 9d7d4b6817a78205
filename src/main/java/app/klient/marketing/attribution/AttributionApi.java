package app.klient.marketing.attribution;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/marketing")
@Tag(name = "Marketing attribution")
class AttributionApi {

    private final Attribution attribution;
    private final AdCosts adCosts;
    private final KeywordReport keywords;

    AttributionApi(Attribution attribution, AdCosts adCosts, KeywordReport keywords) {
        this.attribution = attribution;
        this.adCosts = adCosts;
        this.keywords = keywords;
    }

    @Schema(example = """
            {"cost": 1250.00, "version": 3}""")
    record CampaignCost(@Schema(description = "In the company's currency; null removes the cost") BigDecimal cost,
            Integer version) {
    }

    @Operation(summary = "A campaign's report: recipients, sent, delivered, bounced, opened, clicked per link, "
            + "unsubscribed, complaints; the leads, deals, orders and revenue credited to it within the attribution "
            + "window; its cost and ROI = (revenue - cost) / cost")
    @GetMapping("/campaigns/{id}/report")
    CampaignReport campaignReport(@PathVariable long id) {
        return attribution.report(id);
    }

    @Operation(summary = "Enter what a campaign cost (company currency; null removes it); answers the report")
    @app.klient.marketing.internal.WriteAccess(app.klient.marketing.internal.WriteAccess.Who.MARKETING)
    @PutMapping("/campaigns/{id}/cost")
    CampaignReport setCampaignCost(@PathVariable long id, @Valid @RequestBody CampaignCost cost) {
        return attribution.setCost(id, cost.cost(), cost.version());
    }

    @Operation(summary = "How reports credit what followed a touch: the window in days, last or first touch, "
            + "whether opens count as touches")
    @GetMapping("/attribution/settings")
    AttributionSettings attributionSettings() {
        return attribution.settings();
    }

    @Operation(summary = "Change the attribution window and model (administrators)")
    @app.klient.marketing.internal.WriteAccess(app.klient.marketing.internal.WriteAccess.Who.ADMIN)
    @PutMapping("/attribution/settings")
    AttributionSettings changeAttributionSettings(@Valid @RequestBody AttributionSettings settings) {
        return attribution.changeSettings(settings);
    }

    @Operation(summary = "Import ad costs per keyword and day: a CSV (comma, semicolon or tab) or XLSX file as "
            + "Google Ads or Meta export it, with columns for the day, the keyword and the cost (optionally currency, "
            + "campaign, platform, clicks, impressions); one bad row refuses the whole file, each problem named with "
            + "its line; the same platform, campaign, keyword and day again replaces the figure")
    @app.klient.marketing.internal.WriteAccess(app.klient.marketing.internal.WriteAccess.Who.MARKETING)
    @PostMapping(path = "/ad-costs/import", consumes = { "text/csv", "text/plain", "text/tab-separated-values",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream" })
    ResponseEntity<AdCosts.Imported> importAdCosts(@RequestBody byte[] file,
            @RequestHeader(name = "X-File-Name", required = false) String fileName) {
        return ResponseEntity.status(HttpStatus.CREATED).body(adCosts.importFile(fileName, file));
    }

    @Operation(summary = "List the imported ad costs, newest day first, optionally of one keyword and a period")
    @GetMapping("/ad-costs")
    PageResponse<AdCosts.AdCost> listAdCosts(@RequestParam(required = false) String keyword,
            @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return PageResponse.of(adCosts.list(keyword, from, to, Paging.of(page, size, null, Map.of(),
                Sort.unsorted())));
    }

    @Operation(summary = "Per keyword (UTM term) within a period (default the last 90 days): leads, contacts, "
            + "customers, revenue, cost, clicks, ROI, cost per lead and payback time in days; sort by cost, revenue, "
            + "leads, customers, roi or keyword")
    @GetMapping("/keywords")
    PageResponse<KeywordReport.Row> keywordReport(@RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to, @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        var pageable = Paging.of(page, size, null, Map.of(), Sort.unsorted());
        return PageResponse.of(keywords.report(from, to, sort, pageable.getPageNumber(), pageable.getPageSize())
                .rows());
    }
}
