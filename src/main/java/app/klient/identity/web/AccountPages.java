package app.klient.identity.web;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.identity.internal.ApiTokens;
import app.klient.identity.internal.IssuedToken;
import app.klient.identity.internal.SignedInSessions;
import app.klient.identity.internal.SignedInUser;
import app.klient.identity.internal.TwoFactor;
import app.klient.platform.KlientException;
import app.klient.platform.validation.ValidTimeZone;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/** Everybody's own settings: name, language, time zone, password, signed-in sessions, API tokens. */
@Controller
@RequestMapping("/account")
class AccountPages {

    private final Users users;
    private final ApiTokens tokens;
    private final TwoFactor twoFactor;
    private final SignedInSessions sessions;

    AccountPages(Users users, ApiTokens tokens, TwoFactor twoFactor, SignedInSessions sessions) {
        this.twoFactor = twoFactor;
        this.users = users;
        this.tokens = tokens;
        this.sessions = sessions;
    }

    record ProfileForm(@NotBlank @Size(max = 120) String name, @NotBlank @Pattern(regexp = "en|pl|cs") String locale,
            @NotBlank @ValidTimeZone String timeZone) {
    }

    record PasswordForm(@NotBlank @Size(max = 128) String current,
            @NotBlank @Size(min = Users.MIN_PASSWORD, max = Users.MAX_PASSWORD,
                    message = "{validation.password.size}") String replacement,
            @NotBlank @Size(max = 128) String confirmation) {
    }

    record TokenForm(@NotBlank @Size(max = 100) String name,
            @NotNull @Future @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate expiresOn) {
    }

    @GetMapping
    String account(Model model, HttpServletRequest request) {
        UserSummary me = users.get(SignedIn.get().id());
        model.addAttribute("profile", new ProfileForm(me.name(), me.locale(), me.timeZone()));
        model.addAttribute("password", new PasswordForm("", "", ""));
        return accountPage(model, me, request);
    }

    @PostMapping("/profile")
    String profile(@Valid @ModelAttribute("profile") ProfileForm form, BindingResult errors, Model model,
            HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
        SignedInUser me = SignedIn.get();
        if (errors.hasErrors()) {
            model.addAttribute("password", new PasswordForm("", "", ""));
            return accountPage(model, users.get(me.id()), request);
        }
        UserSummary saved = users.changeOwnProfile(me.id(), form.name(), form.locale(), form.timeZone());
        refreshPrincipal(me.withProfile(saved.name(), Locale.forLanguageTag(saved.locale()),
                ZoneId.of(saved.timeZone())), request, response);
        var resolver = RequestContextUtils.getLocaleResolver(request);
        if (resolver != null) {
            resolver.setLocale(request, response, Locale.forLanguageTag(form.locale()));
        }
        redirect.addFlashAttribute("flash", "account.saved");
        return "redirect:/account";
    }

    @PostMapping("/password")
    String password(@Valid @ModelAttribute("password") PasswordForm form, BindingResult errors, Model model,
            HttpServletRequest request, RedirectAttributes redirect) {
        SignedInUser me = SignedIn.get();
        if (!errors.hasFieldErrors("replacement") && !errors.hasFieldErrors("confirmation")
                && !form.replacement().equals(form.confirmation())) {
            errors.rejectValue("confirmation", "account.password.mismatch");
        }
        if (!errors.hasErrors()) {
            try {
                users.changeOwnPassword(me.id(), form.current(), form.replacement(), request.getSession().getId());
                // this browser stays signed in, under a new session id: the old one may have been seen elsewhere
                request.changeSessionId();
                redirect.addFlashAttribute("flash", "account.password.changed");
                return "redirect:/account";
            }
            catch (KlientException e) {
                errors.reject(e.messageKey(), e.arguments(), e.messageKey());
            }
        }
        UserSummary summary = users.get(me.id());
        model.addAttribute("profile", new ProfileForm(summary.name(), summary.locale(), summary.timeZone()));
        return accountPage(model, summary, request);
    }

    record EndSessionForm(@Size(max = 128) String password, @Size(max = 64) String session) {
    }

    /**
     * Ends another browser's session, or all but this one, with the password given again (this browser itself signs
     * out with the sign-out button).
     */
    @PostMapping("/sessions/end")
    String endSession(@Valid @ModelAttribute("endSession") EndSessionForm form, BindingResult errors,
            HttpServletRequest request, RedirectAttributes redirect) {
        if (errors.hasErrors() || form.session() == null || form.session().isBlank()) {
            redirect.addFlashAttribute("flashError", "session.notFound");
            return "redirect:/account#sessions";
        }
        HttpSession session = request.getSession(false);
        try {
            int ended = sessions.endConfirmed(SignedIn.get().id(), form.password(), form.session(),
                    session == null ? null : session.getId());
            redirect.addFlashAttribute("flash", ended == 0 ? "session.noneEnded" : "session.ended");
        }
        catch (KlientException e) {
            redirect.addFlashAttribute("flashError", e.messageKey());
        }
        return "redirect:/account#sessions";
    }

    @GetMapping("/tokens")
    String tokenList(Model model) {
        model.addAttribute("form", new TokenForm("", LocalDate.now().plusDays(90)));
        return tokenPage(model);
    }

    @PostMapping("/tokens")
    String issue(@Valid @ModelAttribute("form") TokenForm form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return tokenPage(model);
        }
        SignedInUser me = SignedIn.get();
        try {
            IssuedToken issued = tokens.issue(me.id(), form.name(),
                    form.expiresOn().plusDays(1).atStartOfDay(me.timeZone()).toInstant());
            redirect.addFlashAttribute("issuedSecret", issued.secret());
            redirect.addFlashAttribute("flash", "token.created");
            return "redirect:/account/tokens";
        }
        catch (KlientException e) {
            errors.reject(e.messageKey(), e.arguments(), e.messageKey());
            return tokenPage(model);
        }
    }

    @PostMapping("/tokens/{id}/revoke")
    String revoke(@PathVariable long id, RedirectAttributes redirect) {
        tokens.revoke(SignedIn.get().id(), id);
        redirect.addFlashAttribute("flash", "token.revoked");
        return "redirect:/account/tokens";
    }

    private String accountPage(Model model, UserSummary me, HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        model.addAttribute("me", me);
        model.addAttribute("sessions", sessions.list(me.id(), session == null ? null : session.getId()));
        model.addAttribute("timeZones", UserPages.TIME_ZONES);
        model.addAttribute("twoFactor", twoFactor.status(me.id()));
        model.addAttribute("apiTokens", tokens.list(me.id()));
        return "account/account";
    }

    private String tokenPage(Model model) {
        model.addAttribute("tokens", tokens.list(SignedIn.get().id()));
        return "account/tokens";
    }

    private static void refreshPrincipal(SignedInUser updated, HttpServletRequest request,
            HttpServletResponse response) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(updated, null, updated.getAuthorities()));
        SecurityContextHolder.setContext(context);
        new HttpSessionSecurityContextRepository().saveContext(context, request, response);
    }
}
