package app.klient.marketing.consent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The page the confirmation e-mail links to, in the language of the form the person filled in. Opening it shows what
 * is being confirmed and a button (a mail scanner following links confirms nothing); the button confirms. A link
 * that is not ours answers a plain 404 that says nothing about anybody.
 */
@Controller
class ConfirmationPages {

    private final FormConsents forms;
    private final Purposes purposes;
    private final MessageSource messages;

    ConfirmationPages(FormConsents forms, Purposes purposes, MessageSource messages) {
        this.forms = forms;
        this.purposes = purposes;
        this.messages = messages;
    }

    @GetMapping("/t/confirm/{token}")
    String show(@PathVariable String token, Model model, HttpServletResponse response) {
        Optional<FormConsents.Confirmation> confirmation = forms.read(token);
        if (confirmation.isEmpty()) {
            return invalid(model, response);
        }
        return page(model, confirmation.get(), token, confirmation.get().confirmed());
    }

    @PostMapping("/t/confirm/{token}")
    String confirm(@PathVariable String token, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        Optional<FormConsents.Confirmation> confirmation = forms.read(token);
        if (confirmation.isEmpty()) {
            return invalid(model, response);
        }
        forms.confirm(token, request.getRemoteAddr());
        return page(model, confirmation.get(), token, true);
    }

    private String page(Model model, FormConsents.Confirmation c, String token, boolean done) {
        Locale locale = c.locale();
        Map<String, String> text = new LinkedHashMap<>();
        for (String key : List.of("title", "intro", "button", "done", "doneText")) {
            text.put(key, messages.getMessage("consent.confirm." + key, null, locale));
        }
        List<Map<String, String>> asked = new java.util.ArrayList<>();
        for (int i = 0; i < c.purposeIds().size(); i++) {
            asked.add(Map.of("label", purposes.find(c.purposeIds().get(i)).map(p -> p.label(locale)).orElse(""),
                    "wording", c.wordings().get(i)));
        }
        model.addAttribute("lang", locale.getLanguage());
        model.addAttribute("text", text);
        model.addAttribute("asked", asked);
        model.addAttribute("token", token);
        model.addAttribute("done", done);
        return "marketing/consent/confirm";
    }

    private String invalid(Model model, HttpServletResponse response) {
        Locale locale = LocaleContextHolder.getLocale();
        response.setStatus(404);
        model.addAttribute("lang", locale.getLanguage());
        model.addAttribute("text", Map.of("title", messages.getMessage("consent.confirm.invalidTitle", null, locale),
                "intro", messages.getMessage("consent.confirm.invalid", null, locale)));
        model.addAttribute("asked", List.of());
        model.addAttribute("invalid", true);
        return "marketing/consent/confirm";
    }
}
