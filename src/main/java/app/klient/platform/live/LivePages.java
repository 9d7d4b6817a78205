package app.klient.platform.live;

import app.klient.platform.Actor;
import app.klient.platform.KlientException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The signed-in person's notices, streamed to each of their open pages (js/live.js). */
@Controller
class LivePages {

    private final LiveNotices notices;

    LivePages(LiveNotices notices) {
        this.notices = notices;
    }

    @GetMapping(value = "/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    SseEmitter liveNotices(jakarta.servlet.http.HttpServletRequest request,
            jakarta.servlet.http.HttpServletResponse response) {
        LiveEvents.requireEventStream(request);
        Actor actor = Actor.current().orElseThrow(() -> new KlientException(HttpStatus.FORBIDDEN, "error.forbidden"));
        // nginx and others hold a response back to buffer it unless told not to
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("Cache-Control", "no-store");
        return notices.stream(actor.id(), LocaleContextHolder.getLocale());
    }
}
