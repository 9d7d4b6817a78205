package app.klient.surveys.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.customers.Contacts;
import app.klient.identity.OwnedRecords;
import app.klient.marketing.Segments;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.BarChart;
import app.klient.platform.web.Flash;
import app.klient.platform.web.Paging;
import app.klient.surveys.QuestionForm;
import app.klient.surveys.QuestionKind;
import app.klient.surveys.SurveyForm;
import app.klient.surveys.SurveyKind;
import app.klient.surveys.SurveyTrigger;
import app.klient.surveys.SurveyView;
import app.klient.surveys.Surveys;
import app.klient.surveys.results.SurveyResults;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The surveys pages: the list (and a new survey, for the administrator), a survey with its settings and questions,
 * its answers (a poor one with its call-back task), who was asked or why not, one answer in full, and asking a contact
 * by hand.
 */
@Controller
@RequestMapping("/surveys")
class SurveyPages {

    /** Empty question rows the form offers beyond the questions a survey has. */
    private static final int SPARE_ROWS = 3;

    private final Surveys surveys;
    private final Segments segments;
    private final SurveyResults results;
    private final Contacts contacts;
    private final MessageSource messages;

    SurveyPages(Surveys surveys, Segments segments, SurveyResults results, Contacts contacts,
            MessageSource messages) {
        this.contacts = contacts;
        this.messages = messages;
        this.surveys = surveys;
        this.segments = segments;
        this.results = results;
    }

    @GetMapping
    String list(Model model) {
        return listPage(model);
    }

    private String listPage(Model model) {
        model.addAttribute("surveys", surveys.list());
        model.addAttribute("mayDefine", Surveys.mayDefine());
        model.addAttribute("kinds", SurveyKind.values());
        model.addAttribute("triggers", SurveyTrigger.values());
        model.addAttribute("segments", segments.choices());
        return "surveys/list";
    }

    @PostMapping
    String create(@RequestParam Map<String, String> fields, Model model, RedirectAttributes redirect) {
        Surveys.checkAdministrator();
        try {
            SurveyView made = surveys.create(new SurveyForm(fields.get("name"),
                    choice(SurveyKind.class, fields.get("kind"), "kind"),
                    choice(SurveyTrigger.class, fields.get("trigger"), "trigger"),
                    number(fields.get("delayDays"), "delayDays"), id(fields.get("segmentId"), "segmentId"),
                    number(fields.get("quietDays"), "quietDays"), number(fields.get("validDays"), "validDays"), true,
                    null, null));
            redirect.addFlashAttribute("flash", "surveys.created");
            return "redirect:/surveys/" + made.id();
        }
        catch (KlientException e) {
            typed("new", e, fields, model, List.of());
            return listPage(model);
        }
    }

    @GetMapping("/{id:\\d+}")
    String survey(@PathVariable long id, @RequestParam(required = false) Integer page, Model model) {
        return surveyPage(id, page, model);
    }

    private String surveyPage(long id, Integer page, Model model) {
        SurveyView survey = surveys.get(id);
        model.addAttribute("survey", survey);
        model.addAttribute("mayDefine", Surveys.mayDefine());
        // a segment's survey not yet started: whom it would ask, and why not the others, before anybody presses start
        model.addAttribute("reach", survey.trigger() == SurveyTrigger.SEGMENT && survey.segmentStartedAt() == null
                && survey.segmentId() != null ? surveys.reach(id) : null);
        model.addAttribute("mayInvite", OwnedRecords.canCreate());
        model.addAttribute("kinds", SurveyKind.values());
        model.addAttribute("triggers", SurveyTrigger.values());
        model.addAttribute("questionKinds", QuestionKind.values());
        model.addAttribute("segments", segments.choices());
        model.addAttribute("spare", SPARE_ROWS);
        model.addAttribute("language", LocaleContextHolder.getLocale().getLanguage());
        model.addAttribute("responses", surveys.responses(id, Paging.of(page, 25, null, Map.of(), Sort.unsorted())));
        String answers = "/surveys/results/responses?survey=" + id;
        model.addAttribute("perQuestion", results.perQuestion(survey, LocaleContextHolder.getLocale()).stream()
                .map(r -> new QuestionChart(r, BarChart.counts(r.values().stream()
                        .map(v -> new BarChart.Bar(v.label(), answers, BigDecimal.valueOf(v.count()), null)).toList())))
                .toList());
        model.addAttribute("answersOfSurvey", answers);
        model.addAttribute("listBase", "/surveys/" + id + "?");
        return "surveys/survey";
    }

