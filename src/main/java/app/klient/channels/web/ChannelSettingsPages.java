package app.klient.channels.web;

import java.util.function.Supplier;

import app.klient.channels.internal.ChannelEndpoints;
import app.klient.identity.Permission;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.PublicUrl;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Phone and messaging": where click-to-call and each channel's replies are sent (with the secrets the receivers
 * verify), and what a phone system or gateway needs to feed calls and messages in.
 */
@Controller
@RequestMapping("/admin/channels")
class ChannelSettingsPages {

    private static final String PAGE = "redirect:/admin/channels";

    private final ChannelEndpoints endpoints;
    private final PublicUrl publicUrl;
    private final app.klient.identity.IntakeTokens tokens;

    ChannelSettingsPages(ChannelEndpoints endpoints, PublicUrl publicUrl, app.klient.identity.IntakeTokens tokens) {
        this.endpoints = endpoints;
        this.publicUrl = publicUrl;
        this.tokens = tokens;
    }

    /** A token for the phone system or gateway, limited to the intake; its secret is shown this once. */
    @PostMapping("/token")
    String issueToken(@RequestParam(required = false) String name, @RequestParam(required = false) Integer days,
            RedirectAttributes redirect) {
        int valid = days == null || days < 1 || days > 730 ? 365 : days;
        return act(redirect, "channels.token.issued", () -> {
            var issued = tokens.issue(name, java.time.Instant.now().plus(java.time.Duration.ofDays(valid)));
            redirect.addFlashAttribute("issuedToken", issued.secret());
            return issued;
        });
    }

    @GetMapping
    String channelSettings(Model model) {
        Permission.CHANNELS.check();
        var all = endpoints.list();
        model.addAttribute("clickToCall", all.stream().filter(ChannelEndpoints.EndpointView::clickToCall).findFirst()
                .orElse(null));
        model.addAttribute("channels", all.stream().filter(e -> !e.clickToCall()).toList());
        model.addAttribute("base", publicUrl.base());
        return "channels/settings";
    }

    @PostMapping("/click-to-call")
    String saveClickToCall(@RequestParam(required = false) String url, @RequestParam(required = false) Integer version,
            RedirectAttributes redirect) {
        return act(redirect, "channels.saved", () -> endpoints.save(ChannelEndpoints.CLICK_TO_CALL, url, version));
    }

    @PostMapping("/endpoints")
    String saveEndpoint(@RequestParam(required = false) String channel, @RequestParam(required = false) String url,
            @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        String name = channel == null ? "" : channel.strip();
        if (ChannelEndpoints.CLICK_TO_CALL.equals(name)) {
            name = "";
        }
        String chosen = name;
        return act(redirect, "channels.saved", () -> endpoints.save(chosen, url, version));
    }

    @PostMapping("/endpoints/{channel}/remove")
    String removeEndpoint(@PathVariable String channel, RedirectAttributes redirect) {
        return act(redirect, "channels.removed", () -> {
            endpoints.remove(channel);
            return null;
        });
    }

    @PostMapping("/endpoints/{channel}/secret")
    String rotateSecret(@PathVariable String channel, RedirectAttributes redirect) {
        return act(redirect, "channels.rotated", () -> endpoints.rotateSecret(channel));
    }

    private static String act(RedirectAttributes redirect, String done, Supplier<?> action) {
        try {
            action.get();
            redirect.addFlashAttribute("flash", done);
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
            if (e.errors().get(0).arguments().length > 0) {
                redirect.addFlashAttribute("flashErrorArgs", e.errors().get(0).arguments());
            }
        }
        catch (KlientException e) {
            if (e.status().value() == 403) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", e.messageKey());
        }
        return PAGE;
    }
}
