package app.klient.channels.web;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import app.klient.channels.calls.Calls;
import app.klient.channels.messages.ConversationView;
import app.klient.channels.messages.Conversations;
import app.klient.identity.CurrentUser;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.Paging;
import app.klient.service.CannedResponses;
import app.klient.service.Tickets;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The agents' side of messages: the conversations, one thread with its reply box, and click-to-call. */
@Controller
class ConversationPages {

    private final Conversations conversations;
    private final CannedResponses canned;
    private final Calls calls;

    ConversationPages(Conversations conversations, CannedResponses canned, Calls calls) {
        this.conversations = conversations;
        this.canned = canned;
        this.calls = calls;
    }

    @GetMapping("/conversations")
    String conversationList(@RequestParam(required = false) String channel,
            @RequestParam(required = false) String state, @RequestParam(required = false) Boolean unread,
            @RequestParam(required = false) Boolean mine, @RequestParam(required = false) Integer page,
            HttpServletRequest request, Model model) {
        String chosenChannel = channel == null || channel.isBlank() ? null : channel.strip();
        String chosenState = state == null || state.isBlank() ? null : state.strip();
        model.addAttribute("rows", conversations.list(new Conversations.Query(chosenChannel, chosenState, unread,
                Boolean.TRUE.equals(mine) ? CurrentUser.id() : null, null, null),
                Paging.of(page, 50, null, Map.of(), Sort.unsorted())));
        model.addAttribute("channel", chosenChannel);
        model.addAttribute("state", chosenState);
        model.addAttribute("unread", Boolean.TRUE.equals(unread));
        model.addAttribute("mine", Boolean.TRUE.equals(mine));
        model.addAttribute("listBase", Paging.listBase("/conversations", request.getQueryString()));
        return "channels/conversations";
    }

    @GetMapping("/conversations/{id}")
    String conversation(@PathVariable long id, @RequestParam(required = false) Long canned, Model model) {
        ConversationView conversation = conversations.get(id);
        if (conversation.unread() > 0) {
            conversations.markRead(id);
        }
        List<CannedResponses.Canned> answers = this.canned.list();
        model.addAttribute("conversation", conversation);
        model.addAttribute("cannedResponses", answers);
        model.addAttribute("canReply", conversations.canReply(conversation.channel()));
        model.addAttribute("canTicket", Tickets.canAnswer());
        model.addAttribute("draft", canned == null ? "" : answers.stream().filter(c -> canned.equals(c.id()))
                .map(CannedResponses.Canned::body).findFirst().orElse(""));
        return "channels/conversation";
    }

    @PostMapping("/conversations/{id}/replies")
    String reply(@PathVariable long id, @RequestParam(required = false) String text, RedirectAttributes redirect) {
        return act(redirect, "/conversations/" + id, "conversation.replied", () -> conversations.reply(id, text));
    }

    @PostMapping("/conversations/{id}/close")
    String close(@PathVariable long id, @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        return act(redirect, "/conversations/" + id, "conversation.closed", () -> conversations.close(id, version));
    }

    @PostMapping("/conversations/{id}/ticket")
    String ticket(@PathVariable long id, RedirectAttributes redirect) {
        try {
            return "redirect:/tickets/" + conversations.toTicket(id);
        }
        catch (KlientException e) {
            if (e.status().value() == 403 || e.status().value() == 404) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", e.messageKey());
            return "redirect:/conversations/" + id;
        }
    }

    /** Click-to-call from a card: back to the page it was asked from, told that the phone will ring. */
    @PostMapping("/calls/dial")
    String dial(@RequestParam(required = false) String number, @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        String to = back != null && back.startsWith("/") && !back.startsWith("//") && back.length() < 500
                && back.chars().noneMatch(c -> c < 32) ? back : "/";
        return act(redirect, to, "call.dial.requested", () -> calls.dial(number));
    }

    private static String act(RedirectAttributes redirect, String to, String done, Supplier<?> action) {
        return app.klient.platform.web.Flash.act(redirect, to, done, action::get);
    }
}
