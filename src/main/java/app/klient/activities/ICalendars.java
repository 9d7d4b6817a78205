package app.klient.activities;

import java.time.Instant;
import java.util.List;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/** iCalendar (RFC 5545) of meetings and tasks, written with ical4j: the feed, and invitations sent to contacts. */
public final class ICalendars {

    private ICalendars() {
    }

    /** A person's calendar: meetings as events, open tasks as 15-minute events at their due time. */
    public static String feed(List<ActivityView> meetings, List<TaskView> tasks) {
        Calendar calendar = calendar();
        meetings.forEach(m -> calendar.add(event(m)));
        for (TaskView task : tasks) {
            VEvent event = new VEvent(task.dueAt(), task.dueAt().plusSeconds(15 * 60), "☐ " + task.title());
            event.add(new Uid("task-" + task.id() + "@klient"));
            event.add(new DtStamp(Instant.now()));
            if (task.description() != null) {
                event.add(new Description(task.description()));
            }
            calendar.add(event);
        }
        return calendar.toString();
    }

    /** An invitation to one meeting (METHOD:REQUEST), as calendar programs accept from an e-mail attachment. */
    public static String invitation(ActivityView meeting) {
        Calendar calendar = calendar();
        calendar.add(ImmutableMethod.REQUEST);
        calendar.add(event(meeting));
        return calendar.toString();
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
        event.add(new DtStamp(Instant.now()));
        if (meeting.location() != null) {
            event.add(new Location(meeting.location()));
        }
        if (meeting.body() != null) {
            event.add(new Description(meeting.body()));
        }
        return event;
    }
}
