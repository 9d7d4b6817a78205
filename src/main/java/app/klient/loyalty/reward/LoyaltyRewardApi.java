package app.klient.loyalty.reward;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import app.klient.billing.Seller;
import app.klient.identity.OwnedRecords;
import app.klient.identity.Permission;
import app.klient.loyalty.Points;
import app.klient.loyalty.referral.Referrals;
import app.klient.loyalty.tier.MemberLinks;
import app.klient.loyalty.tier.Members;
import app.klient.loyalty.tier.Tier;
import app.klient.loyalty.tier.TierForm;
import app.klient.loyalty.tier.TierSettings;
import app.klient.loyalty.tier.Tiers;
import app.klient.platform.KlientException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tiers, the rewards catalog, redemptions and referrals over the API. Who may call is checked before the body is
 * looked at: a role that may not write hears 403, never what was wrong with what it sent.
 */
@RestController
@Tag(name = "Loyalty tiers, rewards and referrals")
@RequestMapping("/api/v1/loyalty")
class LoyaltyRewardApi {

    private final Tiers tiers;
    private final Rewards rewards;
    private final Referrals referrals;
    private final Members members;
    private final MemberLinks links;
    private final Seller seller;
    private final Validator validator;

    LoyaltyRewardApi(Tiers tiers, Rewards rewards, Referrals referrals, Members members, MemberLinks links,
            Seller seller, Validator validator) {
        this.tiers = tiers;
        this.rewards = rewards;
        this.referrals = referrals;
        this.members = members;
        this.links = links;
        this.seller = seller;
        this.validator = validator;
    }

    record Items<T>(List<T> items, long total) {
        static <T> Items<T> of(List<T> all) {
            return new Items<>(all, all.size());
        }
    }

    // ------------------------------------------------------------------ tiers

    @Operation(operationId = "listLoyaltyTiers", summary = "The program's tiers, lowest first, with what reaches each "
            + "and the multiplier of its points, and how tiers are reached (basis and months)")
    @GetMapping("/programs/{id}/tiers")
    Items<Tier> tiers(@PathVariable long id) {
        tiers.program(id);
        return Items.of(tiers.list(id));
    }

    @Operation(operationId = "getLoyaltyTierSettings", summary = "How the program's tiers are reached: by POINTS "
            + "earned or SPEND (net paid, company currency) over the last months; the points a referral earns")
    @GetMapping("/programs/{id}/tier-settings")
    Tiers.Program tierSettings(@PathVariable long id) {
        return tiers.program(id);
    }

    @Operation(operationId = "changeLoyaltyTierSettings", summary = "Change how the program's tiers are reached and "
            + "what a referral earns (marketers; the program's version required): {\"basis\": \"POINTS\"|\"SPEND\", "
            + "\"months\", \"referralPoints\", \"version\"}")
    @PutMapping("/programs/{id}/tier-settings")
    Tiers.Program changeTierSettings(@PathVariable long id, @RequestBody TierSettings settings) {
        Permission.MARKETING.check();
        return tiers.settings(id, valid(settings));
    }

    @Operation(operationId = "createLoyaltyTier", summary = "Add a tier (marketers): names in English, Polish and "
            + "Czech, the threshold (points or amount, as the program counts) and the multiplier of points (1–10)")
    @PostMapping("/tiers")
    ResponseEntity<Tier> createTier(@RequestBody TierForm form) {
        Permission.MARKETING.check();
        Tier made = tiers.create(valid(form));
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/loyalty/tiers/" + made.id())
                .body(made);
    }

    @Operation(operationId = "getLoyaltyTier", summary = "One tier")
    @GetMapping("/tiers/{id}")
    Tier tier(@PathVariable long id) {
        return tiers.get(id);
    }

    @Operation(operationId = "changeLoyaltyTier", summary = "Change a tier (marketers; version required)")
    @PutMapping("/tiers/{id}")
    Tier changeTier(@PathVariable long id, @RequestBody TierForm form) {
        Permission.MARKETING.check();
        return tiers.update(id, valid(form));
    }

