package app.klient.channels.chat.web;

import java.util.Arrays;
import java.util.List;

import app.klient.channels.chat.ChatWidgets;
import app.klient.identity.Teams;
import app.klient.platform.KlientException;
import app.klient.platform.PublicUrl;
import app.klient.platform.web.Flash;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administrator's chat settings: the widgets, each with its team, its websites, the bot, and the line the website
 * puts on its pages (with Klient's absolute address, so it works from any site).
 */
@Controller
class ChatSettingsPages {

    private static final String PAGE = "redirect:/admin/chat";

    private final ChatWidgets widgets;
    private final Teams teams;
    private final PublicUrl publicUrl;

    ChatSettingsPages(ChatWidgets widgets, Teams teams, PublicUrl publicUrl) {
        this.widgets = widgets;
        this.teams = teams;
        this.publicUrl = publicUrl;
    }

    /** The line a website embeds for a widget. */
    static String scriptLine(PublicUrl publicUrl, String key) {
        return "<script src=\"" + publicUrl.of("/chat/widget.js") + "\" data-klient-chat=\"" + key
                + "\" async></script>";
    }

    @GetMapping("/admin/chat")
    String chatSettings(Model model) {
        model.addAttribute("widgets", widgets.list());
        model.addAttribute("teams", teams.list());
        model.addAttribute("lines", widgets.list().stream().collect(java.util.stream.Collectors.toMap(
                ChatWidgets.Widget::id, w -> scriptLine(publicUrl, w.key()))));
        model.addAttribute("baseConfigured", publicUrl.isConfigured());
        return "channels/chat/settings";
    }

    @PostMapping("/admin/chat/widgets")
    String createChatWidget(@RequestParam(required = false) String name, @RequestParam(required = false) Long teamId,
            @RequestParam(required = false) String origins, @RequestParam(required = false) Boolean bot,
            RedirectAttributes redirect) {
        try {
            widgets.create(new ChatWidgets.WidgetForm(name, teamId, lines(origins), Boolean.TRUE.equals(bot), true,
                    null));
            redirect.addFlashAttribute("flash", "chat.widget.saved");
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return PAGE;
    }

    @PostMapping("/admin/chat/widgets/{id}")
    String updateChatWidget(@PathVariable long id, @RequestParam(required = false) String name,
            @RequestParam(required = false) Long teamId, @RequestParam(required = false) String origins,
            @RequestParam(required = false) Boolean bot, @RequestParam(required = false) Boolean active,
            @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        try {
            widgets.update(id, new ChatWidgets.WidgetForm(name, teamId, lines(origins), Boolean.TRUE.equals(bot),
                    Boolean.TRUE.equals(active), version));
            redirect.addFlashAttribute("flash", "chat.widget.saved");
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return PAGE;
    }

    private static List<String> lines(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("[\\s,]+")).filter(s -> !s.isBlank()).toList();
    }
}
