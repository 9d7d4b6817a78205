package app.klient.channels.chat.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import app.klient.channels.chat.ChatAgents;
import app.klient.channels.chat.ChatFeeds;
import app.klient.channels.chat.Chats;
import app.klient.channels.chat.Chats.ChatView;
import app.klient.identity.CurrentUser;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.files.Files;
import app.klient.platform.files.StoredFile;
import app.klient.platform.web.Flash;
import app.klient.service.CannedResponses;
import app.klient.service.Tickets;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The agents' chat console: the queue of chats (offered to the reader first), the chat being answered with its
 * visitor's page and customer, ready answers, files, and one click to a ticket. It stays current through its event
 * stream (js/chat-console.js); without script every action still posts and redirects.
 */
@Controller
class ChatConsolePages {

    private static final String SCRIPTED = "X-Klient-Fetch";

    private final Chats chats;
    private final ChatAgents agents;
    private final ChatFeeds feeds;
    private final CannedResponses canned;
    private final MessageSource messages;

    ChatConsolePages(Chats chats, ChatAgents agents, ChatFeeds feeds, CannedResponses canned,
            MessageSource messages) {
        this.chats = chats;
        this.agents = agents;
        this.feeds = feeds;
        this.canned = canned;
        this.messages = messages;
    }

    @GetMapping("/chat")
    String chatConsole(Model model) {
        return console(model, null);
    }

    @GetMapping("/chat/{id:\\d+}")
    String chatOpen(@PathVariable long id, Model model) {
        return console(model, chats.visible(id));
    }

    private String console(Model model, ChatView chat) {
        model.addAttribute("available", agents.isAvailable(CurrentUser.id()));
        model.addAttribute("queue", chats.queue(10));
        model.addAttribute("me", CurrentUser.id());
        model.addAttribute("chat", chat);
        model.addAttribute("maxText", Chats.MAX_TEXT);
        if (chat != null) {
            List<Map<String, Object>> said = chats.messages(chat.id(), 0, 1000).stream()
                    .map(m -> feeds.message(chat, m, LocaleContextHolder.getLocale(), CurrentUser.actor().timeZone(),
                            CurrentUser.id())).toList();
            model.addAttribute("messages", said);
            model.addAttribute("lastId", said.isEmpty() ? 0L : (Long) said.get(said.size() - 1).get("id"));
            model.addAttribute("canAnswer", !chat.ended() && (chat.agentId() == null
                    || chat.agentId() == CurrentUser.id()));
            model.addAttribute("canTicket", Tickets.canAnswer());
            model.addAttribute("answers", readyAnswers(chat));
        }
        return "channels/chat/console";
    }

    /** The ready answers, filled for this chat's customer, in the visitor's language first. */
    private List<Map<String, String>> readyAnswers(ChatView chat) {
        return canned.list().stream()
                .sorted((a, b) -> Boolean.compare(b.language().equals(chat.language()),
                        a.language().equals(chat.language())))
                .limit(50)
                .map(c -> {
                    Map<String, String> answer = new LinkedHashMap<>();
                    answer.put("name", c.name() + " (" + c.language() + ")");
                    answer.put("text", canned.fill(c.id(), chat.contactId(), chat.visitorName()));
                    return answer;
                }).toList();
    }

    @GetMapping("/chat/queue")
    String chatQueue(Model model, @RequestParam(required = false) Long open) {
        model.addAttribute("queue", chats.queue(10));
        model.addAttribute("me", CurrentUser.id());
        model.addAttribute("openId", open);
        return "channels/chat/console :: queue";
    }

    /** The console's stream: the queue changed; with {@code chat}, its messages after {@code after}. */
    @GetMapping(value = "/chat/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    SseEmitter chatEvents(@RequestParam(required = false) Long chat, @RequestParam(required = false) Long after,
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
            jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response) {
        app.klient.platform.live.LiveEvents.requireEventStream(request);
        ChatView open = chat == null ? null : chats.visible(chat);
        long from = lastEventId != null ? ChatFeeds.after(lastEventId) : after == null || after < 0 ? 0 : after;
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("Cache-Control", "no-store");
        return feeds.agentStream(open, from, LocaleContextHolder.getLocale(), CurrentUser.actor().timeZone(),
                CurrentUser.id());
    }

