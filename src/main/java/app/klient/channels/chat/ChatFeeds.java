package app.klient.channels.chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import app.klient.channels.chat.Chats.ChatMessage;
import app.klient.channels.chat.Chats.ChatView;
import app.klient.platform.Phrase;
import app.klient.platform.live.LiveEvents;
import app.klient.platform.live.LiveEvents.Notice;
import app.klient.platform.live.LiveStream;
import app.klient.platform.web.Phrases;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The event streams of a chat: the visitor's (their widget) and the agent's (the chat console). Each message is an
 * event whose id is the message's, so a stream that reconnects with {@code Last-Event-ID} continues where it broke
 * off; what Klient itself says is worded in the reader's language (the visitor's, the agent's).
 */
@Service
public class ChatFeeds {

    private static final int BATCH = 200;

    private final Chats chats;
    private final LiveEvents live;
    private final Phrases phrases;

    ChatFeeds(Chats chats, LiveEvents live, Phrases phrases) {
        this.chats = chats;
        this.live = live;
        this.phrases = phrases;
    }

    /** The message id a stream resumes after ({@code Last-Event-ID}); anything else starts from the beginning. */
    public static long after(String lastEventId) {
        return lastEventId != null && lastEventId.matches("\\d{1,18}") ? Long.parseLong(lastEventId) : 0;
    }

    /** What the widget shows besides the messages: the state, who answers, whether to ask for an e-mail or a rating. */
    public Map<String, Object> state(ChatView chat) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", chat.status());
        state.put("agent", chat.agentName() == null ? null : firstName(chat.agentName()));
        state.put("needsEmail", chat.visitorEmail() == null);
        state.put("rated", chat.rating() != null);
        return state;
    }

    public SseEmitter visitorStream(ChatView chat, long after) {
        AtomicLong last = new AtomicLong(after);
        Locale locale = Locale.forLanguageTag(chat.language());
        return live.stream(List.of(Chats.topic(chat.id())), (notices, stream) -> {
            if (notices.stream().anyMatch(n -> n.hint().equals("t:AGENT"))) {
                stream.event("typing", null, Map.of("who", "AGENT"));
            }
            sendMessages(chat, last, stream, locale, null, null);
            if (notices.isEmpty() || changed(notices)) {
                stream.event("status", null, state(chats.get(chat.id())));
            }
        });
    }

    /**
     * The chat console's stream: the queue changed ({@code queue}), and, with a chat open, its messages after
     * {@code after}, the visitor typing and its state.
     */
    public SseEmitter agentStream(ChatView chat, long after, Locale locale, java.time.ZoneId zone, long agentId) {
        AtomicLong last = new AtomicLong(after);
        List<String> topics = chat == null ? List.of(Chats.QUEUE) : List.of(Chats.QUEUE, Chats.topic(chat.id()));
        return live.stream(topics, (notices, stream) -> {
            if (notices.stream().anyMatch(n -> n.topic().equals(Chats.QUEUE) || n.resync())) {
                stream.event("queue", null, Map.of());
            }
            if (chat == null) {
                return;
            }
            if (notices.stream().anyMatch(n -> n.hint().equals("t:VISITOR"))) {
                stream.event("typing", null, Map.of("who", "VISITOR"));
            }
            sendMessages(chat, last, stream, locale, zone, agentId);
            if (changed(notices)) {
                ChatView now = chats.get(chat.id());
                Map<String, Object> state = state(now);
                state.put("agentId", now.agentId());
                stream.event("status", null, state);
            }
        });
    }

    private static boolean changed(List<Notice> notices) {
        return notices.stream().anyMatch(n -> n.resync() || n.hint().equals("s") && !n.topic().equals(Chats.QUEUE));
    }

    private void sendMessages(ChatView chat, AtomicLong last, LiveStream stream, Locale locale, java.time.ZoneId zone,
            Long agentId) {
        List<ChatMessage> batch;
        do {
            batch = chats.messages(chat.id(), last.get(), BATCH);
            for (ChatMessage message : batch) {
                stream.event("message", String.valueOf(message.id()), message(chat, message, locale, zone,
                        agentId));
                last.set(message.id());
            }
        }
        while (batch.size() == BATCH);
    }

    /** One message as a reader gets it; {@code agentId} is the reading agent's (null for the visitor). */
    public Map<String, Object> message(ChatView chat, ChatMessage message, Locale locale, Long agentId) {
        return message(chat, message, locale, null, agentId);
    }

    /** The same with its time of day in {@code zone} (the agent's), as {@code time}. */
    public Map<String, Object> message(ChatView chat, ChatMessage message, Locale locale, java.time.ZoneId zone,
            Long agentId) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", message.id());
        out.put("author", message.author());
        out.put("name", switch (message.author()) {
            case "AGENT" -> message.agentName() == null ? null
                    : agentId == null ? firstName(message.agentName()) : message.agentName();
            case "VISITOR" -> chat.visitorName();
            default -> null;
        });
        String text = message.body();
        Phrase said = message.phrase();
        if (said != null && agentId == null && said.key().equals("chat.system.visitorLeft")) {
            // the visitor reads of their own leaving in the second person
            said = Phrase.of("chat.system.youLeft");
        }
        if (text == null && said != null) {
            Locale before = LocaleContextHolder.getLocale();
            LocaleContextHolder.setLocale(locale);
            try {
                text = phrases.render(said);
            }
            finally {
                LocaleContextHolder.setLocale(before);
            }
        }
        out.put("text", text);
        if (message.fileName() != null) {
            out.put("file", message.fileName());
            out.put("fileId", message.id());
        }
        out.put("at", message.at());
        if (zone != null) {
            out.put("time", java.time.format.DateTimeFormatter.ofLocalizedTime(java.time.format.FormatStyle.SHORT)
                    .withLocale(locale).withZone(zone).format(message.at()));
        }
        if (agentId == null && message.clientId() != null) {
            out.put("clientId", message.clientId());
        }
        out.put("mine", agentId == null ? message.author().equals("VISITOR")
                : message.author().equals("AGENT") && agentId.equals(message.agentId()));
        return out;
    }

    /** A visitor sees only the first name of the agent who answers. */
    public static String firstName(String name) {
        String clean = name.strip();
        int space = clean.indexOf(' ');
        return space < 0 ? clean : clean.substring(0, space);
    }
}
