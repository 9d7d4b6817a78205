package app.klient.billing.web;

import app.klient.identity.RecordKind;
import java.util.Arrays;
import java.util.Locale;

import app.klient.billing.InvoiceView;
import app.klient.billing.Invoices;
import app.klient.billing.Seller;
import app.klient.billing.ksef.KsefAccount;
import app.klient.billing.ksef.KsefEndpoint;
import app.klient.billing.ksef.KsefEnvironment;
import app.klient.billing.ksef.KsefProgress;
import app.klient.billing.ksef.KsefSettings;
import app.klient.platform.KlientException;
import app.klient.platform.web.FormErrors;
import app.klient.platform.web.Htmx;
import app.klient.platform.web.Paging;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * KSeF as people see it on pages: the administrator's settings, the list of invoices waiting for KSeF or refused by
 * it, an invoice's receipt (UPO) and sending a refused invoice again. The invoice page's KSeF panel is the fragment
 * {@code billing/ksef :: panel}, filled by {@link KsefProgress}.
 */
@Controller
class KsefPages {

    /**
     * The settings form, as text so that whatever arrives binds and is judged by the service: a checkbox left
     * unticked sends no {@code enabled} at all.
     */
    record KsefSettingsForm(String enabled, String environment, String token, String version) {

        boolean on() {
            return "true".equals(enabled) || "on".equals(enabled);
        }

        Integer seenVersion() {
            return version == null || !version.matches("\\d{1,9}") ? null : Integer.valueOf(version);
        }
    }

    private final KsefAccount account;
    private final KsefProgress progress;
    private final Invoices invoices;
    private final Seller seller;
    private final MessageSource messages;
    private final KsefEndpoint endpoint;

    KsefPages(KsefAccount account, KsefProgress progress, Invoices invoices, Seller seller, MessageSource messages,
            KsefEndpoint endpoint) {
        this.endpoint = endpoint;
        this.account = account;
        this.progress = progress;
        this.invoices = invoices;
        this.seller = seller;
        this.messages = messages;
    }

    @GetMapping("/admin/ksef")
    String settings(Model model) {
        KsefAccount.checkAdministrator();
        KsefSettings s = account.settings();
        model.addAttribute("form", new KsefSettingsForm(String.valueOf(s.enabled()), s.environment().name(), null,
                String.valueOf(s.version())));
        return settingsPage(model);
    }

    @PostMapping("/admin/ksef")
    String save(@ModelAttribute("form") KsefSettingsForm form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        KsefAccount.checkAdministrator();
        KsefEnvironment environment = Arrays.stream(KsefEnvironment.values())
                .filter(e -> e.name().equals(form.environment())).findFirst().orElse(null);
        try {
            account.save(form.on(), environment, form.token(), form.seenVersion());
            redirect.addFlashAttribute("flash", "ksef.saved");
            return "redirect:/admin/ksef";
        }
        catch (KlientException e) {
            FormErrors.apply(e, errors);
        }
        // the page never puts the token typed back (its input is always empty)
        return settingsPage(model);
    }

    private String settingsPage(Model model) {
        KsefSettings s = account.settings();
        KsefAccount.LastContact last = account.lastContact();
        model.addAttribute("settings", s);
        model.addAttribute("environments", KsefEnvironment.values());
        model.addAttribute("sellerNip", KsefAccount.nip(seller.get().taxId()));
        model.addAttribute("lastContact", last);
        model.addAttribute("lastProblem", problem(last));
        // the address actually called, which KLIENT_KSEF_API_URL may set apart from the environment
        model.addAttribute("apiUrl", endpoint.apiUrl(s.environment()));
        model.addAttribute("apiUrlOverridden", endpoint.overridden());
        model.addAttribute("lastCause", last.cause() == null ? null : messages.getMessage("ksef.cause." + last.cause(),
                new Object[] {last.problemUrl() == null ? "KSeF" : last.problemUrl(),
                    last.httpStatus() == null ? "" : String.valueOf(last.httpStatus())},
                LocaleContextHolder.getLocale()));
        return "billing/ksef-settings";
    }

