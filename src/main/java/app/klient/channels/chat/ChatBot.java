package app.klient.channels.chat;

import java.text.Normalizer;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import app.klient.service.CannedResponses;
import app.klient.service.CannedResponses.Canned;
import org.springframework.stereotype.Component;

/**
 * The bot that answers a visitor from the service desk's ready answers before a person is asked: an answer is given
 * only when the question names what the answer is called ("delivery times", "reset the password"), so a question it
 * does not know goes to a person at once. Words are compared by their first five letters without accents, which
 * lets "dostawy" find "Dostawa" and "zásilky" find "Zásilka".
 */
@Component
class ChatBot {

    private static final int STEM = 5;

    private final CannedResponses canned;

    ChatBot(CannedResponses canned) {
        this.canned = canned;
    }

    /** The ready answer that fits the question, in the visitor's language (another one's when none is), if any. */
    Optional<Canned> match(String question, String language) {
        Set<String> asked = stems(question);
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        List<Canned> answers = canned.list();
        return answers.stream()
                .map(answer -> new Scored(answer, score(asked, answer), answer.language().equals(language)))
                .filter(s -> s.score() > 0)
                .max(Comparator.comparingInt(Scored::score).thenComparing(Scored::ownLanguage))
                .map(Scored::answer);
    }

    /**
     * How well a question fits an answer: nothing unless at least half of the answer's name is asked about; then
     * twice the name's words asked plus the body's.
     */
    static int score(Set<String> asked, Canned answer) {
        Set<String> name = stems(answer.name());
        if (name.isEmpty()) {
            return 0;
        }
        long named = name.stream().filter(asked::contains).count();
        if (named == 0 || named * 2 < name.size()) {
            return 0;
        }
        Set<String> body = stems(answer.body());
        long inBody = asked.stream().filter(body::contains).filter(w -> !name.contains(w)).count();
        return (int) (2 * named + inBody);
    }

    /** The words of a text worth comparing (three letters or more), lower case, unaccented, cut to five letters. */
    static Set<String> stems(String text) {
        Set<String> stems = new HashSet<>();
        if (text == null) {
            return stems;
        }
        String plain = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").replace('ł', 'l');
        for (String word : plain.split("[^\\p{L}\\p{N}]+")) {
            if (word.length() >= 3 && !word.startsWith("{")) {
                stems.add(word.length() > STEM ? word.substring(0, STEM) : word);
            }
        }
        return stems;
    }

    private record Scored(Canned answer, int score, boolean ownLanguage) {
    }
}
