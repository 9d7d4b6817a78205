package app.klient.marketing.campaign;

import app.klient.marketing.Campaigns;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Marketing")
@RequestMapping("/api/v1/marketing/campaigns")
class CampaignApi {

    private final Campaigns campaigns;

    CampaignApi(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @Operation(summary = "List e-mail campaigns, newest first, optionally of one state.")
    @GetMapping
    Campaigns.Page<Campaigns.CampaignRow> list(@RequestParam(required = false) String state,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return campaigns.list(state, page, size);
    }

    @Operation(summary = "Make a draft campaign: segment or list, purpose, sender, subject and HTML body per language "
            + "(merge fields checked, HTML cleaned).")
    @app.klient.marketing.internal.WriteAccess(app.klient.marketing.internal.WriteAccess.Who.MARKETING)
    @PostMapping
    ResponseEntity<Campaigns.CampaignView> create(@RequestBody Campaigns.CampaignForm form) {
        return ResponseEntity.status(HttpStatus.CREATED).body(campaigns.create(form));
    }

    @Operation(summary = "Read a campaign with its contents and how far sending got.")
    @GetMapping("/{id}")
    Campaigns.CampaignView get(@PathVariable long id) {
        return campaigns.get(id);
    }

    @Operation(summary = "Change a campaign that is a draft, scheduled or paused; send the version you read.")
    @app.klient.marketing.internal.WriteAccess(app.klient.marketing.internal.WriteAccess.Who.MARKETING)
    @PutMapping("/{id}")
    Campaigns.CampaignView update(@PathVariable long id, @RequestBody Campaigns.CampaignForm form) {
        return campaigns.update(id, form);
    }

    @Operation(summary = "The message as a contact (or an example contact) gets it: subject, HTML and text parts.")
    @GetMapping("/{id}/preview")
    Campaigns.Preview preview(@PathVariable long id, @RequestParam(required = false) Long contactId,
            @RequestParam(required = false) String language) {
        return campaigns.preview(id, contactId, language);
    }

    @Operation(summary = "Send the message as a contact would get it to one address, marked as a test.")
    @app.klient.marketing.internal.WriteAccess(app.klient.marketing.internal.WriteAccess.Who.MARKETING)
    @PostMapping("/{id}/test")
    Campaigns.Preview test(@PathVariable long id, @RequestBody Campaigns.TestSendForm form) {
        return campaigns.testSend(id, form);
    }

    @Operation(summary = "Schedule a draft to go at a moment (none: now); a moment in the past is refused.")
    @app.klient.marketing.internal.WriteAccess(app.klient.marketing.internal.WriteAccess.Who.MARKETING)
    @PostMapping("/{id}/schedule")
    Campaigns.CampaignView schedule(@PathVariable long id, @RequestBody Campaigns.ScheduleForm form) {
        return campaigns.schedule(id, form);
    }

    @Operation(summary = "Pause a scheduled or sending campaign; nothing more goes until it is resumed.")
    @app.klient.marketing.internal.WriteAccess(app.klient.marketing.internal.WriteAccess.Who.MARKETING)
    @PostMapping("/{id}/pause")
    Campaigns.CampaignView pause(@PathVariable long id, @RequestBody Campaigns.VersionForm form) {
        return campaigns.pause(id, form == null ? null : form.version());
    }

    @Operation(summary = "Resume a paused campaign where it stopped.")
    @app.klient.marketing.internal.WriteAccess(app.klient.marketing.internal.WriteAccess.Who.MARKETING)
    @PostMapping("/{id}/resume")
    Campaigns.CampaignView resume(@PathVariable long id, @RequestBody Campaigns.VersionForm form) {
        return campaigns.resume(id, form == null ? null : form.version());
    }

    @Operation(summary = "Cancel a campaign before it is sent; what went stays sent, nothing more goes.")
    @app.klient.marketing.internal.WriteAccess(app.klient.marketing.internal.WriteAccess.Who.MARKETING)
    @PostMapping("/{id}/cancel")
    Campaigns.CampaignView cancel(@PathVariable long id, @RequestBody Campaigns.VersionForm form) {
        return campaigns.cancel(id, form == null ? null : form.version());
    }

    @Operation(summary = "The contacts a campaign reached for, in contact order: sent, or why not.")
    @GetMapping("/{id}/recipients")
    Campaigns.Page<Campaigns.Recipient> recipients(@PathVariable long id,
            @RequestParam(required = false) String state, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return campaigns.recipients(id, state, page, size);
    }
}
