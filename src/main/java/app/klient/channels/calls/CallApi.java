package app.klient.channels.calls;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import app.klient.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Telephony")
@RequestMapping("/api/v1/calls")
class CallApi {

    private final Calls calls;
    private final Problems problems;

    CallApi(Calls calls, Problems problems) {
        this.calls = calls;
        this.problems = problems;
    }

    /** Up to 500 finished calls at once. */
    record CallBatch(List<CallReport> calls) {
    }

    /**
     * One call of a batch, in the order sent: 201 stored now, 200 stored before (the same callId), 400 refused with
     * a problem saying which fields are wrong.
     */
    record BatchItem(int index, int status, CallView call, ProblemDetail problem) {
    }

    record BatchResult(int stored, int refused, List<BatchItem> results) {
    }

    /** Which record a call from an unknown number belongs to: a contact or a company. */
    record CallLink(Long contactId, Long companyId) {
    }

    @Operation(summary = "Report a call that ended (phone systems, call centers): stored, matched by E.164 to a "
            + "contact or company, put on the timeline; a missed inbound call makes a call-back task. The same "
            + "callId again answers the stored call with 200.")
    @PostMapping
    ResponseEntity<CallView> reportCall(@RequestBody CallReport report) {
        Calls.Stored stored = calls.record(report);
        return ResponseEntity.status(stored.created() ? HttpStatus.CREATED : HttpStatus.OK).body(stored.call());
    }

    @Operation(summary = "Report up to 500 calls that ended at once (a phone system's call records since its last "
            + "upload), each as POST /api/v1/calls does one; a call with wrong fields is refused alone (its item "
            + "carries the problem) and the others are stored. 200 with one item per call, in order.")
    @PostMapping("/batch")
    BatchResult reportCalls(@RequestBody CallBatch batch) {
        List<Calls.Outcome> outcomes = calls.recordAll(batch.calls());
        List<BatchItem> items = new ArrayList<>(outcomes.size());
        int refused = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            Calls.Outcome outcome = outcomes.get(i);
            String item = "calls[" + i + "].";
            if (outcome.refused() != null) {
                refused++;
                items.add(new BatchItem(i, 400, null, problems.invalid("error.invalid", outcome.refused().errors()
                        .stream().map(error -> new Problems.FieldProblem(item + error.field(),
                                problems.text(error.messageKey(), null, error.arguments())))
                        .toList())));
            }
            else {
                items.add(new BatchItem(i, outcome.stored().created() ? 201 : 200, outcome.stored().call(), null));
            }
        }
        return new BatchResult(items.size() - refused, refused, items);
    }

    @Operation(summary = "A call is ringing: the agent's open Klient pages show the caller's card at once (screen "
            + "pop); an unknown number offers a new contact with the number filled in.")
    @PostMapping("/ringing")
    ResponseEntity<Map<String, Object>> callRinging(@RequestBody Ringing ringing) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(calls.ring(ringing));
    }

    /** The number to call, in any spelling. */
    record Dial(String number) {
    }

    @Operation(summary = "Click-to-call: asks the phone system (through the click-to-call webhook, signed and "
            + "retried) to ring the signed-in user's phone and then dial the number; 409 when not set up.")
    @PostMapping("/dial")
    ResponseEntity<Map<String, Object>> dialNumber(@RequestBody Dial dial) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("deliveryId", calls.dial(dial.number())));
    }

    @Operation(summary = "Calls, newest first. Filters: contactId, companyId, agentId, number (any spelling), "
            + "outcome, direction, unlinked (numbers nobody has), from, to")
    @GetMapping
    PageResponse<CallView> listCalls(@RequestParam(required = false) Long contactId,
            @RequestParam(required = false) Long companyId, @RequestParam(required = false) Long agentId,
            @RequestParam(required = false) String number, @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String direction, @RequestParam(required = false) Boolean unlinked,
            @RequestParam(required = false) OffsetDateTime from, @RequestParam(required = false) OffsetDateTime to,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return PageResponse.of(calls.list(new Calls.Query(contactId, companyId, agentId, number, outcome, direction,
                unlinked, from == null ? null : from.toInstant(), to == null ? null : to.toInstant()),
                Paging.of(page, size, null, Map.of(), Sort.unsorted())));
    }

    @Operation(summary = "Read one call.")
    @GetMapping("/{id}")
    CallView getCall(@PathVariable long id) {
        return calls.get(id);
    }

    @Operation(summary = "Tie a call from an unknown number to a contact or a company; it lands on their timeline.")
    @PostMapping("/{id}/link")
    CallView linkCall(@PathVariable long id, @RequestBody CallLink link) {
        return calls.link(id, link.contactId(), link.companyId());
    }
}
