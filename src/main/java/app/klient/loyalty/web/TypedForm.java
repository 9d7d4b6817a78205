package app.klient.loyalty.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.ui.Model;

/**
 * A loyalty form refused: the page is shown again with what was typed in its fields, each refusal beside its field
 * and any other above the form, so nothing typed is lost. The model gets {@code refusedForm} (which form of the
 * page), {@code typed}, {@code fieldErrors} and {@code formErrors}. 403 and 404 are thrown on, to the error page.
 */
public final class TypedForm {

    private TypedForm() {
    }

    public static void refused(KlientException e, String form, Map<String, String> typed, Set<String> fields, Model model,
            MessageSource messages) {
        if (e.status().value() == 403 || e.status().value() == 404) {
            throw e;
        }
        Locale locale = LocaleContextHolder.getLocale();
        Map<String, String> fieldErrors = new LinkedHashMap<>();
        List<String> formErrors = new ArrayList<>();
        if (e instanceof InvalidFields invalid && !invalid.errors().isEmpty()) {
            for (InvalidFields.FieldError error : invalid.errors()) {
                String text = messages.getMessage(error.messageKey(), error.arguments(), error.messageKey(), locale);
                if (error.field() != null && fields.contains(error.field())) {
                    fieldErrors.putIfAbsent(error.field(), text);
                }
                else {
                    formErrors.add(text);
                }
            }
        }
        else {
            formErrors.add(messages.getMessage(e.messageKey(), e.arguments(), e.messageKey(), locale));
        }
        // what was typed comes back as typed, less the bytes no form field holds
        Map<String, String> kept = new HashMap<>();
        typed.forEach((name, value) -> kept.put(name, value == null ? null : value.replace("\u0000", "")));
        model.addAttribute("refusedForm", form);
        model.addAttribute("typed", kept);
        model.addAttribute("fieldErrors", fieldErrors);
        model.addAttribute("formErrors", formErrors);
    }
}
