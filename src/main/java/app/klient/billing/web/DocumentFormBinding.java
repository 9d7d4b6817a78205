package app.klient.billing.web;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * The quote, order and invoice forms bind as many line rows as a person may add: Spring's default of 256 indexed
 * rows would drop the longer documents before the page could say there are too many.
 */
@ControllerAdvice(assignableTypes = { QuotePages.class, OrderPages.class, InvoicePages.class })
class DocumentFormBinding {

    @InitBinder("form")
    void rows(WebDataBinder binder) {
        binder.setAutoGrowCollectionLimit(DocumentPageForm.BINDABLE_ROWS);
    }
}
