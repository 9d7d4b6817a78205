package app.klient.marketing.internal;

import java.util.List;

import app.klient.customers.CustomerType;
import app.klient.customers.CustomersMerged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A merged contact's consent history, segments, campaign sends, tracking and coupons follow the survivor. Where both
 * had a row of the same kind (a segment, a campaign, a journey's step, a consent's current state) one stays: the
 * survivor's, except the current consent, where the newer decision counts.
 */
@Component
class MergedMarketingRows {

    private final JdbcClient jdbc;

    MergedMarketingRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(CustomersMerged merged) {
        long survivor = merged.survivorId();
        if (merged.kind() == CustomerType.COMPANY) {
            for (String table : List.of("coupons", "coupon_redemptions")) {
                move(table, "company_id", survivor, merged.mergedIds());
            }
            return;
        }
        for (Long gone : merged.mergedIds()) {
            jdbc.sql("""
                    delete from consent_states s where s.contact_id = :survivor and exists (select 1 from consent_states g
                     where g.contact_id = :gone and g.purpose_id = s.purpose_id and g.channel = s.channel
                       and g.since > s.since)""").param("gone", gone).param("survivor", survivor).update();
            once("consent_states", "purpose_id = x.purpose_id and y.channel = x.channel", gone, survivor);
            once("segment_members", "segment_id = x.segment_id", gone, survivor);
            once("campaign_recipients", "campaign_id = x.campaign_id", gone, survivor);
            once("journey_sends", "journey_id = x.journey_id and y.occasion = x.occasion", gone, survivor);
        }
        for (String table : List.of("consents", "consent_confirmations", "marketing_events", "web_visits", "coupons",
                "coupon_redemptions")) {
            move(table, "contact_id", survivor, merged.mergedIds());
        }
    }

    /** Drops the merged contact's rows the survivor already has a twin of (matched by {@code same}), moves the rest. */
    private void once(String table, String same, long gone, long survivor) {
        jdbc.sql("delete from " + table + " x where x.contact_id = :gone and exists (select 1 from " + table
                + " y where y.contact_id = :survivor and y." + same + ")")
                .param("gone", gone).param("survivor", survivor).update();
        move(table, "contact_id", survivor, List.of(gone));
    }

    private void move(String table, String column, long survivor, List<Long> merged) {
        jdbc.sql("update " + table + " set " + column + " = :survivor where " + column + " in (:merged)")
                .param("survivor", survivor).param("merged", merged).update();
    }
}
