package app.klient.loyalty.referral;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Rewards the referrals whose referred customer has paid, every few minutes: all pending ones, a batch per transaction. */
@Component
class ReferralJob {

    static final int BATCH = 200;

    private final Referrals referrals;

    ReferralJob(Referrals referrals) {
        this.referrals = referrals;
    }

    @Scheduled(fixedDelayString = "${klient.loyalty.referrals-every:PT5M}", initialDelayString = "PT1M")
    void rewardDue() {
        long after = 0;
        for (Referrals.Batch batch = referrals.rewardDue(after, BATCH); batch.seen() == BATCH;
                batch = referrals.rewardDue(after, BATCH)) {
            after = batch.lastId();
        }
    }
}
