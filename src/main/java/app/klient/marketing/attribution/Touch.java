package app.klient.marketing.attribution;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * A moment a contact came into contact with marketing: a click (or, when the administrator counts them, an open) in
 * a campaign, a website visit with UTM parameters, a form sent with them. {@code campaignId} is set for campaign
 * e-mail; the UTM campaign and term for visits and forms.
 */
record Touch(long contactId, Instant at, Long campaignId, String utmCampaign, String utmTerm) {

    /**
     * The touch that earns the credit for something that happened at {@code at}: among the touches no older than the
     * window (and not after {@code at}), the latest (last touch) or the earliest (first touch); none when there are
     * none.
     */
    static Optional<Touch> credited(Collection<Touch> touches, Instant at, Duration window, AttributionModel model) {
        Instant from = at.minus(window);
        Comparator<Touch> byTime = Comparator.comparing(Touch::at);
        var within = touches.stream().filter(t -> !t.at().isAfter(at) && !t.at().isBefore(from));
        return model == AttributionModel.FIRST_TOUCH ? within.min(byTime) : within.max(byTime);
    }

    boolean of(long campaign, String utm) {
        return (campaignId != null && campaignId == campaign)
                || (utm != null && utmCampaign != null && utm.equalsIgnoreCase(utmCampaign));
    }
}
