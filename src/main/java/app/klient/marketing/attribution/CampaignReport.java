package app.klient.marketing.attribution;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What a campaign did and brought in. {@code funnel}: what happened to its messages; {@code links}: clicks per link;
 * {@code attributed}: leads, deals, orders, invoices and revenue (net, company currency) credited to it under the
 * settings, and the customers those invoices went to (contacts; an invoice credited by its UTM campaign alone, one);
 * {@code roi}: (revenue − cost) / cost, empty without a cost.
 */
public record CampaignReport(long id, String name, String state, int version, Instant startedAt, String utmCampaign,
        Funnel funnel, List<LinkClicks> links, Attributed attributed, BigDecimal cost, String currency,
        BigDecimal roi, AttributionSettings settings) {

    public record Funnel(long recipients, long sent, long delivered, long bounced, long opened, long clicked,
            long unsubscribed, long complaints, long noConsent, long suppressed, long noAddress, long failed) {
    }

    public record LinkClicks(long linkId, String url, long clicks, long people) {
    }

    public record Attributed(long leads, long deals, long wonDeals, long orders, long invoices, BigDecimal revenue,
            long customers) {
    }
}
