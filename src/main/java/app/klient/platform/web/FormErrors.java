package app.klient.platform.web;

import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import org.springframework.validation.BindingResult;

/** Puts a service's refusal on the form that caused it: named fields next to their inputs, the rest on top. */
public final class FormErrors {

    private FormErrors() {
    }

    public static void apply(KlientException e, BindingResult form) {
        if (e instanceof InvalidFields invalid) {
            for (InvalidFields.FieldError error : invalid.errors()) {
                if (error.field() != null && isBindable(form, error.field())) {
                    form.rejectValue(error.field(), error.messageKey(), error.arguments(), error.messageKey());
                }
                else {
                    form.reject(error.messageKey(), error.arguments(), error.messageKey());
                }
            }
            return;
        }
        form.reject(e.messageKey(), e.arguments(), e.messageKey());
    }

    private static boolean isBindable(BindingResult form, String field) {
        try {
            form.getFieldType(field);
            return true;
        }
        catch (RuntimeException notAProperty) {
            return false;
        }
    }
}
