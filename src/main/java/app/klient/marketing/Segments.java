package app.klient.marketing;

import java.util.List;
import java.util.Optional;

import app.klient.customers.ContactCondition;
import app.klient.customers.ContactSegments;
import app.klient.marketing.segment.SegmentFilters;
import app.klient.platform.KlientException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The front door of segments and static lists for campaigns, journeys, exports and the contact list. A dynamic
 * segment is evaluated when asked, over the live data, so its membership follows every change without a rebuild;
 * a static list is the rows of {@code segment_members}.
 */
@Service
public class Segments implements ContactSegments {

    private final JdbcClient jdbc;
    private final SegmentFilters filters;

    Segments(JdbcClient jdbc, SegmentFilters filters) {
        this.jdbc = jdbc;
        this.filters = filters;
    }

    /**
     * The segment's members with a contact id above {@code afterContactId}, in contact id order, at most {@code
     * limit}: a send job walks the whole segment by passing the last id it handled.
     */
    @Transactional(readOnly = true)
    public List<Long> members(long segmentId, long afterContactId, int limit) {
        ContactCondition condition = condition(segmentId);
        return filters.evaluate(() -> jdbc.sql("select c.id from contacts c where c.id > :segAfter and ("
                + condition.sql() + ") order by c.id limit :segLimit").params(condition.params())
                .param("segAfter", afterContactId).param("segLimit", Math.max(0, Math.min(limit, 10_000)))
                .query(Long.class).list());
    }

    /** How many contacts the segment holds now. */
    @Transactional(readOnly = true)
    public long count(long segmentId) {
        ContactCondition condition = condition(segmentId);
        return filters.evaluate(() -> jdbc.sql("select count(*) from contacts c where " + condition.sql())
                .params(condition.params()).query(Long.class).single());
    }

    /** Whether the contact is in the segment now. */
    @Transactional(readOnly = true)
    public boolean contains(long segmentId, long contactId) {
        ContactCondition condition = condition(segmentId);
        return filters.evaluate(() -> jdbc.sql("select exists (select 1 from contacts c where c.id = :segContact and ("
                + condition.sql() + "))").params(condition.params()).param("segContact", contactId)
                .query(Boolean.class).single());
    }

    /**
     * The segment as a condition on contacts aliased {@code c} (parameters named {@code seg…}), to combine with
     * other conditions in one query (e.g. {@code Audience.REACHABLE}). A segment that does not exist: 404.
     */
    @Override
    @Transactional(readOnly = true)
    public ContactCondition condition(long segmentId) {
        record Row(String kind, String filter) {
        }
        Row row = jdbc.sql("select kind, filter::text from segments where id = :id").param("id", segmentId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2))).optional()
                .orElseThrow(() -> KlientException.notFound("segment.notFound"));
        if ("STATIC".equals(row.kind())) {
            return new ContactCondition("exists (select 1 from segment_members segm where segm.segment_id = :segList"
                    + " and segm.contact_id = c.id)", java.util.Map.of("segList", segmentId));
        }
        return filters.compile(filters.read(row.filter()));
    }

    @Override
    public Optional<String> name(long segmentId) {
        return jdbc.sql("select name from segments where id = :id").param("id", segmentId).query(String.class)
                .optional();
    }
}
