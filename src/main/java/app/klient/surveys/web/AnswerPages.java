package app.klient.surveys.web;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.billing.Seller;
import app.klient.platform.InvalidFields;
import app.klient.surveys.QuestionView;
import app.klient.surveys.internal.Answers;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The customer's survey (public, under {@code /forms}: no session, the token is the key), short and made for a phone,
 * in the language of the invitation. A link that is not one, has expired or was answered already gets a page that
 * says which; answers out of range come back with the question marked and what was chosen kept.
 */
@Controller
class AnswerPages {

    private final Answers answers;
    private final MessageSource messages;

    private final Seller seller;

    AnswerPages(Answers answers, MessageSource messages, Seller seller) {
        this.seller = seller;
        this.answers = answers;
        this.messages = messages;
    }

    @GetMapping("/forms/survey/{token}")
    String survey(@PathVariable String token, @RequestParam Map<String, String> chosen, Model model,
            HttpServletResponse response) {
        try {
            Answers.Open open = answers.open(token);
            show(open, token, chosen, Map.of(), model);
            return "surveys/answer";
        }
        catch (Answers.Unavailable e) {
            return closed(e, model, response);
        }
    }

    @PostMapping("/forms/survey/{token}")
    String answer(@PathVariable String token, @RequestParam Map<String, String> fields, Model model,
            HttpServletResponse response) {
        try {
            String language = answers.answer(token, fields).language();
            model.addAttribute("lang", language);
            model.addAttribute("done", true);
            model.addAttribute("text", words(language));
            return "surveys/answer";
        }
        catch (InvalidFields e) {
            Answers.Open open = answers.open(token);
            Map<String, String> problems = new HashMap<>();
            Locale locale = Locale.forLanguageTag(open.language());
            for (InvalidFields.FieldError error : e.errors()) {
                problems.putIfAbsent(error.field(), messages.getMessage(error.messageKey(), error.arguments(),
                        locale));
            }
            response.setStatus(400);
            show(open, token, fields, problems, model);
            return "surveys/answer";
        }
        catch (Answers.Unavailable e) {
            return closed(e, model, response);
        }
    }

    private void show(Answers.Open open, String token, Map<String, String> chosen, Map<String, String> problems,
            Model model) {
        String language = open.language();
        List<Map<String, Object>> questions = open.survey().questions().stream().map(q -> question(q, language,
                chosen.get(q.field()), problems.get(q.field()))).toList();
        model.addAttribute("lang", language);
        model.addAttribute("token", token);
        model.addAttribute("about", open.about());
        // who asks: the company, as on its invoices (a customer answers people they know)
        String company = seller.get().name();
        model.addAttribute("asker", company == null || company.isBlank() ? null
                : messages.getMessage("surveys.page.asker", new Object[] { company }, Locale.forLanguageTag(language)));
        model.addAttribute("questions", questions);
        model.addAttribute("comment", chosen.get("comment"));
        model.addAttribute("commentProblem", problems.get("comment"));
        model.addAttribute("invalid", !problems.isEmpty());
        model.addAttribute("text", words(language));
    }

    private Map<String, Object> question(QuestionView q, String language, String chosen, String problem) {
        Map<String, Object> shown = new HashMap<>();
        shown.put("field", q.field());
        shown.put("kind", q.kind().name());
        shown.put("text", q.text(language));
        shown.put("required", q.required());
        shown.put("chosen", chosen);
        shown.put("problem", problem);
        shown.put("values", null);
        shown.put("options", null);
        shown.put("lowLabel", null);
        shown.put("highLabel", null);
        if (q.low() != null) {
            shown.put("values", java.util.stream.IntStream.rangeClosed(q.low(), q.high()).boxed().toList());
            Locale locale = Locale.forLanguageTag(language);
            String kind = q.kind().isScore() ? q.kind().name() : "SCALE";
            shown.put("lowLabel", messages.getMessage("surveys.answer.low." + kind, null, locale));
            shown.put("highLabel", messages.getMessage("surveys.answer.high." + kind, null, locale));
        }
        if (q.options() != null) {
            shown.put("options", q.options().stream().map(o -> o.in(language)).toList());
        }
        return shown;
    }

    private String closed(Answers.Unavailable e, Model model, HttpServletResponse response) {
        String language = e.language() != null ? e.language() : LocaleContextHolder.getLocale().getLanguage();
        if (!language.matches("en|pl|cs")) {
            language = "en";
        }
        response.setStatus(e.why() == Answers.Closed.UNKNOWN ? 404 : 410);
        model.addAttribute("lang", language);
        model.addAttribute("closed", e.why().name());
        model.addAttribute("text", words(language));
        return "surveys/answer";
    }

    private static final List<String> WORDS = List.of("title", "send", "comment", "invalid", "thanks", "thanksText",
        "closed.UNKNOWN", "closed.UNKNOWN.text", "closed.EXPIRED", "closed.EXPIRED.text", "closed.ANSWERED",
        "closed.ANSWERED.text", "optional");

    /** The page's words in the invitation's language, whatever the browser asks for. */
    private Map<String, String> words(String language) {
        Locale locale = Locale.forLanguageTag(language);
        Map<String, String> text = new HashMap<>();
        for (String key : WORDS) {
            text.put(key, messages.getMessage("surveys.page." + key, null, locale));
        }
        return text;
    }
}
