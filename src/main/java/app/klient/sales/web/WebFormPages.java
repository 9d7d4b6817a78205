package app.klient.sales.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.PublicUrl;
import app.klient.sales.WebForms;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The public web-to-lead form, to embed in a company's own site: with an iframe, or with the small script below,
 * which also carries the host page's UTM parameters into the form.
 */
@Controller
class WebFormPages {

    /** What the script carries from the address of the page that embeds the form to the form's own address. */
    static final List<String> UTM = List.of("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content");

    private final WebForms forms;
    private final PublicUrl publicUrl;

    WebFormPages(WebForms forms, PublicUrl publicUrl) {
        this.forms = forms;
        this.publicUrl = publicUrl;
    }

    /**
     * The embed script: {@code <script src=".../forms/embed.js" data-form="key" async></script>} puts the form's
     * iframe where the tag stands, its address absolute (so it works on any site) and holding the UTM parameters the
     * host page was opened with. Plain JavaScript, no framework; cached for an hour since it changes only with the
     * base URL.
     */
    @GetMapping("/forms/embed.js")
    ResponseEntity<String> embedScript() {
        String script = """
                /* Klient web form: <script src="%1$s/forms/embed.js" data-form="your-form" async></script> */
                (function () {
                  var tag = document.currentScript;
                  if (!tag || !tag.getAttribute('data-form')) { return; }
                  var from = new URLSearchParams(window.location.search), carried = new URLSearchParams();
                  %2$s.forEach(function (name) { if (from.get(name)) { carried.set(name, from.get(name)); } });
                  var frame = document.createElement('iframe');
                  frame.src = '%1$s/forms/' + encodeURIComponent(tag.getAttribute('data-form'))
                      + (carried.toString() ? '?' + carried.toString() : '');
                  frame.title = tag.getAttribute('data-title') || 'Klient';
                  frame.style.width = '100%%';
                  frame.style.border = '0';
                  frame.height = tag.getAttribute('data-height') || '640';
                  tag.parentNode.insertBefore(frame, tag);
                })();
                """.formatted(jsString(publicUrl.base()), "['" + String.join("', '", UTM) + "']");
        return ResponseEntity.ok().contentType(new MediaType("text", "javascript", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic()).body(script);
    }

    /** The base URL inside a single-quoted JavaScript string: it comes from configuration, still escaped. */
    private static String jsString(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            out.append(Character.isLetterOrDigit(c) || ":/.-_".indexOf(c) >= 0 ? String.valueOf(c)
                    : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    @GetMapping("/forms/{key}")
    String form(@PathVariable String key, HttpServletRequest request, Model model) {
        WebForms.WebForm form = forms.find(key).filter(WebForms.WebForm::active)
                .orElseThrow(() -> KlientException.notFound("webForm.notFound"));
        model.addAttribute("form", form);
        model.addAttribute("consentQuestions", forms.consentQuestions(
                org.springframework.context.i18n.LocaleContextHolder.getLocale()));
        model.addAttribute("post", new WebForms.Submission(null, null, null, null, null, null,
                request.getParameter("utm_source"), request.getParameter("utm_medium"),
                request.getParameter("utm_campaign"), request.getParameter("utm_term"),
                request.getParameter("utm_content"), null));
        return "sales/web-form";
    }

    @PostMapping("/forms/{key}")
    String submit(@PathVariable String key, @ModelAttribute("post") WebForms.Submission post,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        WebForms.WebForm form = forms.find(key).filter(WebForms.WebForm::active)
                .orElseThrow(() -> KlientException.notFound("webForm.notFound"));
        model.addAttribute("form", form);
        java.util.Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
        String[] ticked = request.getParameterValues("consent");
        model.addAttribute("consentQuestions", forms.consentQuestions(locale));
        model.addAttribute("ticked", ticked == null ? List.of() : List.of(ticked));
        try {
            forms.submit(key, post, request.getRemoteAddr(), ticked == null ? List.of() : List.of(ticked), locale);
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
