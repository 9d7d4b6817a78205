package app.klient.channels.chat.web;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import app.klient.channels.chat.ChatFeeds;
import app.klient.channels.chat.ChatWidgets;
import app.klient.channels.chat.Chats;
import app.klient.channels.chat.Chats.ChatView;
import app.klient.identity.CurrentUser;
import app.klient.platform.PublicUrl;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Live chats over the API: the chats and their transcripts, and the widgets (administrators). */
@RestController
@Tag(name = "Channels: live chat")
@RequestMapping("/api/v1")
class ChatApi {

    private final Chats chats;
    private final ChatWidgets widgets;
    private final ChatFeeds feeds;
    private final PublicUrl publicUrl;

    ChatApi(Chats chats, ChatWidgets widgets, ChatFeeds feeds, PublicUrl publicUrl) {
        this.chats = chats;
        this.widgets = widgets;
        this.feeds = feeds;
        this.publicUrl = publicUrl;
    }

    @Operation(summary = "List the chats the caller may see, the newest first (status: BOT, WAITING, ACTIVE, ENDED)")
    @GetMapping("/chats")
    PageResponse<ChatView> listChats(@RequestParam(required = false) String status,
            @RequestParam(required = false) Long agentId, @RequestParam(required = false) Long contactId,
            @RequestParam(required = false) OffsetDateTime from, @RequestParam(required = false) OffsetDateTime to,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        if (status != null && !status.matches("BOT|WAITING|ACTIVE|ENDED")) {
            throw new app.klient.platform.InvalidFields(List.of(new app.klient.platform.InvalidFields.FieldError(
                    "status", "chat.status.invalid")));
        }
        org.springframework.data.domain.Pageable paging = Paging.of(page, size, null, Map.of(), Sort.unsorted());
        return PageResponse.of(chats.list(new Chats.Query(status, agentId, contactId,
                from == null ? null : from.toInstant(), to == null ? null : to.toInstant()), paging));
    }

    record ChatWithMessages(ChatView chat, List<Map<String, Object>> messages) {
    }

    @Operation(summary = "Read a chat with its messages (what Klient said is worded in the caller's language)")
    @GetMapping("/chats/{id}")
    ChatWithMessages getChat(@PathVariable long id) {
        ChatView chat = chats.visible(id);
        return new ChatWithMessages(chat, chats.messages(id, 0, 1000).stream()
                .map(m -> feeds.message(chat, m, LocaleContextHolder.getLocale(), CurrentUser.id())).toList());
    }

    record AnswerBody(String body) {
    }

    @Operation(summary = "Answer a chat as the caller (an agent, or a bot of the company's own): a waiting chat is "
            + "taken by answering it; one another agent answers is refused")
    @PostMapping("/chats/{id}/messages")
    ResponseEntity<Map<String, Long>> answerChatByApi(@PathVariable long id,
            @RequestBody(required = false) AnswerBody body) {
        return ResponseEntity.status(201).body(Map.of("id", chats.agentSays(id, body == null ? null : body.body())));
    }

    record WidgetBody(ChatWidgets.Widget widget, String script) {
    }

    @Operation(summary = "List the chat widgets with the line each website embeds (administrators)")
    @GetMapping("/chat-widgets")
    List<WidgetBody> listChatWidgets() {
        ChatWidgets.checkAdministrator();
        return widgets.list().stream().map(w -> new WidgetBody(w, ChatSettingsPages.scriptLine(publicUrl, w.key())))
                .toList();
    }

    @Operation(summary = "Add a chat widget: its team, the websites allowed to embed it, and whether the bot answers "
            + "first (administrators)")
    @PostMapping("/chat-widgets")
    ResponseEntity<WidgetBody> createChatWidget(@RequestBody ChatWidgets.WidgetForm form) {
        ChatWidgets.Widget widget = widgets.create(form);
        return ResponseEntity.status(201).body(new WidgetBody(widget, ChatSettingsPages.scriptLine(publicUrl,
                widget.key())));
    }

    @Operation(summary = "Change a chat widget (administrators; send the version you read)")
    @PutMapping("/chat-widgets/{id}")
    WidgetBody updateChatWidget(@PathVariable long id, @RequestBody ChatWidgets.WidgetForm form) {
        ChatWidgets.Widget widget = widgets.update(id, form);
        return new WidgetBody(widget, ChatSettingsPages.scriptLine(publicUrl, widget.key()));
    }
}
