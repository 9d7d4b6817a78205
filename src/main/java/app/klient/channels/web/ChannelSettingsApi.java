package app.klient.channels.web;

import java.util.List;

import app.klient.channels.internal.ChannelEndpoints;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Telephony")
@RequestMapping("/api/v1/channels")
class ChannelSettingsApi {

    private final ChannelEndpoints endpoints;
    private final app.klient.identity.IntakeTokens tokens;

    ChannelSettingsApi(ChannelEndpoints endpoints, app.klient.identity.IntakeTokens tokens) {
        this.endpoints = endpoints;
        this.tokens = tokens;
    }

    /** What the token is for, and until when it is valid (default: a year). */
    record TokenForm(String name, java.time.OffsetDateTime expiresAt) {
    }

    @Operation(summary = "Issue an API token limited to the channel intake (POST /calls, /calls/ringing, /messages): "
            + "a phone system or gateway holds it instead of an administrator's full rights. The secret is shown "
            + "this once.")
    @PostMapping("/tokens")
    org.springframework.http.ResponseEntity<app.klient.identity.IntakeTokens.Issued> issueIntakeToken(
            @RequestBody TokenForm form) {
        return org.springframework.http.ResponseEntity.status(org.springframework.http.HttpStatus.CREATED)
                .body(tokens.issue(form.name(), form.expiresAt() == null
                        ? java.time.Instant.now().plus(java.time.Duration.ofDays(365)) : form.expiresAt().toInstant()));
    }

    /** The receiver's address (HTTPS), and the version the administrator saw when changing one. */
    record EndpointForm(String url, Integer version) {
    }

    @Operation(summary = "The outbound webhooks: click-to-call (channel \"#call\") and each channel's replies, with "
            + "their secrets (Standard Webhooks).")
    @GetMapping("/endpoints")
    List<ChannelEndpoints.EndpointView> listChannelEndpoints() {
        return endpoints.list();
    }

    @Operation(summary = "Set the address a channel's replies are sent to (a new one gets a new secret).")
    @PutMapping("/endpoints/{channel}")
    ChannelEndpoints.EndpointView saveChannelEndpoint(@PathVariable String channel, @RequestBody EndpointForm form) {
        return endpoints.save(channel, form.url(), form.version());
    }

    @Operation(summary = "Stop sending a channel's replies anywhere.")
    @DeleteMapping("/endpoints/{channel}")
    ResponseEntity<Void> removeChannelEndpoint(@PathVariable String channel) {
        endpoints.remove(channel);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Set the phone system's click-to-call address (a new one gets a new secret).")
    @PutMapping("/click-to-call")
    ChannelEndpoints.EndpointView saveClickToCall(@RequestBody EndpointForm form) {
        return endpoints.save(ChannelEndpoints.CLICK_TO_CALL, form.url(), form.version());
    }

    @Operation(summary = "A new secret for a channel's webhook; the old one signs along for a day.")
    @PostMapping("/endpoints/{channel}/secret")
    ChannelEndpoints.EndpointView rotateChannelSecret(@PathVariable String channel) {
        return endpoints.rotateSecret(channel);
    }
}
