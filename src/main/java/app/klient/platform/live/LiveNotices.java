package app.klient.platform.live;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import app.klient.platform.Phrase;
import app.klient.platform.web.Phrases;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A word to one person on whatever Klient page they have open, on any node: a call ringing for them (with the
 * caller's card), a chat offered, a mention. It is worded when it reaches their page, in their language; a person
 * with no page open hears nothing (what must not be missed is also kept as a notification or a record).
 */
@Service
public class LiveNotices {

    static final String EVENT = "notice";

    private final LiveEvents live;
    private final Phrases phrases;
    private final JsonMapper json;

    LiveNotices(LiveEvents live, Phrases phrases, JsonMapper json) {
        this.live = live;
        this.phrases = phrases;
        this.json = json;
    }

    static String topic(long userId) {
        return "user:" + userId;
    }

    /**
     * Tells {@code userId} now (or when the current transaction commits): {@code kind} lets a page's script react
     * ({@code call}, {@code chat}), {@code text} is shown, {@code url} opened by a click; {@code data} is passed on.
     */
    public void tell(long userId, String kind, Phrase text, String url, Map<String, Object> data) {
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("kind", kind);
        notice.put("phrase", text);
        notice.put("url", url);
        notice.put("data", data == null ? Map.of() : data);
        live.publish(topic(userId), json.writeValueAsString(notice));
    }

    /** The stream of one person's notices, worded in {@code locale}. */
    org.springframework.web.servlet.mvc.method.annotation.SseEmitter stream(long userId, Locale locale) {
        return live.stream(java.util.List.of(topic(userId)), (notices, stream) -> {
            for (LiveEvents.Notice notice : notices) {
                if (notice.resync()) {
                    continue;
                }
                stream.event(EVENT, null, worded(notice.hint(), locale));
            }
        });
    }

    private JsonNode worded(String hint, Locale locale) {
        ObjectNode notice = (ObjectNode) json.readTree(hint);
        JsonNode phrase = notice.remove("phrase");
        Locale before = LocaleContextHolder.getLocale();
        LocaleContextHolder.setLocale(locale);
        try {
            notice.put("text", phrase == null || phrase.isNull() ? ""
                    : phrases.render(json.treeToValue(phrase, Phrase.class)));
        }
        finally {
            LocaleContextHolder.setLocale(before);
        }
        return notice;
    }
}
