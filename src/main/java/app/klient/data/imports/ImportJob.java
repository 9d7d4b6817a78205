package app.klient.data.imports;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * An import as pages and the API show it: the file and how it is read, the mapping (column number to field), the
 * duplicate policy, and how far the run got. {@code secondsLeft} is estimated from the speed so far.
 */
public record ImportJob(long id, String kind, String state, String filename, String format, String encoding,
        String delimiter, List<String> headings, Map<Integer, String> mapping, String duplicates, String matchKey,
        long totalRows, long position, long created, long updated, long skipped, long refused, String failure,
        OffsetDateTime startedAt, OffsetDateTime finishedAt, long createdBy, OffsetDateTime createdAt, int version) {

    /** Rows handled so far; {@code position} is the line of the last of them. */
    public long done() {
        return created + updated + skipped + refused;
    }

    public int percent() {
        return totalRows == 0 ? 0 : (int) Math.min(100, done() * 100 / totalRows);
    }

    public Long secondsLeft() {
        if (!"RUNNING".equals(state) || startedAt == null || done() == 0) {
            return null;
        }
        double seconds = Duration.between(startedAt, OffsetDateTime.now()).toMillis() / 1000.0;
        return Math.round((totalRows - done()) * seconds / done());
    }

    public boolean draft() {
        return "DRAFT".equals(state);
    }

    public boolean working() {
        return "QUEUED".equals(state) || "RUNNING".equals(state);
    }

    public boolean undoable() {
        return "DONE".equals(state) || "FAILED".equals(state);
    }
}
