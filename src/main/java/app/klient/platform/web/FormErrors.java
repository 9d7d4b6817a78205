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
                // the version is a hidden input: its error goes on top, where it is seen
                String field = error.field() == null || "version".equals(error.field()) ? null
                        : bindable(form, error.field());
                if (field != null) {
                    form.rejectValue(field, error.messageKey(), error.arguments(), error.messageKey());
                }
                else {
                    form.reject(error.messageKey(), error.arguments(), error.messageKey());
                }
            }
            return;
        }
        form.reject(e.messageKey(), e.arguments(), e.messageKey());
    }

    /** The field as the form knows it: {@code customFields.size} is the map entry {@code customFields[size]}. */
    private static String bindable(BindingResult form, String field) {
        String indexed = field.matches("[A-Za-z]+\\.[A-Za-z0-9]+") ? field.replaceFirst("\\.(.+)$", "[$1]") : field;
        for (String candidate : new String[] { field, indexed }) {
            try {
                form.getFieldType(candidate);
                form.getFieldValue(candidate);
                return candidate;
            }
            catch (RuntimeException notAProperty) {
                // try the next spelling
            }
        }
        return null;
    }
}
