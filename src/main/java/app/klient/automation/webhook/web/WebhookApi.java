package app.klient.automation.webhook.web;

import java.util.List;
import java.util.Map;

import app.klient.automation.webhook.WebhookDelivery;
import app.klient.automation.webhook.WebhookForm;
import app.klient.automation.webhook.WebhookSubscriptions;
import app.klient.automation.webhook.WebhookView;
import app.klient.identity.Permission;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Webhooks")
@RequestMapping("/api/v1/automation/webhooks")
class WebhookApi {

    private final WebhookSubscriptions subscriptions;

    WebhookApi(WebhookSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    /** Before anything of the request is read: others learn nothing, not even whether an id exists. */
    @ModelAttribute
    void administratorsOnly() {
        Permission.WEBHOOKS.check();
    }

    record WebhookList(List<WebhookView> items, long total) {
    }

    /** The version a transition starts from. */
    record Version(Integer version) {
    }

    @Operation(operationId = "listWebhooks", summary = "The webhook subscriptions (administrators): address, events, "
            + "on or why off (HAND, GONE after a 410, FAILING after three days of failures), secrets, last delivery")
    @GetMapping
    WebhookList list() {
        List<WebhookView> all = subscriptions.list();
        return new WebhookList(all, all.size());
    }

    @Operation(operationId = "createWebhook", summary = "Subscribe a receiver to events (administrators): {\"url\", "
            + "\"description\", \"eventTypes\": [\"deal.won\", …] or [\"*\"], \"enabled\"}. The address must be "
            + "HTTPS (plain HTTP only to an allowed network) and may not resolve to a loopback, link-local or private "
            + "address unless allowed (klient.webhooks.allowed-networks). The answer carries the new secret "
            + "(whsec_…) to verify the Standard Webhooks signatures with.")
    @PostMapping
    ResponseEntity<WebhookView> create(@Valid @RequestBody WebhookForm form) {
        WebhookView made = subscriptions.create(form);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/automation/webhooks/" + made.id())
                .body(made);
    }

    @Operation(operationId = "getWebhook", summary = "Read one webhook subscription with its secret (and, for a day "
            + "after a rotation, the previous one)")
    @GetMapping("/{id}")
    WebhookView get(@PathVariable long id) {
        return subscriptions.get(id);
    }

    @Operation(operationId = "changeWebhook", summary = "Change a subscription's address, description and events "
            + "(version required; 409 when someone changed it meanwhile). Switching on and off are their own calls.")
    @PutMapping("/{id}")
    WebhookView change(@PathVariable long id, @Valid @RequestBody WebhookForm form) {
        return subscriptions.update(id, form);
    }

    @Operation(operationId = "deleteWebhook", summary = "Delete a subscription with its delivery log; what was "
            + "pending is not sent")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        subscriptions.delete(id);
    }

    @Operation(operationId = "enableWebhook", summary = "Switch a subscription on ({\"version\"}): its failures are "
            + "forgotten and what waited is sent; 409 if it is on already")
    @PostMapping("/{id}/enable")
    WebhookView enable(@PathVariable long id, @RequestBody Version version) {
        return subscriptions.enable(id, version.version());
    }

    @Operation(operationId = "disableWebhook", summary = "Switch a subscription off ({\"version\"}): nothing is "
            + "sent until it is on again; 409 if it is off already")
    @PostMapping("/{id}/disable")
    WebhookView disable(@PathVariable long id, @RequestBody Version version) {
        return subscriptions.disable(id, version.version());
    }

    @Operation(operationId = "rotateWebhookSecret", summary = "Give a subscription a new secret; the previous one "
            + "keeps signing alongside it for 24 hours (two signatures in webhook-signature), so the receiver can "
            + "switch over without losing a message")
    @PostMapping("/{id}/rotate-secret")
    WebhookView rotate(@PathVariable long id) {
        return subscriptions.rotateSecret(id);
    }

    @Operation(operationId = "testWebhook", summary = "Queue a webhook.test message to this subscription alone, "
            + "whatever events it wants; 409 if it is off")
    @PostMapping("/{id}/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    WebhookDelivery test(@PathVariable long id) {
        return subscriptions.sendTest(id);
    }

    @Operation(operationId = "listWebhookDeliveries", summary = "A subscription's deliveries, newest first: event, "
            + "webhook-id, state (PENDING, DELIVERED, FAILED), attempts, the last status or error, when due again. "
            + "Page with after=<next> from the previous answer, before=<previous> back.")
    @GetMapping("/{id}/deliveries")
    PageResponse<WebhookDelivery> deliveries(@PathVariable long id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size,
            @Parameter(description = "the next page: the 'next' cursor of the page before") @RequestParam(required = false) String after,
            @Parameter(description = "the page before: the 'previous' cursor of the page after") @RequestParam(required = false) String before) {
        return PageResponse.of(subscriptions.deliveries(id, Paging.of(page, size, null, Map.of(), Sort.unsorted()),
                after, before));
    }

    @Operation(operationId = "getWebhookDelivery", summary = "One delivery: the payload sent and every attempt "
            + "(status, duration, the start of the answer, the error)")
    @GetMapping("/{id}/deliveries/{deliveryId}")
    WebhookDelivery.Details delivery(@PathVariable long id, @PathVariable long deliveryId) {
        return subscriptions.delivery(id, deliveryId);
    }

    @Operation(operationId = "redeliverWebhook", summary = "Send a delivered or failed message again as the same "
            + "message (the same webhook-id and body, freshly signed); 409 while it is still pending or the "
            + "subscription is off")
    @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    WebhookDelivery redeliver(@PathVariable long id, @PathVariable long deliveryId) {
        return subscriptions.redeliver(id, deliveryId);
    }
}
