package app.klient.loyalty.internal;

import java.time.LocalDate;

import app.klient.billing.Seller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The loyalty work in the background, on every node (each part claims its programs and accounts in the database):
 * points for new purchases and back for corrections, then expiry, then the notices of points about to expire.
 */
@Component
class LoyaltyJob {

    private static final Logger log = LoggerFactory.getLogger(LoyaltyJob.class);

    private final Earning earning;
    private final Expiry expiry;
    private final Seller seller;

    LoyaltyJob(Earning earning, Expiry expiry, Seller seller) {
        this.earning = earning;
        this.expiry = expiry;
        this.seller = seller;
    }

    @Scheduled(fixedDelayString = "${klient.loyalty.every:PT5M}", initialDelayString = "PT1M")
    void scheduled() {
        try {
            Earning.Run run = earning.runAll();
            LocalDate today = LocalDate.now(seller.get().zone());
            int expired = expiry.expire(today);
            int told = expiry.notify(today);
            if (run.purchases() > 0 || expired > 0 || told > 0) {
                log.info("loyalty: {} purchases looked at, {} points granted in {} rows, {} corrections, {} expired, "
                        + "{} customers told", run.purchases(), run.points(), run.granted(), run.returned(), expired,
                        told);
            }
        }
        catch (RuntimeException e) {
            log.warn("loyalty: a run failed, the next one tries again", e);
        }
    }
}
