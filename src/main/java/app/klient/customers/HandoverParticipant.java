package app.klient.customers;

import java.util.List;

/**
 * A module's part in the handover of a leaving person's work ({@link Handover}): what they own or are assigned there
 * that is still open, and moving it to a colleague. Each module that keeps such records contributes one bean; the
 * handover knows none of their tables. Beans are asked in their {@code @Order}.
 */
public interface HandoverParticipant {

    /** What of {@code fromUserId}'s would move, one part per kind of record (parts with nothing are left out). */
    List<Part> preview(long fromUserId);

    /**
     * Moves it to {@code toUserId} in the handover's transaction, bumping each moved record's version so that an
     * edit begun before the handover is refused as stale; answers what moved, one entry per kind.
     */
    List<Moved> handOver(long fromUserId, long toUserId);

    /**
     * A kind of record ({@code handover.kind.<kind>} names it on the page) with how many would move and the names of
     * the first few.
     */
    record Part(String kind, int count, List<String> examples) {
    }

    /** What moved: the kind, the record type and field the audit log knows them by, and their ids. */
    record Moved(String kind, String auditType, String field, List<Long> ids) {
    }
}
