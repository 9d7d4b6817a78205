package app.klient.sales;

import java.util.List;
import java.util.Locale;

/**
 * The consents a public web form asks for, one checkbox each, worded in the visitor's language. Sales shows them
 * and says which were ticked ({@link LeadCaptured}); the module that keeps consents (marketing) provides them, so
 * sales does not depend on it.
 */
public interface ConsentQuestions {

    /** A checkbox: {@code key} is what the form sends back, {@code wording} what the visitor agrees to. */
    record Question(String key, String label, String wording) {
    }

    List<Question> ask(Locale locale);
}
