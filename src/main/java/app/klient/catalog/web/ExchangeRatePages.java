package app.klient.catalog.web;

import java.time.LocalDate;

import app.klient.catalog.ExchangeRates;
import app.klient.platform.InvalidFields;
import jakarta.validation.Valid;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The exchange rates into the company currency: entered one by one or pasted as a table. */
@Controller
@RequestMapping("/exchange-rates")
class ExchangeRatePages {

    private final ExchangeRates rates;
    private final MessageSource messages;

    ExchangeRatePages(ExchangeRates rates, MessageSource messages) {
        this.rates = rates;
        this.messages = messages;
    }

    @GetMapping
    String page(Model model) {
        model.addAttribute("form", new ExchangeRates.NewRate("", null, LocalDate.now()));
        return show(model);
    }

    @PostMapping
    String set(@Valid @ModelAttribute("form") ExchangeRates.NewRate form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        if (!errors.hasErrors()) {
            try {
                rates.set(form);
                redirect.addFlashAttribute("flash", "rates.saved");
                return "redirect:/exchange-rates";
            }
            catch (InvalidFields e) {
                app.klient.platform.web.FormErrors.apply(e, errors);
            }
        }
        return show(model);
    }

    @PostMapping("/import")
    String importLines(@RequestParam(required = false) String text, Model model, RedirectAttributes redirect) {
        try {
            int count = rates.importLines(text);
            redirect.addFlashAttribute("importedCount", count);
            return "redirect:/exchange-rates";
        }
        catch (InvalidFields e) {
            model.addAttribute("form", new ExchangeRates.NewRate("", null, LocalDate.now()));
            InvalidFields.FieldError error = e.errors().get(0);
            model.addAttribute("importError", messages.getMessage(error.messageKey(), error.arguments(),
                    LocaleContextHolder.getLocale()));
            model.addAttribute("importText", text == null || text.length() > 200_000 ? "" : text);
            return show(model);
        }
    }

    private String show(Model model) {
        model.addAttribute("rates", rates.list());
        model.addAttribute("companyCurrency", rates.companyCurrency());
        model.addAttribute("importLimit", ExchangeRates.IMPORT_LIMIT);
        return "catalog/exchange-rates";
    }
}
