package app.klient.activities;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.time.Instant;
import java.util.List;

import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.parameter.PartStat;
import net.fortuna.ical4j.model.parameter.Role;
import net.fortuna.ical4j.model.parameter.Rsvp;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.validate.ValidationException;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/**
 * iCalendar (RFC 5545) of meetings and tasks, written with ical4j: the feed, and invitations sent to contacts. Each
 * event has one DTSTAMP (the VEvent constructor makes it) and long lines are folded at 75 octets.
 */
public final class ICalendars {

    /** Someone on an invitation: the organizer or an attendee. */
    public record Person(String email, String name) {
    }

    private ICalendars() {
    }

    /** A person's calendar: meetings as events, open tasks as 15-minute events at their due time. */
    public static String feed(List<ActivityView> meetings, List<TaskView> tasks) {
        Calendar calendar = calendar();
        meetings.forEach(m -> calendar.add(event(m)));
        for (TaskView task : tasks) {
            VEvent event = new VEvent(task.dueAt(), task.dueAt().plusSeconds(15 * 60), "☐ " + task.title());
            event.add(new Uid("task-" + task.id() + "@klient"));
            if (task.description() != null) {
                event.add(new Description(task.description()));
            }
            calendar.add(event);
        }
        return write(calendar);
    }

    /**
     * An invitation to one meeting (METHOD:REQUEST), as calendar programs accept from an e-mail attachment: the
     * meeting's owner organizes it, each invitee is asked to answer, and SEQUENCE follows the meeting's version, so
     * an invitation sent again after a change replaces the earlier one in the invitee's calendar.
     */
    public static String invitation(ActivityView meeting, Person organizer, List<Person> attendees) {
        Calendar calendar = calendar();
        calendar.add(ImmutableMethod.REQUEST);
        VEvent event = event(meeting);
        event.add(new Sequence(meeting.version()));
        if (organizer != null) {
            Organizer by = new Organizer(URI.create("mailto:" + organizer.email()));
            if (organizer.name() != null) {
                by.add(new Cn(organizer.name()));
            }
            event.add(by);
        }
        for (Person person : attendees) {
            Attendee attendee = new Attendee(URI.create("mailto:" + person.email()));
            attendee.add(Role.REQ_PARTICIPANT);
            attendee.add(PartStat.NEEDS_ACTION);
            attendee.add(new Rsvp(true));
            if (person.name() != null) {
                attendee.add(new Cn(person.name()));
            }
            event.add(attendee);
        }
        calendar.add(event);
        return write(calendar);
    }

    private static String write(Calendar calendar) {
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false).output(calendar, out);
        }
        catch (IOException | ValidationException e) {
            throw new IllegalStateException("Cannot write a calendar", e);
        }
        return out.toString();
    }

    private static Calendar calendar() {
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//Klient//CRM//EN"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        return calendar;
    }

    private static VEvent event(ActivityView meeting) {
        Instant end = meeting.endsAt() != null ? meeting.endsAt() : meeting.occurredAt().plusSeconds(3600);
        VEvent event = new VEvent(meeting.occurredAt(), end, meeting.subject());
        event.add(new Uid("meeting-" + meeting.id() + "@klient"));
        if (meeting.location() != null) {
            event.add(new Location(meeting.location()));
        }
        if (meeting.body() != null) {
            event.add(new Description(meeting.body()));
        }
        return event;
    }
}
