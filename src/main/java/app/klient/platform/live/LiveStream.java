package app.klient.platform.live;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import app.klient.platform.live.LiveEvents.Notice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open event stream: the notices heard for its topics wait here until a sender thread hands them to its
 * {@link LiveEvents.Feed}, one batch at a time, so a busy topic costs one read per batch rather than one per notice.
 */
public final class LiveStream {

    private static final Logger log = LoggerFactory.getLogger(LiveStream.class);

    private final SseEmitter emitter;
    private final Set<String> topics;
    private final LiveEvents.Feed feed;
    private final LiveEvents events;
    private final List<Notice> pending = new ArrayList<>();
    private boolean scheduled;
    private volatile boolean closed;

    LiveStream(SseEmitter emitter, Set<String> topics, LiveEvents.Feed feed, LiveEvents events) {
        this.emitter = emitter;
        this.topics = topics;
        this.feed = feed;
        this.events = events;
    }

    Set<String> topics() {
        return topics;
    }

    /** Sends one event (with an id the client resumes from, or none); a closed connection ends the stream. */
    public void event(String name, String id, Object data) {
        SseEmitter.SseEventBuilder event = SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON);
        if (id != null) {
            event.id(id);
        }
        send(event);
    }

    void notice(List<Notice> notices) {
        synchronized (pending) {
            pending.addAll(notices);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        try {
            events.schedule(this::drain);
        }
        catch (java.util.concurrent.RejectedExecutionException e) {
            complete();
        }
    }

    private void drain() {
        while (true) {
            List<Notice> batch;
            synchronized (pending) {
                if (closed) {
                    scheduled = false;
                    return;
                }
                batch = List.copyOf(pending);
                pending.clear();
            }
            try {
                feed.write(batch, this);
            }
            catch (Exception e) {
                log.warn("Live stream for {} failed and is closed", topics, e);
                complete();
            }
            synchronized (pending) {
                if (pending.isEmpty()) {
                    scheduled = false;
                    return;
                }
            }
        }
    }

    synchronized void send(SseEmitter.SseEventBuilder event) {
        if (closed) {
            return;
        }
        try {
            emitter.send(event);
        }
        catch (IOException | IllegalStateException e) {
            // the client went away: the container tells the emitter too, this only stops writing at once
            closed = true;
            events.forget(this);
        }
    }

    void complete() {
        closed = true;
        events.forget(this);
        try {
            emitter.complete();
        }
        catch (RuntimeException e) {
            // already finished by the container
        }
    }
}
