package app.klient.surveys.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    SurveyPages(Surveys surveys, Segments segments, SurveyResults results) {
        this.surveys = surveys;
        this.segments = segments;
        this.results = results;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("surveys", surveys.list());
        model.addAttribute("mayDefine", Surveys.mayDefine());
        model.addAttribute("kinds", SurveyKind.values());
        model.addAttribute("triggers", SurveyTrigger.values());
        model.addAttribute("segments", segments.choices());
        return "surveys/list";
    }

    @PostMapping
    String create(@RequestParam Map<String, String> fields, RedirectAttributes redirect) {
        Surveys.checkAdministrator();
        try {
            SurveyView made = surveys.create(new SurveyForm(cut(fields.get("name"), 100),
                    choice(SurveyKind.class, fields.get("kind"), "kind"),
                    choice(SurveyTrigger.class, fields.get("trigger"), "trigger"),
                    number(fields.get("delayDays"), "delayDays"), id(fields.get("segmentId"), "segmentId"),
                    number(fields.get("quietDays"), "quietDays"), number(fields.get("validDays"), "validDays"), true,
                    null, null));
            redirect.addFlashAttribute("flash", "surveys.created");
            return "redirect:/surveys/" + made.id();
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
            return "redirect:/surveys";
        }
    }

    @GetMapping("/{id:\\d+}")
    String survey(@PathVariable long id, @RequestParam(required = false) Integer page, Model model) {
        SurveyView survey = surveys.get(id);
        model.addAttribute("survey", survey);
        model.addAttribute("mayDefine", Surveys.mayDefine());
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
    String save(@PathVariable long id, @RequestParam Map<String, String> fields, RedirectAttributes redirect) {
        Surveys.checkAdministrator();
        try {
            surveys.update(id, new SurveyForm(cut(fields.get("name"), 100),
                    choice(SurveyKind.class, fields.get("kind"), "kind"),
                    choice(SurveyTrigger.class, fields.get("trigger"), "trigger"),
                    number(fields.get("delayDays"), "delayDays"), id(fields.get("segmentId"), "segmentId"),
                    number(fields.get("quietDays"), "quietDays"), number(fields.get("validDays"), "validDays"),
                    "true".equals(fields.get("active")), questions(fields), number(fields.get("version"), "version")));
            redirect.addFlashAttribute("flash", "surveys.saved");
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:/surveys/" + id;
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
    String invite(@PathVariable long id, @RequestParam(required = false) String contactId,
            RedirectAttributes redirect) {
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
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:/surveys/" + id;
    }

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
     * kind, or with neither a kind's score nor an English text, is left out.
     */
    private static List<QuestionForm> questions(Map<String, String> fields) {
        List<QuestionForm> questions = new ArrayList<>();
        for (int i = 0; i < 20 && fields.containsKey("kind_" + i); i++) {
            QuestionKind kind = choice(QuestionKind.class, fields.get("kind_" + i), "questions[" + i + "].kind");
            String en = cut(fields.get("en_" + i), 500);
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
                    options.add(new QuestionForm.Option(cut(parts[0].strip(), 200),
                            parts.length > 1 ? cut(parts[1].strip(), 200) : null,
                            parts.length > 2 ? cut(parts[2].strip(), 200) : null));
                }
            }
            questions.add(new QuestionForm(kind, en, cut(fields.get("pl_" + i), 500), cut(fields.get("cs_" + i), 500),
                    options, number(fields.get("min_" + i), "questions[" + i + "].min"),
                    number(fields.get("max_" + i), "questions[" + i + "].max"),
                    "true".equals(fields.get("required_" + i))));
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

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

}
