package app.klient.customers;

import java.util.List;

/**
 * Colleagues named with @ in a note on a customer card for the first time (a new note, or ones added when it was
 * edited), never its author. {@code link} opens the card at the note; {@code title} says who wrote on which card and
 * how the note begins.
 */
public record NoteMentioned(long noteId, List<Long> userIds, String title, String link) {
}
