package app.klient.identity.web;

import java.util.List;

import app.klient.identity.internal.Totp;
import app.klient.identity.internal.TwoFactor;
import app.klient.platform.KlientException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A user's own two-factor sign-in: turning it on with an app, recovery codes, turning it off. */
@Controller
@RequestMapping("/account/two-factor")
class TwoFactorPages {

    /** The secret shown while the user sets their app up; kept in the session, never sent back by the browser. */
    static final String NEW_SECRET = "klient.twoFactor.newSecret";
    static final String ISSUER = "Klient";

    private final TwoFactor twoFactor;

    TwoFactorPages(TwoFactor twoFactor) {
        this.twoFactor = twoFactor;
    }

    @GetMapping
    String page(HttpSession session, Model model) {
        return page(session, model, null);
    }

    @PostMapping("/enable")
    String enable(@RequestParam(required = false) String code, HttpSession session, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        String secret = session.getAttribute(NEW_SECRET) instanceof String s ? s : null;
        if (secret == null) {
            return "redirect:/account/two-factor";
        }
        try {
            List<String> codes = twoFactor.enable(SignedIn.get().id(), secret, code);
            session.removeAttribute(NEW_SECRET);
            redirect.addFlashAttribute("recoveryCodes", codes);
            redirect.addFlashAttribute("flash", "twofactor.turnedOn");
            return "redirect:/account/two-factor";
        }
        catch (KlientException e) {
            return page(session, model, () -> SecondStepPages.refused(e, model, response));
        }
    }

    @PostMapping("/disable")
    String disable(@RequestParam(required = false) String confirmation, HttpSession session, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        try {
            twoFactor.disable(SignedIn.get().id(), confirmation);
            redirect.addFlashAttribute("flash", "twofactor.turnedOff");
            return "redirect:/account/two-factor";
        }
        catch (KlientException e) {
            return page(session, model, () -> SecondStepPages.refused(e, model, response));
        }
    }

    @PostMapping("/recovery-codes")
    String recoveryCodes(@RequestParam(required = false) String confirmation, HttpSession session, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        try {
            List<String> codes = twoFactor.newRecoveryCodes(SignedIn.get().id(), confirmation);
            redirect.addFlashAttribute("recoveryCodes", codes);
            redirect.addFlashAttribute("flash", "twofactor.codesRenewed");
            return "redirect:/account/two-factor";
        }
        catch (KlientException e) {
            return page(session, model, () -> SecondStepPages.refused(e, model, response));
        }
    }

    private String page(HttpSession session, Model model, Runnable error) {
        var me = SignedIn.get();
        TwoFactor.Status status = twoFactor.status(me.id());
        model.addAttribute("status", status);
        if (!status.enabled()) {
            String secret = session.getAttribute(NEW_SECRET) instanceof String s ? s : null;
            if (secret == null) {
                secret = Totp.newSecret();
                session.setAttribute(NEW_SECRET, secret);
            }
            addSetup(model, me.email(), secret, "/account/two-factor/enable");
        }
        if (error != null) {
            error.run();
        }
        return "account/two-factor";
    }

    /** What the setup form shows: the QR code, the secret in groups of four to type, and where the code goes. */
    static void addSetup(Model model, String email, String secret, String action) {
        model.addAttribute("qr", QrPicture.svgDataUri(Totp.uri(ISSUER, email, secret)));
        model.addAttribute("secretGroups", String.join(" ", secret.split("(?<=\\G.{4})")));
        model.addAttribute("setupAction", action);
    }
}