    @Operation(operationId = "deleteLoyaltyTier", summary = "Remove a tier nobody holds, held or needs (marketers)")
    @DeleteMapping("/tiers/{id}")
    ResponseEntity<Void> deleteTier(@PathVariable long id) {
        Permission.MARKETING.check();
        tiers.delete(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "getLoyaltyStanding", summary = "The account's tier, since when, its review day, what it "
            + "reached over the period and what the next tier needs")
    @GetMapping("/accounts/{id}/tier")
    Tiers.Standing standing(@PathVariable long id) {
        return tiers.standing(id);
    }

    record Link(String url, LocalDate validUntil) {
    }

    @Operation(operationId = "getLoyaltyMemberLink", summary = "A signed link (90 days) to the customer's own page: "
            + "balance, tier and history, without signing in")
    @GetMapping("/accounts/{id}/link")
    Link link(@PathVariable long id) {
        members.get(id);
        LocalDate today = LocalDate.now(seller.get().zone());
        return new Link(links.link(id, today), today.plusDays(MemberLinks.VALID_DAYS));
    }

    // ------------------------------------------------------------------ rewards

    @Operation(operationId = "listLoyaltyRewards", summary = "The program's rewards catalog, cheapest first")
    @GetMapping("/programs/{id}/rewards")
    Items<Reward> rewards(@PathVariable long id) {
        tiers.program(id);
        return Items.of(rewards.list(id, true));
    }

    @Operation(operationId = "createLoyaltyReward", summary = "Add a reward (marketers): kind PERCENT (percent), "
            + "AMOUNT or GIFT_CARD (amount, currency), FREE_PRODUCT (productId); its points, the tier it needs "
            + "(tierId, optional) and the days its code is valid")
    @PostMapping("/rewards")
    ResponseEntity<Reward> createReward(@RequestBody RewardForm form) {
        Permission.MARKETING.check();
        Reward made = rewards.create(valid(form));
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/loyalty/rewards/" + made.id())
                .body(made);
    }

    @Operation(operationId = "getLoyaltyReward", summary = "One reward")
    @GetMapping("/rewards/{id}")
    Reward reward(@PathVariable long id) {
        return rewards.get(id);
    }

    @Operation(operationId = "changeLoyaltyReward", summary = "Change a reward or switch it off (marketers; version "
            + "required)")
    @PutMapping("/rewards/{id}")
    Reward changeReward(@PathVariable long id, @RequestBody RewardForm form) {
        Permission.MARKETING.check();
        return rewards.update(id, valid(form));
    }

    record RedeemForm(@NotNull Long rewardId) {
    }

    @Operation(operationId = "redeemLoyaltyReward", summary = "Turn the account's points into a reward's one-use code "
            + "(on the customer's behalf): {\"rewardId\"}. The code is taken by a quote, order or invoice as a "
            + "discount line. Of two redemptions of the same points at once, one wins; the other is refused")
    @PostMapping("/accounts/{id}/redemptions")
    ResponseEntity<Rewards.Redemption> redeem(@PathVariable long id, @RequestBody RedeemForm form) {
        writer();
        Rewards.Redemption made = rewards.redeem(id, valid(form).rewardId());
        return ResponseEntity.status(HttpStatus.CREATED).body(made);
    }

    @Operation(operationId = "listLoyaltyRedemptions", summary = "The account's redemptions, newest first: the code, "
            + "until when it is valid and the document that used it")
    @GetMapping("/accounts/{id}/redemptions")
    Items<Rewards.Redemption> redemptions(@PathVariable long id) {
        members.get(id);
        return Items.of(rewards.redemptions(id, 200));
    }

    // ------------------------------------------------------------------ referrals

    record ReferralsOf(String code, Referrals.Referral referredBy, List<Referrals.Referral> referred) {
    }

    @Operation(operationId = "getLoyaltyReferrals", summary = "The account's referral code, who referred it and whom "
            + "it referred")
    @GetMapping("/accounts/{id}/referrals")
    ReferralsOf referralsOf(@PathVariable long id) {
        members.get(id);
        return new ReferralsOf(referrals.codeOf(id), referrals.referredBy(id).orElse(null),
                referrals.referredBy(id, 200));
    }

    record ReferralForm(@NotNull @Size(max = 20) String code, Long companyId, Long contactId) {
    }

    @Operation(operationId = "recordLoyaltyReferral", summary = "Record that a customer came by a referral code: "
            + "{\"code\", \"companyId\" or \"contactId\"}. Their first paid purchase then earns the program's referral "
            + "points for both; refused for their own code, a second referral or a customer who has already paid")
    @PostMapping("/referrals")
    ResponseEntity<Referrals.Referral> refer(@RequestBody ReferralForm form) {
        writer();
        valid(form);
        if ((form.companyId() == null) == (form.contactId() == null)) {
            throw KlientException.invalid("loyalty.referral.customer");
        }
        Points.Customer customer = new Points.Customer(form.companyId(), form.contactId());
        return ResponseEntity.status(HttpStatus.CREATED).body(referrals.record(form.code(), customer));
    }

    private static void writer() {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "error.forbidden");
        }
    }

    private <T> T valid(T form) {
        if (form == null) {
            throw new KlientException(HttpStatus.BAD_REQUEST, "error.unreadable");
        }
        Set<ConstraintViolation<T>> violations = validator.validate(form);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return form;
    }
}
