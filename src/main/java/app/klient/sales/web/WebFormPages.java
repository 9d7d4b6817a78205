package app.klient.sales.web;

import java.util.List;

import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.sales.WebForms;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** The public web-to-lead form, to embed in a company's own site with an iframe. */
@Controller
class WebFormPages {

    private final WebForms forms;

    WebFormPages(WebForms forms) {
        this.forms = forms;
    }

    @GetMapping("/forms/{key}")
    String form(@PathVariable String key, HttpServletRequest request, Model model) {
        WebForms.WebForm form = forms.find(key).filter(WebForms.WebForm::active)
                .orElseThrow(() -> KlientException.notFound("webForm.notFound"));
        model.addAttribute("form", form);
        model.addAttribute("post", new WebForms.Submission(null, null, null, null, null, null,
                request.getParameter("utm_source"), request.getParameter("utm_medium"),
                request.getParameter("utm_campaign"), request.getParameter("utm_term"), null));
        return "sales/web-form";
    }

    @PostMapping("/forms/{key}")
    String submit(@PathVariable String key, @ModelAttribute("post") WebForms.Submission post,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        WebForms.WebForm form = forms.find(key).filter(WebForms.WebForm::active)
                .orElseThrow(() -> KlientException.notFound("webForm.notFound"));
        model.addAttribute("form", form);
        try {
            forms.submit(key, post, request.getRemoteAddr());
            return "sales/web-form-thanks";
        }
        catch (InvalidFields e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("problems", e.errors());
        }
        catch (KlientException e) {
            response.setStatus(e.status().value());
            model.addAttribute("problems", List.of(new InvalidFields.FieldError(null, e.messageKey())));
        }
        return "sales/web-form";
    }
}
