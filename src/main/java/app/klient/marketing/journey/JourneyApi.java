package app.klient.marketing.journey;

import java.util.List;
import java.util.Map;

import app.klient.identity.Permission;
import app.klient.marketing.Coupons;
import app.klient.platform.KlientException;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Marketing journeys")
@RequestMapping("/api/v1/marketing")
class JourneyApi {

    private final Journeys journeys;
    private final JourneyRun run;
    private final Coupons coupons;

    JourneyApi(Journeys journeys, JourneyRun run, Coupons coupons) {
        this.journeys = journeys;
        this.run = run;
        this.coupons = coupons;
    }

    record JourneyList(List<JourneyView> items, long total) {
    }

    @Operation(operationId = "listJourneys", summary = "The journeys: birthday, anniversary of the first purchase, "
            + "thank-you after it, review request after delivery, and the product notices")
    @GetMapping("/journeys")
    JourneyList list() {
        List<JourneyView> all = journeys.list();
        return new JourneyList(all, all.size());
    }

    @Operation(operationId = "getJourney", summary = "Read one journey with its wording in each language.")
    @GetMapping("/journeys/{id}")
    JourneyView get(@PathVariable long id) {
        return journeys.get(id);
    }

    @Operation(operationId = "createProductNotice", summary = "Make a notice to everyone who bought a product "
            + "(marketers): {\"kind\": \"PRODUCT_NOTICE\", \"name\", \"productId\", \"purchasedSince\", \"contents\", "
            + "\"serviceNotice\", \"enabled\"}; it starts switched off unless \"enabled\": true (which needs the "
            + "wording in its default language). A service notice (the default: a recall, a safety note) goes "
            + "to every buyer with an address whatever their marketing consent, except hard-bounced addresses, "
            + "without an unsubscribe link; \"serviceNotice\": false keeps the consent rule")
    @PostMapping("/journeys")
    ResponseEntity<JourneyView> create(@Valid @RequestBody JourneyForm form) {
        JourneyView made = journeys.createNotice(form);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/marketing/journeys/" + made.id())
                .body(made);
    }

    @Operation(operationId = "changeJourney", summary = "Switch a journey on or off, change its days, coupon, "
            + "purpose or wording (marketers; version required; what is left out stays)")
    @PatchMapping("/journeys/{id}")
    JourneyView change(@PathVariable long id, @Valid @RequestBody JourneyForm form) {
        return journeys.update(id, form);
    }

    @Operation(operationId = "listJourneySends", summary = "Who the journey reached for, newest first: the "
            + "occasion, sent or why not, the subject, the coupon given and where it was used, the proof of purchase")
    @GetMapping("/journeys/{id}/sends")
    PageResponse<JourneySend> sends(@PathVariable long id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return PageResponse.of(journeys.sends(id, Paging.of(page, size, null, Map.of(), Sort.unsorted())));
    }

    record Ran(int sent) {
    }

    @Operation(operationId = "runJourney", summary = "Send what the journey has due now instead of waiting for the "
            + "next run (marketers; a journey switched off is refused with 409; nobody gets an occasion twice)")
    @PostMapping("/journeys/{id}/run")
    Ran runNow(@PathVariable long id) {
        Permission.MARKETING.check();
        if (!journeys.get(id).enabled()) {
            throw KlientException.conflict("journey.run.off");
        }
        return new Ran(run.runToday(id));
    }

    @Operation(operationId = "getCoupon", summary = "A coupon by its code: for whom, how much off, until when, and "
            + "the document it was used on")
    @GetMapping("/coupons/{code}")
    Coupons.Coupon coupon(@PathVariable String code) {
        return coupons.find(code).orElseThrow(() -> KlientException.notFound("journey.coupon.notFound"));
    }
}
