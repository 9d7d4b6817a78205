package app.klient.billing.web;

import java.util.Set;

import app.klient.billing.LineForm;
import app.klient.billing.PaymentMethod;
import app.klient.billing.Seller;
import app.klient.catalog.Products;
import app.klient.customers.Companies;
import app.klient.platform.KlientException;
import app.klient.platform.web.FormErrors;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;

/** What the quote, order and invoice forms share: their choices and the checks of their line rows. */
@Component
class DocumentPages {

    private final Products products;
    private final Seller seller;
    private final Companies companies;
    private final Validator validator;

    DocumentPages(Products products, Seller seller, Companies companies, Validator validator) {
        this.products = products;
        this.seller = seller;
        this.companies = companies;
        this.validator = validator;
    }

    /** Bean validation of the filled rows, reported on the row's fields ({@code lines[2].quantity}). */
    boolean linesValid(DocumentPageForm form, BindingResult errors) {
        for (int i = 0; form.lines() != null && i < form.lines().size(); i++) {
            LineForm line = form.lines().get(i);
            if (line == null || !form.filledLines().contains(line)) {
                continue;
            }
            Set<ConstraintViolation<LineForm>> violations = validator.validate(line);
            for (ConstraintViolation<LineForm> v : violations) {
                errors.rejectValue("lines[" + i + "]." + v.getPropertyPath(), "line.invalid", "line.invalid");
            }
        }
        if (errors.hasErrors()) {
            errors.reject("line.invalid", "line.invalid");
        }
        if (form.filledLines().isEmpty()) {
            errors.reject("billing.noLines", "billing.noLines");
        }
        return !errors.hasErrors();
    }

    void apply(KlientException e, BindingResult errors) {
        if (e.status().value() == 403 || e.status().value() == 404) {
            throw e;
        }
        FormErrors.apply(e, errors);
        // the rows show their errors only as a red border: say what is wrong above the form
        errors.getFieldErrors().stream().filter(f -> f.getField().startsWith("lines[")).findFirst()
                .ifPresent(f -> errors.reject(f.getCode(), f.getArguments(), f.getDefaultMessage()));
    }

    /** A refusal as the flash message of the page redirected to, with its arguments ("more than the 615.00 PLN due"). */
    static void flashError(KlientException e, org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        if (e.status().value() == 403 || e.status().value() == 404) {
            throw e;
        }
        String key = e.messageKey();
        Object[] arguments = e.arguments();
        if (e instanceof app.klient.platform.InvalidFields invalid && !invalid.errors().isEmpty()) {
            key = invalid.errors().get(0).messageKey();
            arguments = invalid.errors().get(0).arguments();
        }
        redirect.addFlashAttribute("flashError", key);
        if (arguments != null && arguments.length > 0) {
            redirect.addFlashAttribute("flashErrorArgs", arguments);
        }
    }

    void formModel(Model model, DocumentPageForm form) {
        model.addAttribute("form", form.lines() != null && form.lines().size() >= DocumentPageForm.ROWS ? form
                : form.withRows());
        model.addAttribute("products", products.options(null, 500));
        model.addAttribute("rates", seller.get().rates());
        model.addAttribute("methods", PaymentMethod.values());
        model.addAttribute("companyName", form.companyId() == null || !companies.exists(form.companyId()) ? null
                : companies.name(form.companyId()));
    }
}
