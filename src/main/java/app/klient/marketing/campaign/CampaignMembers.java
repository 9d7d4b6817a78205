package app.klient.marketing.campaign;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The contacts a campaign goes to, walked in contact id order from where the send job reached. A stand-in over the
 * static lists ({@code segment_members}) until the segments part answers the same question for dynamic segments
 * ({@code Segments.members(segmentId, afterContactId, limit)}): this is the one place to switch.
 */
@Component
class CampaignMembers {

    private final JdbcClient jdbc;

    CampaignMembers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@code limit} members with an id above {@code afterContactId}, in id order. */
    List<Long> after(long segmentId, long afterContactId, int limit) {
        return jdbc.sql("""
                select contact_id from segment_members where segment_id = :segment and contact_id > :after
                order by contact_id limit :limit""").param("segment", segmentId).param("after", afterContactId)
                .param("limit", limit).query(Long.class).list();
    }
}
