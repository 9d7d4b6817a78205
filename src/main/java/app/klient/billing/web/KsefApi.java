package app.klient.billing.web;

import java.util.List;
import java.util.Map;

import app.klient.billing.ksef.KsefAccount;
import app.klient.billing.ksef.KsefEndpoint;
import app.klient.billing.ksef.KsefProgress;
import app.klient.billing.ksef.KsefRow;
import app.klient.billing.ksef.KsefState;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** KSeF as people see it over the API: the administrator's settings and each invoice's way to KSeF. */
@RestController
@Tag(name = "KSeF")
@RequestMapping("/api/v1")
class KsefApi {

    private final KsefAccount account;
    private final KsefProgress progress;
    private final KsefEndpoint endpoint;

    KsefApi(KsefAccount account, KsefProgress progress, KsefEndpoint endpoint) {
        this.account = account;
        this.progress = progress;
        this.endpoint = endpoint;
    }

    @Operation(summary = "Read the KSeF settings (administrators): switched on or off, the environment and its "
            + "addresses, whether a token is set (never the token), the last problem met talking to KSeF")
    @GetMapping("/ksef/settings")
    KsefSettingsBody settings() {
        KsefAccount.checkAdministrator();
        return KsefSettingsBody.of(account.settings(), account.lastContact(), endpoint);
    }

    @Operation(summary = "Change the KSeF settings (administrators; send the version you read): enabled, environment "
            + "(TEST, DEMO, PRODUCTION), a new token (left out: the stored one stays); switching on needs a token and "
            + "the seller's NIP")
    @PutMapping("/ksef/settings")
    KsefSettingsBody update(@RequestBody(required = false) KsefSettingsBody body) {
        // refused before the body is judged: a refusal tells nothing of what the settings need
        KsefAccount.checkAdministrator();
        if (body == null || body.enabled() == null) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("enabled", "ksef.enabledRequired")));
        }
        account.save(body.enabled(), body.chosenEnvironment(), body.token(), body.version());
        return settings();
    }

    @Operation(summary = "List invoices on their way to KSeF, the newest first. Filter: state (WAITING, SENT, "
            + "REJECTED, ACCEPTED; none: all but the accepted); a rejection comes with its reason in plain words")
    @GetMapping("/ksef/invoices")
    PageResponse<KsefRow> invoices(@RequestParam(required = false) String state,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        if (state != null && !KsefProgress.STATES.contains(state)) {
            throw KlientException.invalid("ksef.stateUnknown", String.join(", ", KsefProgress.STATES));
        }
        return PageResponse.of(progress.list(state, Paging.of(page, size, null, Map.of(), Sort.unsorted())));
    }

    @Operation(summary = "Where the invoice is on its way to KSeF: state (WAITING, SENT, ACCEPTED, REJECTED, or none "
            + "when never queued), offline, KSeF number, a rejection in plain words and what to do, the QR link")
    @GetMapping("/invoices/{id}/ksef")
    KsefState state(@PathVariable long id) {
        return progress.of(id);
    }

    @Operation(summary = "The official receipt (UPO) of an invoice KSeF accepted, as XML signed by the Ministry")
    @GetMapping(value = "/invoices/{id}/ksef/upo", produces = MediaType.APPLICATION_XML_VALUE)
    ResponseEntity<byte[]> upo(@PathVariable long id) {
        return upoResponse(id, progress.upo(id));
    }

    record Resend(Integer version) {
    }

    @Operation(summary = "Send a rejected invoice to KSeF again (whoever may act on the invoice; send the version "
            + "read from its KSeF state): it goes back to WAITING")
    @PostMapping("/invoices/{id}/ksef/resend")
    KsefState resend(@PathVariable long id, @RequestBody(required = false) Resend body) {
        return progress.resend(id, body == null ? null : body.version());
    }

    static ResponseEntity<byte[]> upoResponse(long id, byte[] upo) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"UPO-" + id + ".xml\"")
                .header("X-Content-Type-Options", "nosniff").body(upo);
    }
}