    @PostMapping("/chat/availability")
    String chatAvailability(@RequestParam(required = false) Boolean available,
            @RequestParam(required = false) Long open, RedirectAttributes redirect) {
        agents.setAvailable(Boolean.TRUE.equals(available));
        redirect.addFlashAttribute("flash", Boolean.TRUE.equals(available) ? "chat.available.on"
                : "chat.available.off");
        return open == null ? "redirect:/chat" : "redirect:/chat/" + open;
    }

    @PostMapping("/chat/presence")
    ResponseEntity<Void> chatPresence() {
        agents.present();
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/chat/{id:\\d+}/accept")
    String acceptChat(@PathVariable long id, RedirectAttributes redirect) {
        return act(id, redirect, () -> chats.accept(id));
    }

    @PostMapping("/chat/{id:\\d+}/messages")
    Object answerChat(@PathVariable long id, @RequestParam(required = false) String body,
            @RequestHeader(value = SCRIPTED, required = false) String scripted, RedirectAttributes redirect) {
        return scripted == null ? act(id, redirect, () -> chats.agentSays(id, body))
                : answer(() -> chats.agentSays(id, body));
    }

    @PostMapping("/chat/{id:\\d+}/files")
    Object sendChatFile(@PathVariable long id, @RequestParam(required = false) MultipartFile file,
            @RequestHeader(value = SCRIPTED, required = false) String scripted, RedirectAttributes redirect) {
        Supplier<Object> send = () -> {
            List<StoredFile> files = Files.read(file == null ? List.of() : List.of(file), 1, "file");
            return chats.agentSends(id, files.isEmpty() ? null : files.get(0));
        };
        return scripted == null ? act(id, redirect, send) : answer(send);
    }

    @PostMapping("/chat/{id:\\d+}/typing")
    ResponseEntity<Void> agentTyping(@PathVariable long id) {
        ChatView chat = chats.visible(id);
        if (!chat.ended()) {
            chats.typing(id, "AGENT");
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/chat/{id:\\d+}/end")
    String endChat(@PathVariable long id, RedirectAttributes redirect) {
        return act(id, redirect, () -> chats.end(id, false));
    }

    @PostMapping("/chat/{id:\\d+}/ticket")
    String chatToTicket(@PathVariable long id, RedirectAttributes redirect) {
        try {
            long ticket = chats.toTicket(id);
            redirect.addFlashAttribute("flash", "chat.ticket.made");
            return "redirect:/tickets/" + ticket;
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
            return "redirect:/chat/" + id;
        }
    }

    @GetMapping("/chat/{id:\\d+}/files/{messageId}")
    ResponseEntity<byte[]> chatFile(@PathVariable long id, @PathVariable long messageId) {
        return Files.download(chats.file(chats.visible(id).id(), messageId));
    }

    private static String act(long id, RedirectAttributes redirect, Supplier<?> action) {
        try {
            action.get();
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:/chat/" + id;
    }

    /** For the console's script: 204, or the refusal as text in the reader's language. */
    private ResponseEntity<String> answer(Supplier<?> action) {
        try {
            action.get();
            return ResponseEntity.noContent().build();
        }
        catch (KlientException e) {
            String key = e.messageKey();
            Object[] arguments = e.arguments();
            if (e instanceof InvalidFields invalid && !invalid.errors().isEmpty()) {
                key = invalid.errors().get(0).messageKey();
                arguments = invalid.errors().get(0).arguments();
            }
            return ResponseEntity.status(e.status()).contentType(new MediaType("text", "plain",
                    java.nio.charset.StandardCharsets.UTF_8)).body(messages.getMessage(key, arguments, key,
                    LocaleContextHolder.getLocale()));
        }
    }
}
