package app.klient.channels.chat;

import java.time.Duration;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Chats offered and not taken go to the next available agent after a while, chats nobody could be offered are
 * offered once somebody becomes available, and a visitor nobody answered for three minutes is answered by e-mail
 * (a ticket). Claimed with SKIP LOCKED, so two nodes never offer the same chat twice; runs where
 * {@link app.klient.platform.Jobs} switches scheduling on.
 */
@Component
class ChatOffers {

    static final Duration NOT_TAKEN = Duration.ofSeconds(45);
    /** How long a visitor waits for a person before the service desk takes the question by e-mail. */
    static final Duration NOBODY = Duration.ofMinutes(3);

    private final Chats chats;

    ChatOffers(Chats chats) {
        this.chats = chats;
    }

    @Scheduled(fixedDelayString = "PT10S", initialDelayString = "PT20S")
    void offerAgain() {
        chats.offerAgain(NOT_TAKEN);
        chats.giveUpWaiting(NOBODY);
    }
}
