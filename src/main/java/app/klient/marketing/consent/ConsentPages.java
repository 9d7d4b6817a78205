package app.klient.marketing.consent;

import java.util.Locale;

import app.klient.identity.OwnedRecords;
import app.klient.identity.Permission;
import app.klient.marketing.Consents;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The consent page of the Marketing menu (purposes in three languages, the suppression list) and recording a
 * consent by hand from a contact's card.
 */
@Controller
class ConsentPages {

    static final int PAGE = 50;

    private final Purposes purposes;
    private final ConsentBook book;
    private final Consents consents;
    private final JdbcClient jdbc;

    ConsentPages(Purposes purposes, ConsentBook book, Consents consents, JdbcClient jdbc) {
        this.purposes = purposes;
        this.book = book;
        this.consents = consents;
        this.jdbc = jdbc;
    }

    @GetMapping("/marketing/consent")
    String page(@RequestParam(required = false) String q, @RequestParam(required = false) Integer page,
            Model model) {
        int p = page == null ? 0 : page;
        if (p < 0 || p > 100_000 || (q != null && q.length() > 320)) {
            throw KlientException.invalid("error.page");
        }
        Page<ConsentBook.SuppressionView> list = book.suppressions(q, PageRequest.of(p, PAGE));
        model.addAttribute("purposes", purposes.list(false));
        model.addAttribute("suppressions", list);
        java.util.Map<String, app.klient.platform.Phrase> details = new java.util.HashMap<>();
        for (ConsentBook.SuppressionView v : list.getContent()) {
            app.klient.platform.Phrase phrase = ConsentDetails.phrase(v.reason(), v.detail());
            if (phrase != null) {
                details.put(v.address(), phrase);
            }
        }
        model.addAttribute("details", details);
        model.addAttribute("q", q);
        model.addAttribute("canChange", Permission.MARKETING.granted());
        model.addAttribute("reasons", Consents.SuppressionReason.values());
        return "marketing/consent/consent";
    }

    @PostMapping("/marketing/consent/purposes")
    String addPurpose(@RequestParam(required = false) String key, @RequestParam(required = false) String labelEn,
            @RequestParam(required = false) String labelPl, @RequestParam(required = false) String labelCs,
            @RequestParam(required = false) String wordingEn, @RequestParam(required = false) String wordingPl,
            @RequestParam(required = false) String wordingCs, RedirectAttributes redirect) {
        Permission.MARKETING.check();
        Purposes.Purpose p = new Purposes.Purpose(null, key, labelEn, labelPl, labelCs, wordingEn, wordingPl,
                wordingCs, true, null);
        return saved(redirect, () -> {
            checked(p, true);
            purposes.add(p);
        }, "consent.purpose.added");
    }

    @PostMapping("/marketing/consent/purposes/{id:\\d+}")
    String changePurpose(@PathVariable long id, @RequestParam(required = false) String labelEn,
            @RequestParam(required = false) String labelPl, @RequestParam(required = false) String labelCs,
            @RequestParam(required = false) String wordingEn, @RequestParam(required = false) String wordingPl,
            @RequestParam(required = false) String wordingCs, @RequestParam(required = false) Boolean active,
            @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        Permission.MARKETING.check();
        Purposes.Purpose p = new Purposes.Purpose(id, null, labelEn, labelPl, labelCs, wordingEn, wordingPl,
                wordingCs, active != null && active, version);
        return saved(redirect, () -> {
            checked(p, false);
            purposes.change(id, p);
        }, "consent.purpose.saved");
    }

    @PostMapping("/marketing/consent/suppressions")
    String suppress(@RequestParam(required = false) String address, @RequestParam(required = false) String detail,
            RedirectAttributes redirect) {
        Permission.MARKETING.check();
        return saved(redirect, () -> book.suppressByHand(address, detail), "consent.suppression.added");
    }

    @PostMapping("/marketing/consent/suppressions/remove")
    String unsuppress(@RequestParam(required = false) String address, RedirectAttributes redirect) {
        Permission.MARKETING.check();
        return saved(redirect, () -> book.unsuppress(address), "consent.suppression.removed");
    }

    /** Giving or withdrawing a consent by hand (on the phone, on paper), from the contact's card. */
    @PostMapping("/contacts/{id:\\d+}/consents")
    String record(@PathVariable long id, @RequestParam(required = false) Long purposeId,
            @RequestParam(required = false) String channel, @RequestParam(required = false) String state,
            @RequestParam(required = false) String detail, RedirectAttributes redirect) {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(org.springframework.http.HttpStatus.FORBIDDEN, "consent.readOnly");
        }
        if (!jdbc.sql("select exists (select 1 from contacts where id = :id)").param("id", id).query(Boolean.class)
                .single()) {
            throw KlientException.notFound("contact.notFound");
        }
        try {
            ManualConsent.record(consents, purposes, id, purposeId, channel, state, detail,
                    ManualConsent.contactLanguage(jdbc, id));
            redirect.addFlashAttribute("flash", "consent.recorded");
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        return "redirect:/contacts/" + id + "#consents";
    }

    private static void checked(Purposes.Purpose p, boolean isNew) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (isNew && (p.key() == null || !p.key().matches("[a-z][a-z0-9-]{1,39}"))) {
            errors.add("key", "consent.purpose.key");
        }
        text(errors, "labelEn", p.labelEn(), 100);
        text(errors, "labelPl", p.labelPl(), 100);
        text(errors, "labelCs", p.labelCs(), 100);
        text(errors, "wordingEn", p.wordingEn(), 2000);
        text(errors, "wordingPl", p.wordingPl(), 2000);
        text(errors, "wordingCs", p.wordingCs(), 2000);
        errors.throwIfAny();
    }

    static void text(InvalidFields.Collector errors, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            errors.add(field, "consent.required");
        }
        else if (value.length() > max) {
            errors.add(field, "error.tooLong", max);
        }
        else if (value.indexOf('\0') >= 0) {
            errors.add(field, "consent.invalidText");
        }
    }

    private static String saved(RedirectAttributes redirect, Runnable action, String done) {
        try {
            action.run();
            redirect.addFlashAttribute("flash", done);
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
            redirect.addFlashAttribute("flashErrorArgs", e.errors().get(0).arguments().length == 0 ? null
                    : e.errors().get(0).arguments());
        }
        catch (KlientException e) {
            if (e.status().value() == 403) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", e.messageKey());
        }
        return "redirect:/marketing/consent";
    }

    static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
