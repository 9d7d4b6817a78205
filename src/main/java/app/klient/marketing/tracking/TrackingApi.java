package app.klient.marketing.tracking;

import java.time.Instant;
import java.util.List;

import app.klient.customers.Contacts;
import app.klient.platform.InvalidFields;
import app.klient.platform.PublicUrl;
import app.klient.platform.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Website tracking over the API: its settings (the script line, the website's hosts) and a contact's page views. */
@RestController
@Tag(name = "Marketing: tracking")
@RequestMapping("/api/v1/marketing")
class TrackingApi {

    private final SiteVisits visits;
    private final PublicUrl publicUrl;
    private final Contacts contacts;

    TrackingApi(SiteVisits visits, PublicUrl publicUrl, Contacts contacts) {
        this.visits = visits;
        this.publicUrl = publicUrl;
        this.contacts = contacts;
    }

    @Schema(name = "TrackingSettings", example = """
            {"websiteHosts": ["www.example.com", "*.shop.example.com"], "version": 3}""")
    record SettingsBody(
            @Schema(description = "The company's website: host names (*.example.com for its subdomains); tracked links "
                    + "to them carry the visitor's mark, page views from elsewhere are ignored") List<String> websiteHosts,
            @Schema(accessMode = Schema.AccessMode.READ_ONLY,
                    description = "The line the website puts on every page") String script,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Integer version) {
    }

    @Operation(summary = "Read the website tracking settings: the website's hosts and the script line to embed")
    @GetMapping("/tracking/settings")
    SettingsBody trackingSettings() {
        SiteVisits.Settings settings = visits.settings();
        return new SettingsBody(settings.websiteHosts(), "<script src=\"" + publicUrl.of("/t/site.js")
                + "\" async></script>", settings.version());
    }

    @Operation(summary = "Change the website's hosts (administrators, managers, marketers; send the version you read)")
    @PutMapping("/tracking/settings")
    SettingsBody updateTrackingSettings(@RequestBody(required = false) SettingsBody body) {
        app.klient.identity.Permission.MARKETING.check();
        if (body == null) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("websiteHosts", "tracking.hosts.invalid")));
        }
        visits.save(body.websiteHosts() == null ? List.of() : body.websiteHosts(), body.version());
        return trackingSettings();
    }

    @Schema(name = "WebsiteVisit")
    record VisitRow(long id, long visitId, Instant at, String url, String path, String title, String utmSource,
            String utmMedium, String utmCampaign, String utmTerm) {
    }

    @Operation(summary = "List a contact's page views on the company's website, the newest first (recorded only with "
            + "the contact's consent); views of one visit share visitId")
    @GetMapping("/visits")
    PageResponse<VisitRow> websiteVisits(@RequestParam long contactId,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        contacts.get(contactId);
        org.springframework.data.domain.Pageable paging = app.klient.platform.web.Paging.of(page, size, null,
                java.util.Map.of(), org.springframework.data.domain.Sort.unsorted());
        int p = paging.getPageNumber();
        int s = paging.getPageSize();
        SiteVisits.Views views = visits.views(contactId, p, s);
        return PageResponse.of(new PageImpl<>(views.items().stream().map(v -> new VisitRow(v.id(), v.visitId(),
                v.at(), v.url(), v.path(), v.title(), v.utmSource(), v.utmMedium(), v.utmCampaign(), v.utmTerm()))
                .toList(), PageRequest.of(p, s), views.total()));
    }
}
