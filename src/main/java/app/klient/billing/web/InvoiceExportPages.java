package app.klient.billing.web;

import java.io.IOException;

import app.klient.billing.internal.InvoiceExport;
import app.klient.identity.Permission;
import app.klient.platform.KlientException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The export form on the invoice list: the period, Polish or Czech only, and the format. */
@Controller
@RequestMapping("/invoices")
class InvoiceExportPages {

    private final InvoiceExport export;
    private final MessageSource messages;

    InvoiceExportPages(InvoiceExport export, MessageSource messages) {
        this.export = export;
        this.messages = messages;
    }

    /**
     * A period or format the form cannot export shows the invoice list again (400) with the reason beside the
     * dates and the dates as entered, instead of an error page that loses the form; the API answers problem+json.
     */
    @GetMapping("/export")
    void export(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String format, @RequestParam(required = false) String country,
            HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        Permission.EXPORT_INVOICES.check();
        String refused = refusal(from, to, format, country);
        if (refused != null) {
            request.setAttribute("exportError", refused);
            request.setAttribute("exportFromEntered", from == null ? "" : from);
            request.setAttribute("exportToEntered", to == null ? "" : to);
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            request.getRequestDispatcher("/invoices").forward(request, response);
            return;
        }
        InvoiceExportApi.download(export, from, to, format, country, response);
    }

    private String refusal(String from, String to, String format, String country) {
        try {
            InvoiceExport.Period.of(from, to, country);
            InvoiceExport.format(format);
            return null;
        }
        catch (KlientException e) {
            return messages.getMessage(e.messageKey(), e.arguments(), LocaleContextHolder.getLocale());
        }
    }
}
