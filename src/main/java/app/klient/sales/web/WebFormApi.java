package app.klient.sales.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import app.klient.platform.InvalidFields;
import app.klient.platform.web.KlientLocaleResolver;
import app.klient.sales.ConsentQuestions;
import app.klient.sales.WebForms;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Web-to-lead form definitions (administrators); the form itself is public at {@code /forms/{key}}. */
@RestController
@RequestMapping("/api/v1/web-forms")
@Tag(name = "Web forms")
class WebFormApi {

    /**
     * A web form filled in elsewhere (a company's own site, an app) and sent on by its server: the lead's fields, the
     * UTM parameters, the keys of the consent boxes the visitor ticked and the language the form was shown in (the
     * wording recorded is Klient's for that language), and the visitor's IP address as proof of where it came from.
     */
    @Schema(description = "A web form post sent over the API; consents are purpose keys, asked by e-mail to be "
            + "confirmed (double opt-in) in the language given.", example = """
            {"firstName": "Anna", "lastName": "Nowak", "email": "anna.nowak@example.com", "phone": "+48601234567",
             "companyName": "Mleczarnia Nowak", "message": "Please send me your price list.", "utmSource": "google",
             "utmMedium": "cpc", "utmCampaign": "spring", "consents": ["newsletter", "offers"], "language": "pl",
             "ipAddress": "203.0.113.7"}""")
    record FormPost(String firstName, String lastName, String email, String phone, String companyName,
            String message, String utmSource, String utmMedium, String utmCampaign, String utmTerm,
            String utmContent, @Size(max = 20) List<@Size(max = 40) String> consents,
            @Pattern(regexp = "^$|[a-z]{2}") String language,
            @Pattern(regexp = "^$|[0-9a-fA-F:.]{2,45}") String ipAddress) {
    }

    /** The lead made and the consents the confirmation e-mail asks the visitor to confirm. */
    record Posted(long leadId, List<String> consentsAsked) {
    }

    private final WebForms forms;

    WebFormApi(WebForms forms) {
        this.forms = forms;
    }

    @Operation(summary = "List the public web forms that create leads, with their embed codes (administrators).")
    @GetMapping
    List<WebForms.WebForm> list() {
        return forms.list();
    }

    @Operation(summary = "Define a public lead form: key (its address /forms/{key}), name, campaign, and the team "
            + "whose members get its leads in turn (or an owner)")
    @PostMapping
    ResponseEntity<WebForms.WebForm> define(@Valid @RequestBody WebForms.Definition definition) {
        return ResponseEntity.status(HttpStatus.CREATED).body(forms.define(definition));
    }

    @Operation(operationId = "submitWebForm", summary = "Send a filled-in web form: makes a lead as the public form "
            + "does; ticked consents (purpose keys) become pending and the visitor gets a confirmation e-mail in the "
            + "language given (double opt-in)")
    @PostMapping("/{key}/submissions")
    ResponseEntity<Posted> submit(@PathVariable String key, @Valid @RequestBody FormPost post,
            HttpServletRequest request) {
        Locale locale = post.language() == null || post.language().isEmpty() ? Locale.ENGLISH
                : KlientLocaleResolver.supported(post.language()).orElse(null);
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (locale == null) {
            errors.add("language", "legacy.webForm.language");
        }
        List<String> ticked = post.consents() == null ? List.of() : post.consents();
        List<String> asked = new ArrayList<>();
        if (locale != null) {
            List<String> known = forms.consentQuestions(locale).stream().map(ConsentQuestions.Question::key).toList();
            for (String consent : ticked) {
                if (consent == null || !known.contains(consent)) {
                    errors.add("consents", "legacy.webForm.consent", String.valueOf(consent));
                }
                else if (!asked.contains(consent)) {
                    asked.add(consent);
                }
            }
        }
        errors.throwIfAny();
        String address = post.ipAddress() == null || post.ipAddress().isEmpty() ? request.getRemoteAddr()
                : post.ipAddress();
        long leadId = forms.submit(key, new WebForms.Submission(post.firstName(), post.lastName(), post.email(),
                post.phone(), post.companyName(), post.message(), post.utmSource(), post.utmMedium(),
                post.utmCampaign(), post.utmTerm(), post.utmContent(), null), address, asked, locale);
        return ResponseEntity.status(HttpStatus.CREATED).body(new Posted(leadId, asked));
    }
}