    /** A question's answers and the same values drawn as bars. */
    record QuestionChart(SurveyResults.QuestionResult result, BarChart chart) {
    }

    @PostMapping("/{id:\\d+}")
    String save(@PathVariable long id, @RequestParam Map<String, String> fields, Model model,
            RedirectAttributes redirect) {
        Surveys.checkAdministrator();
        List<Integer> rows = new ArrayList<>();
        try {
            surveys.update(id, new SurveyForm(fields.get("name"),
                    choice(SurveyKind.class, fields.get("kind"), "kind"),
                    choice(SurveyTrigger.class, fields.get("trigger"), "trigger"),
                    number(fields.get("delayDays"), "delayDays"), id(fields.get("segmentId"), "segmentId"),
                    number(fields.get("quietDays"), "quietDays"), number(fields.get("validDays"), "validDays"),
                    "true".equals(fields.get("active")), questions(fields, rows),
                    number(fields.get("version"), "version")));
            redirect.addFlashAttribute("flash", "surveys.saved");
            return "redirect:/surveys/" + id;
        }
        catch (KlientException e) {
            typed("settings", e, fields, model, rows);
            return surveyPage(id, null, model);
        }
    }

    @PostMapping("/{id:\\d+}/start")
    String start(@PathVariable long id, RedirectAttributes redirect) {
        Surveys.checkAdministrator();
        try {
            surveys.startSegment(id);
            redirect.addFlashAttribute("flash", "surveys.segment.startedFlash");
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:/surveys/" + id;
    }

    @PostMapping("/{id:\\d+}/invite")
    String invite(@PathVariable long id, @RequestParam Map<String, String> fields, Model model,
            RedirectAttributes redirect) {
        String contactId = fields.get("contactId");
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(org.springframework.http.HttpStatus.FORBIDDEN, "surveys.invite.forbidden");
        }
        try {
            Long contact = id(contactId, "contactId");
            if (contact == null) {
                throw new InvalidFields(List.of(new InvalidFields.FieldError("contactId", "surveys.contact.unknown")));
            }
            String outcome = surveys.invite(id, contact);
            if ("INVITED".equals(outcome)) {
                redirect.addFlashAttribute("flash", "surveys.invite.sent");
            }
            else {
                redirect.addFlashAttribute("flashError", "surveys.outcome.why." + outcome);
            }
            return "redirect:/surveys/" + id;
        }
        catch (KlientException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            typed("invite", e, fields, model, List.of());
            // the contact chosen stays chosen: the picker shows them as its one option
            Long chosen = contactId != null && contactId.strip().matches("\\d{1,18}")
                    ? Long.valueOf(contactId.strip()) : null;
            model.addAttribute("invitedContact", chosen == null || !contacts.exists(chosen) ? null
                    : Map.of("id", chosen, "name", contacts.get(chosen).fullName()));
            return surveyPage(id, null, model);
        }
    }

