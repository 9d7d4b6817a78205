package app.klient.billing.web;

import app.klient.platform.web.Flash;
import java.util.List;
import java.util.Set;

import app.klient.billing.LineForm;
import app.klient.billing.PaymentMethod;
import app.klient.billing.Seller;
import app.klient.billing.internal.Drafts;
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

    /**
     * Bean validation of the filled rows, reported on the row's fields ({@code lines[2].quantity}) by its place
     * among the filled rows: the form is shown again with those rows first, the way the services count them.
     */
    boolean linesValid(DocumentPageForm form, BindingResult errors) {
        List<LineForm> filled = form.filledLines();
        for (int i = 0; i < filled.size() && i <= Drafts.MAX_LINES; i++) {
            Set<ConstraintViolation<LineForm>> violations = validator.validate(filled.get(i));
            for (ConstraintViolation<LineForm> v : violations) {
                // an over-long description is not a wrong quantity or price: say its own limit, as the API does
                boolean tooLong = "description".equals(v.getPropertyPath().toString());
                errors.addError(new org.springframework.validation.FieldError("form", "lines[" + i + "]."
                        + v.getPropertyPath(), null, true, new String[] { tooLong ? "fa3.tooLong" : "line.invalid" },
                        tooLong ? new Object[] { 300 } : null, tooLong ? "fa3.tooLong" : "line.invalid"));
            }
        }
        if (errors.hasErrors()) {
            org.springframework.validation.FieldError first = errors.getFieldErrors().get(0);
            errors.reject(first.getCode(), first.getArguments(), first.getDefaultMessage());
        }
        if (form.filledLines().isEmpty()) {
            errors.reject("billing.noLines", "billing.noLines");
        }
        else if (form.filledLines().size() > Drafts.MAX_LINES) {
            errors.reject("billing.tooManyLines", new Object[] { Drafts.MAX_LINES }, "billing.tooManyLines");
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


    void formModel(Model model, DocumentPageForm form) {
        formModel(model, form, 1);
    }

    /** The form with its filled rows in order and {@code emptyRows} to fill ("Add line" without a script). */
    void formModel(Model model, DocumentPageForm form, int emptyRows) {
        // the form shown is a new object (its filled rows first, then empty ones): it carries the errors of the one
        // bound, which name rows by their place among the filled ones
        Object bound = model.asMap().get(BindingResult.MODEL_KEY_PREFIX + "form");
        DocumentPageForm shown = form.withRows(emptyRows);
        model.addAttribute("form", shown);
        if (bound instanceof BindingResult errors) {
            org.springframework.validation.BeanPropertyBindingResult carried =
                    new org.springframework.validation.BeanPropertyBindingResult(shown, "form");
            errors.getAllErrors().forEach(carried::addError);
            model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "form", carried);
        }
        model.addAttribute("maxLines", Drafts.MAX_LINES);
        model.addAttribute("products", products.options(null, 500));
        model.addAttribute("rates", seller.get().rates());
        model.addAttribute("methods", PaymentMethod.values());
        model.addAttribute("companyName", form.companyId() == null || !companies.exists(form.companyId()) ? null
                : companies.name(form.companyId()));
    }
}