    /** The job's last problem in the reader's words. */
    private String problem(KsefAccount.LastContact last) {
        return last.problem() == null ? null
                : messages.getMessage(last.problem(), null, last.problem(), LocaleContextHolder.getLocale());
    }

    @GetMapping("/invoices/ksef")
    String list(@RequestParam(required = false) String state, @RequestParam(required = false) Integer page,
            HttpServletRequest request, Model model) {
        String filter = state != null && KsefProgress.STATES.contains(state) ? state : null;
        boolean enabled = account.settings().enabled();
        var paging = Paging.of(page, 25, null, java.util.Map.of(), Sort.unsorted());
        model.addAttribute("ksefEnabled", enabled);
        model.addAttribute("state", filter);
        model.addAttribute("states", KsefProgress.STATES);
        model.addAttribute("rows", progress.list(filter, paging));
        // off: those that would be sent; on: those issued while it was off, which KSeF does not have
        model.addAttribute("wouldBeSent", progress.wouldBeSent(paging));
        boolean canSend = enabled && app.klient.identity.CurrentUser.hasRole(app.klient.identity.Role.ADMIN);
        model.addAttribute("canSendUnsent", canSend);
        model.addAttribute("unsentCount", canSend ? progress.unsentCount() : 0L);
        model.addAttribute("mandatoryFrom", KsefProgress.MANDATORY_FROM);
        model.addAttribute("listBase", Paging.listBase("/invoices/ksef", request.getQueryString()));
        return Htmx.view(request, "billing/ksef-invoices", "results");
    }

    /** Sends the Polish invoices KSeF never got (issued while it was off): the administrator's, for everyone's. */
    @PostMapping("/invoices/ksef/send")
    String sendUnsent(RedirectAttributes redirect) {
        KsefAccount.checkAdministrator();
        try {
            int queued = progress.sendUnsent();
            redirect.addFlashAttribute("flash", "ksef.unsentQueued");
            redirect.addFlashAttribute("flashArgs", new Object[] {queued, ""});
        }
        catch (KlientException e) {
            app.klient.platform.web.Flash.error(e, redirect);
        }
        return "redirect:/invoices/ksef";
    }

    /** Sends one Polish invoice KSeF never got: for whoever may act on it. */
    @PostMapping("/invoices/{id:\\d+}/ksef/send")
    String send(@PathVariable long id, RedirectAttributes redirect) {
        InvoiceView invoice = invoices.get(id);
        Invoices.checkActOn(RecordKind.INVOICE, invoice.id(), invoice.ownerId());
        try {
            progress.send(id);
            redirect.addFlashAttribute("flash", "ksef.queued");
        }
        catch (KlientException e) {
            app.klient.platform.web.Flash.error(e, redirect);
        }
        return "redirect:/invoices/" + id;
    }

    @GetMapping("/invoices/{id:\\d+}/upo.xml")
    ResponseEntity<byte[]> upo(@PathVariable long id) {
        return KsefApi.upoResponse(id, progress.upo(id));
    }

    @PostMapping("/invoices/{id:\\d+}/ksef/resend")
    String resend(@PathVariable long id, @RequestParam(required = false) String version,
            RedirectAttributes redirect) {
        InvoiceView invoice = invoices.get(id);
        // refused before anything else is looked at: a refusal tells nothing of the invoice's way to KSeF
        Invoices.checkActOn(RecordKind.INVOICE, invoice.id(), invoice.ownerId());
        try {
            Integer seen = version == null || !version.matches("\\d{1,9}") ? null : Integer.valueOf(version);
            progress.resend(id, seen);
            redirect.addFlashAttribute("flash", "ksef.resent");
        }
        catch (KlientException e) {
            app.klient.platform.web.Flash.error(e, redirect);
        }
        return "redirect:/invoices/" + id;
    }
}
