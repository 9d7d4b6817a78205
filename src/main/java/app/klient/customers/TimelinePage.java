package app.klient.customers;

import java.util.List;

/** A page of a timeline; {@code next} is the cursor for the following (older) page, null at the end. */
public record TimelinePage(List<TimelineEntry> items, String next) {
}
