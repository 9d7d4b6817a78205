package app.klient.surveys.web;

import java.util.List;
import java.util.Map;

import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import app.klient.surveys.OccasionView;
import app.klient.surveys.ResponseView;
import app.klient.surveys.SurveyForm;
import app.klient.surveys.SurveyView;
import app.klient.surveys.Surveys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.context.i18n.LocaleContextHolder;
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
@Tag(name = "Surveys")
@RequestMapping("/api/v1")
class SurveyApi {

    private final Surveys surveys;

    SurveyApi(Surveys surveys) {
        this.surveys = surveys;
    }

    record SurveyList(List<SurveyView> items, long total) {
    }

    @Operation(operationId = "listSurveys", summary = "The surveys: NPS, CES, CSAT or custom questions, what sends "
            + "each (a ticket resolved, an order delivered, a purchase, a deal won, a segment, or by hand), and how "
            + "many were invited and answered")
    @GetMapping("/surveys")
    SurveyList list() {
        List<SurveyView> all = surveys.list();
        return new SurveyList(all, all.size());
    }

    @Operation(operationId = "getSurvey", summary = "Read one survey with its questions in English, Polish and Czech.")
    @GetMapping("/surveys/{id}")
    SurveyView get(@PathVariable long id) {
        return surveys.get(id);
    }

    @Operation(operationId = "createSurvey", summary = "Define a survey (administrators): {\"name\", \"kind\": NPS|CES|"
            + "CSAT|CUSTOM, \"trigger\": TICKET_RESOLVED|ORDER_DELIVERED|AFTER_PURCHASE|DEAL_WON|SEGMENT|MANUAL, "
            + "\"delayDays\", \"segmentId\" (a segment's survey), \"quietDays\" (never two surveys of one kind to one "
            + "person within it; 90 unless given), \"validDays\" (how long a link may be answered; 14), \"questions\": "
            + "[{\"kind\": NPS|CES|CSAT|CHOICE|SCALE|TEXT, \"textEn\", \"textPl\", \"textCs\", \"options\": [{\"en\", "
            + "\"pl\", \"cs\"}], \"min\", \"max\", \"required\"}]}. An NPS, CES or CSAT survey asks its score first, "
            + "in the standard wording unless given")
    @PostMapping("/surveys")
    ResponseEntity<SurveyView> create(@Valid @RequestBody SurveyForm form) {
        SurveyView made = surveys.create(form);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/surveys/" + made.id()).body(made);
    }

    @Operation(operationId = "changeSurvey", summary = "Change a survey (administrators; version required; what is "
            + "left out stays). Once somebody was invited, its kind and its questions' shape are fixed: only their "
            + "wording changes")
    @PatchMapping("/surveys/{id}")
    SurveyView change(@PathVariable long id, @Valid @RequestBody SurveyForm form) {
        return surveys.update(id, form);
    }

    @Operation(operationId = "startSurveySegment", summary = "Send a segment's survey (administrators): once, to the "
            + "members whose consent to surveys allows it, each in their own language; the job sends it in batches")
    @PostMapping("/surveys/{id}/start")
    SurveyView start(@PathVariable long id) {
        return surveys.startSegment(id);
    }

    record Invite(@NotNull(message = "{surveys.contact.required}") Long contactId) {
    }

    record Invited(String outcome) {
    }

    @Operation(operationId = "inviteToSurvey", summary = "Ask a contact by hand: {\"contactId\"}. Answers INVITED, or "
            + "why not: QUIET (asked a survey of this kind within the quiet period), NO_CONSENT, SUPPRESSED, "
            + "NO_ADDRESS; 409 when the contact was asked by hand already")
    @PostMapping("/surveys/{id}/invitations")
    Invited invite(@PathVariable long id, @Valid @RequestBody Invite invite) {
        return new Invited(surveys.invite(id, invite.contactId()));
    }

    @Operation(operationId = "listSurveyResponses", summary = "The survey's answers, newest first: who, the score and "
            + "the \"why?\", and the call-back task a poor score made with whether it is done")
    @GetMapping("/surveys/{id}/responses")
    PageResponse<ResponseView> responses(@PathVariable long id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return PageResponse.of(surveys.responses(id, Paging.of(page, size, null, Map.of(), Sort.unsorted())));
    }

    @Operation(operationId = "listSurveyOccasions", summary = "Every occasion the survey met, newest first: who was "
            + "invited (address, language, until when, answered when) or why not")
    @GetMapping("/surveys/{id}/occasions")
    PageResponse<OccasionView> occasions(@PathVariable long id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return PageResponse.of(surveys.occasions(id, Paging.of(page, size, null, Map.of(), Sort.unsorted())));
    }

    @Operation(operationId = "getSurveyResponse", summary = "One answered survey with every answer, worded in the "
            + "caller's language")
    @GetMapping("/survey-responses/{id}")
    ResponseView response(@PathVariable long id) {
        return surveys.response(id, LocaleContextHolder.getLocale());
    }
}
