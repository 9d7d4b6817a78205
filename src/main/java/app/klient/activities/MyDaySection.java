package app.klient.activities;

import java.time.ZoneId;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * What another module adds to a person's My day (a project team member's project tasks), and what it says about
 * the tasks My day lists (the project a task belongs to). Activities does not know the modules that add them.
 */
public interface MyDaySection {

    /** A part of the person's My day: {@code template :: fragment} rendered with {@code data}; empty when nothing. */
    Optional<Part> forUser(long userId, ZoneId zone);

    /** For the tasks given, those this module places somewhere: the place's name and address. */
    Map<Long, Place> placesOf(Collection<Long> taskIds);

    record Part(int order, String template, String fragment, Map<String, Object> data) {
    }

    /** Where a task belongs beyond its customer: a name to show and a link. */
    record Place(String name, String href) {
    }
}
