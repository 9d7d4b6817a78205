package app.klient.channels.chat;

import java.time.Duration;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Chats offered and not taken go to the next available agent after a while, and chats nobody could be offered are
 * offered once somebody becomes available. Claimed with SKIP LOCKED, so two nodes never offer the same chat twice; runs where
 * {@link app.klient.platform.Jobs} switches scheduling on.
 */
@Component
class ChatOffers {

    static final Duration NOT_TAKEN = Duration.ofSeconds(45);

    private final Chats chats;

    ChatOffers(Chats chats) {
        this.chats = chats;
    }

    @Scheduled(fixedDelayString = "PT10S", initialDelayString = "PT20S")
    void offerAgain() {
        chats.offerAgain(NOT_TAKEN);
    }
}
