package app.klient.projects;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Where a project stands; it moves only along {@link #canMoveTo}. */
public enum ProjectStatus {
    PLANNED, ACTIVE, ON_HOLD, DONE, CANCELLED;

    private static final Map<ProjectStatus, Set<ProjectStatus>> NEXT = Map.of(
            PLANNED, EnumSet.of(ACTIVE, ON_HOLD, CANCELLED),
            ACTIVE, EnumSet.of(ON_HOLD, DONE, CANCELLED),
            ON_HOLD, EnumSet.of(ACTIVE, CANCELLED),
            // a project closed by mistake opens again; a cancelled one is planned anew
            DONE, EnumSet.of(ACTIVE),
            CANCELLED, EnumSet.of(PLANNED));

    public boolean canMoveTo(ProjectStatus next) {
        return NEXT.get(this).contains(next);
    }

    public Set<ProjectStatus> next() {
        return NEXT.get(this);
    }

    /** Still to be delivered: counts as late when past its due date. */
    public boolean open() {
        return this == PLANNED || this == ACTIVE || this == ON_HOLD;
    }
}
