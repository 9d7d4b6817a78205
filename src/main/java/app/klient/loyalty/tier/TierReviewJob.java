package app.klient.loyalty.tier;

import java.time.LocalDate;

import app.klient.billing.Seller;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reviews the tiers whose review day has come, a batch per transaction, every hour on every node: the accounts are
 * claimed row by row ({@code skip locked}), so each is reviewed once however many nodes run it.
 */
@Component
class TierReviewJob {

    static final int BATCH = 500;

    private final Tiers tiers;
    private final Seller seller;

    TierReviewJob(Tiers tiers, Seller seller) {
        this.tiers = tiers;
        this.seller = seller;
    }

    @Scheduled(fixedDelayString = "${klient.loyalty.review-every:PT1H}", initialDelayString = "PT2M")
    void reviewDue() {
        LocalDate today = LocalDate.now(seller.get().zone());
        while (tiers.review(today, BATCH) == BATCH) {
            // the next batch
        }
    }
}
