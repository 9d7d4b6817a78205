package app.klient.identity.web;

import java.io.IOException;

import app.klient.identity.internal.SecondStep;
import app.klient.identity.internal.SecondStep.Pending;
import app.klient.identity.internal.Totp;
import app.klient.identity.internal.TwoFactor;
import app.klient.identity.internal.UserRepository;
import app.klient.platform.KlientException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The second step of signing in, after the right password: a code from the app (or a recovery code), or setting the
 * app up first when the user's role requires it. Only the session of that password sign-in reaches it.
 */
@Controller
class SecondStepPages {

    private final SecondStep secondStep;
    private final TwoFactor twoFactor;
    private final UserRepository users;

    SecondStepPages(SecondStep secondStep, TwoFactor twoFactor, UserRepository users) {
        this.secondStep = secondStep;
        this.twoFactor = twoFactor;
        this.users = users;
    }

    @GetMapping("/login/code")
    String codePage(HttpServletRequest request, Model model) {
        var pending = secondStep.pending(request).filter(p -> !p.setup());
        if (pending.isEmpty()) {
            return "redirect:/login?error=expired";
        }
        return "login-code";
    }

    @PostMapping("/login/code")
    String code(@RequestParam(required = false) String code, HttpServletRequest request,
            HttpServletResponse response, Model model) throws IOException, ServletException {
        var pending = secondStep.pending(request).filter(p -> !p.setup());
        if (pending.isEmpty()) {
            return "redirect:/login?error=expired";
        }
        try {
            TwoFactor.Method method = twoFactor.verify(pending.get().userId(), code);
            secondStep.finish(pending.get(), method == TwoFactor.Method.CODE ? "with a code" : "with a recovery code",
                    request, response);
            return null;
        }
        catch (KlientException e) {
            refused(e, model, response);
            return "login-code";
        }
    }

    @GetMapping("/login/setup")
    String setupPage(HttpServletRequest request, Model model) {
        var pending = secondStep.pending(request).filter(Pending::setup);
        if (pending.isEmpty()) {
            return "redirect:/login?error=expired";
        }
        return setupPage(pending.get(), request, model);
    }

    @PostMapping("/login/setup")
    String setup(@RequestParam(required = false) String code, HttpServletRequest request,
            HttpServletResponse response, Model model, RedirectAttributes redirect) {
        var pending = secondStep.pending(request).filter(Pending::setup);
        if (pending.isEmpty() || pending.get().secret() == null) {
            return "redirect:/login?error=expired";
        }
        try {
            var codes = twoFactor.enable(pending.get().userId(), pending.get().secret(), code);
            secondStep.finishHere(pending.get(), "setting up two-factor sign-in", request, response);
            redirect.addFlashAttribute("recoveryCodes", codes);
            redirect.addFlashAttribute("flash", "twofactor.turnedOn");
            return "redirect:/account/two-factor";
        }
        catch (KlientException e) {
            refused(e, model, response);
            return setupPage(pending.get(), request, model);
        }
    }

    private String setupPage(Pending pending, HttpServletRequest request, Model model) {
        Pending shown = pending;
        if (pending.secret() == null) {
            shown = pending.withSecret(Totp.newSecret());
            secondStep.remember(shown, request);
        }
        String email = users.findById(shown.userId()).map(u -> u.getEmail()).orElse("");
        TwoFactorPages.addSetup(model, email, shown.secret(), "/login/setup");
        return "login-setup";
    }

    static void refused(KlientException e, Model model, HttpServletResponse response) {
        model.addAttribute("errorKey", e.messageKey());
        model.addAttribute("errorArg", e.arguments().length > 0 ? e.arguments()[0] : "");
        response.setStatus(e.status() == HttpStatus.TOO_MANY_REQUESTS ? 429 : 400);
    }
}
