package app.klient.channels.chat.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.channels.chat.ChatFeeds;
import app.klient.channels.chat.ChatWidgets;
import app.klient.channels.chat.ChatWidgets.Widget;
import app.klient.channels.chat.Chats;
import app.klient.channels.chat.Chats.ChatView;
import app.klient.platform.KlientException;
import app.klient.platform.files.Files;
import app.klient.platform.files.StoredFile;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * What the chat widget on the company's website calls, without signing in: the chat is the visitor's by the secret
 * the widget was given when it started, and only the websites the widget allows may call from a browser (checked by
 * {@link app.klient.channels.chat.ChatOrigins}). Errors are problem+json in the visitor's language.
 */
@RestController
class ChatWidgetEndpoints {

    /** The widget's own words, sent in the visitor's language with its settings. */
    private static final List<String> WORDS = List.of("title", "intro", "name", "email", "message", "send",
            "start", "person", "end", "ended", "rate", "rated", "comment", "thanks", "offline", "offlineSent",
            "attach", "typing", "you", "agent", "bot", "system", "waiting", "close", "open", "introduce",
            "reconnecting", "error");

    private final ChatWidgets widgets;
    private final Chats chats;
    private final ChatFeeds feeds;
    private final MessageSource messages;

    ChatWidgetEndpoints(ChatWidgets widgets, Chats chats, ChatFeeds feeds, MessageSource messages) {
        this.widgets = widgets;
        this.chats = chats;
        this.feeds = feeds;
        this.messages = messages;
    }

    record StartBody(String name, String email, String message, String clientId, String pageUrl, String pageTitle,
            String language) {

        Chats.Start start() {
            return new Chats.Start(name, email, message, clientId, pageUrl, pageTitle, language);
        }
    }

    record MessageBody(String body, String clientId, String pageUrl, String pageTitle) {
    }

    record IntroBody(String name, String email) {
    }

    record RatingBody(Integer score, String comment) {
    }

    /** Whether somebody answers now, and the widget's words in the visitor's language. */
    @GetMapping("/chat/w/{key}/config")
    Map<String, Object> widgetConfig(@PathVariable String key, @RequestParam(required = false) String lang) {
        Widget widget = widget(key);
        String language = Chats.language(lang);
        Locale locale = Locale.forLanguageTag(language);
        Map<String, String> words = new LinkedHashMap<>();
        for (String word : WORDS) {
            words.put(word, messages.getMessage("chat.widget." + word, null, locale));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("open", chats.open(widget));
        config.put("bot", widget.bot());
        config.put("language", language);
        config.put("maxText", Chats.MAX_TEXT);
        config.put("words", words);
        return config;
    }

    @PostMapping("/chat/w/{key}/chats")
    ResponseEntity<Chats.Started> startChat(@PathVariable String key, @RequestBody(required = false) StartBody body,
            HttpServletRequest request) {
        Widget widget = widget(key);
        return ResponseEntity.status(201).body(chats.start(widget, body(body).start(), request.getRemoteAddr()));
    }

    /** Nobody to answer: the message becomes a ticket, answered by e-mail. */
    @PostMapping("/chat/w/{key}/offline")
    ResponseEntity<Map<String, String>> leaveMessage(@PathVariable String key,
            @RequestBody(required = false) StartBody body, HttpServletRequest request) {
        Widget widget = widget(key);
        String number = chats.leaveMessage(widget, body(body).start(), request.getRemoteAddr());
        return ResponseEntity.status(201).body(Map.of("ticket", number));
    }

    /** The chat's state, for a widget that comes back (another page of the site, a reload). */
    @GetMapping("/chat/w/{key}/chats/{token}")
    Map<String, Object> visitorChat(@PathVariable String key, @PathVariable String token) {
        return feeds.state(chat(key, token));
    }

    /**
     * The chat's messages and what happens in it, as server-sent events: everything after {@code Last-Event-ID}
     * (all of it for a new stream), then each message as it is stored.
     */
    @GetMapping(value = "/chat/w/{key}/chats/{token}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter visitorEvents(@PathVariable String key, @PathVariable String token,
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
            HttpServletRequest request, HttpServletResponse response) {
        app.klient.platform.live.LiveEvents.requireEventStream(request);
        ChatView chat = chat(key, token);
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("Cache-Control", "no-store");
        return feeds.visitorStream(chat, ChatFeeds.after(lastEventId));
    }

    @PostMapping("/chat/w/{key}/chats/{token}/messages")
    ResponseEntity<Map<String, Long>> visitorMessage(@PathVariable String key, @PathVariable String token,
            @RequestBody(required = false) MessageBody body) {
        ChatView chat = chat(key, token);
        MessageBody sent = body == null ? new MessageBody(null, null, null, null) : body;
        return ResponseEntity.status(201).body(Map.of("id", chats.visitorSays(chat, sent.body(), sent.clientId(),
                sent.pageUrl(), sent.pageTitle())));
    }

    @PostMapping("/chat/w/{key}/chats/{token}/files")
    ResponseEntity<Map<String, Long>> visitorFile(@PathVariable String key, @PathVariable String token,
            @RequestParam(required = false) MultipartFile file, @RequestParam(required = false) String clientId) {
        ChatView chat = chat(key, token);
        List<StoredFile> files = Files.read(file == null ? List.of() : List.of(file), 1, "file");
        return ResponseEntity.status(201).body(Map.of("id", chats.visitorSends(chat, files.isEmpty() ? null
                : files.get(0), clientId)));
    }

    @GetMapping("/chat/w/{key}/chats/{token}/files/{messageId}")
    ResponseEntity<byte[]> visitorDownload(@PathVariable String key, @PathVariable String token,
            @PathVariable long messageId) {
        return Files.download(chats.file(chat(key, token).id(), messageId));
    }

    @PostMapping("/chat/w/{key}/chats/{token}/typing")
    ResponseEntity<Void> visitorTyping(@PathVariable String key, @PathVariable String token) {
        ChatView chat = chat(key, token);
        if (!chat.ended()) {
            chats.typing(chat.id(), "VISITOR");
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/chat/w/{key}/chats/{token}/person")
    ResponseEntity<Void> askForPerson(@PathVariable String key, @PathVariable String token) {
        chats.askForPerson(chat(key, token));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/chat/w/{key}/chats/{token}/introduce")
    ResponseEntity<Void> introduce(@PathVariable String key, @PathVariable String token,
            @RequestBody(required = false) IntroBody body) {
        IntroBody given = body == null ? new IntroBody(null, null) : body;
        chats.introduce(chat(key, token), given.name(), given.email());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/chat/w/{key}/chats/{token}/end")
    ResponseEntity<Void> visitorEnds(@PathVariable String key, @PathVariable String token) {
        chats.end(chat(key, token).id(), true);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/chat/w/{key}/chats/{token}/rating")
    ResponseEntity<Void> rateChat(@PathVariable String key, @PathVariable String token,
            @RequestBody(required = false) RatingBody body) {
        RatingBody given = body == null ? new RatingBody(null, null) : body;
        chats.rate(chat(key, token), given.score(), given.comment());
        return ResponseEntity.noContent().build();
    }

    private Widget widget(String key) {
        return widgets.byKey(key).orElseThrow(() -> KlientException.notFound("chat.widget.notFound"));
    }

    private ChatView chat(String key, String token) {
        return chats.byToken(widget(key), token);
    }

    private static StartBody body(StartBody body) {
        return body == null ? new StartBody(null, null, null, null, null, null, null) : body;
    }
}