    /**
     * A form refused: it is shown again ({@code typedForm}: which of the page's forms) with what was typed
     * ({@code typed}), each problem under its field
     * ({@code problems}: the field as posted — a question's problems under {@code question_0} — and its message in
     * the reader's language), and a problem of no field on top ({@code formError}).
     */
    private void typed(String form, KlientException e, Map<String, String> fields, Model model,
            List<Integer> questionRows) {
        if (e.status().value() == 403) {
            throw e;
        }
        Locale locale = LocaleContextHolder.getLocale();
        Map<String, String> problems = new HashMap<>();
        String formError = null;
        if (e instanceof InvalidFields invalid && !invalid.errors().isEmpty()) {
            for (InvalidFields.FieldError error : invalid.errors()) {
                String text = messages.getMessage(error.messageKey(), error.arguments(), locale);
                java.util.regex.Matcher question = QUESTION.matcher(error.field() == null ? "" : error.field());
                problems.putIfAbsent(question.matches() ? "question_" + row(questionRows, question.group(1))
                        : error.field() == null ? "form" : error.field(), text);
            }
        }
        else {
            formError = messages.getMessage(e.messageKey(), e.arguments(), locale);
        }
        model.addAttribute("typedForm", form);
        model.addAttribute("typed", fields);
        model.addAttribute("problems", problems);
        model.addAttribute("formError", formError != null ? formError : problems.isEmpty() ? null
                : messages.getMessage("surveys.form.check", null, locale));
    }

    /** The form's row of the n-th question kept (rows left empty are not questions). */
    private static String row(List<Integer> rows, String n) {
        int kept = Integer.parseInt(n);
        return kept < rows.size() ? rows.get(kept).toString() : n;
    }

    private static final java.util.regex.Pattern QUESTION = java.util.regex.Pattern.compile("questions\\[(\\d+)].*");

    @GetMapping("/{id:\\d+}/log")
    String log(@PathVariable long id, @RequestParam(required = false) Integer page, Model model) {
        model.addAttribute("survey", surveys.get(id));
        model.addAttribute("occasions", surveys.occasions(id, Paging.of(page, 50, null, Map.of(), Sort.unsorted())));
        model.addAttribute("listBase", "/surveys/" + id + "/log?");
        return "surveys/log";
    }

    @GetMapping("/responses/{id:\\d+}")
    String response(@PathVariable long id, Model model) {
        var response = surveys.response(id, LocaleContextHolder.getLocale());
        model.addAttribute("response", response);
        model.addAttribute("survey", surveys.get(response.surveyId()));
        return "surveys/response";
    }

    /**
     * The question rows as posted ({@code kind_0}, {@code en_0}, {@code pl_0}, {@code cs_0}, {@code options_0} — one
     * choice a line, "English | Polski | Čeština" —, {@code min_0}, {@code max_0}, {@code required_0}); a row with no
     * kind, or with neither a kind's score nor an English text, is left out; {@code rows} gets the row of each
     * question kept.
     */
    private static List<QuestionForm> questions(Map<String, String> fields, List<Integer> rows) {
        List<QuestionForm> questions = new ArrayList<>();
        for (int i = 0; i < 20 && fields.containsKey("kind_" + i); i++) {
            QuestionKind kind = choice(QuestionKind.class, fields.get("kind_" + i),
                    "questions[" + questions.size() + "].kind");
            String en = fields.get("en_" + i);
            if (kind == null || (!kind.isScore() && (en == null || en.isBlank()))) {
                continue;
            }
            List<QuestionForm.Option> options = null;
            if (kind == QuestionKind.CHOICE && fields.get("options_" + i) != null) {
                options = new ArrayList<>();
                for (String line : fields.get("options_" + i).split("\\R")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] parts = line.split("\\|", -1);
                    options.add(new QuestionForm.Option(parts[0].strip(), parts.length > 1 ? parts[1].strip() : null,
                            parts.length > 2 ? parts[2].strip() : null));
                }
            }
            questions.add(new QuestionForm(kind, en, fields.get("pl_" + i), fields.get("cs_" + i),
                    options, number(fields.get("min_" + i), "questions[" + questions.size() + "].min"),
                    number(fields.get("max_" + i), "questions[" + questions.size() + "].max"),
                    "true".equals(fields.get("required_" + i))));
            rows.add(i);
        }
        return questions;
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        }
        catch (IllegalArgumentException e) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError(field, "surveys.choice.invalid")));
        }
    }

    private static Integer number(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.strip().matches("\\d{1,5}")) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError(field, "surveys.number.invalid")));
        }
        return Integer.valueOf(value.strip());
    }

    private static Long id(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.strip().matches("\\d{1,18}")) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError(field, "surveys.number.invalid")));
        }
        return Long.valueOf(value.strip());
    }

}
