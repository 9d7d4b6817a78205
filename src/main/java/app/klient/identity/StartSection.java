package app.klient.identity;

import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * A part another module adds to the start page of a role (a salesperson's deals, an agent's queue...): a Thymeleaf
 * fragment and the data it shows. Identity does not know the modules that fill the start page.
 */
public interface StartSection {

    /** What this module shows the signed-in person, who works in {@code role}; empty when nothing. */
    Optional<Part> forUser(Viewer viewer);

    /** Who the start page is for: the person, their role, time zone and teams. */
    record Viewer(long userId, Role role, ZoneId zone, java.util.Set<Long> teamIds) {
    }

    /** {@code template :: fragment} rendered with {@code data}, in {@code order}; {@code wide} spans the page. */
    record Part(int order, String template, String fragment, Map<String, Object> data, boolean wide) {
    }
}
