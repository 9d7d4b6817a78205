package app.klient.loyalty.reward;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.billing.Seller;
import app.klient.customers.CardSection;
import app.klient.identity.OwnedRecords;
import app.klient.loyalty.Points;
import app.klient.loyalty.referral.Referrals;
import app.klient.loyalty.tier.MemberLinks;
import app.klient.loyalty.tier.Members;
import app.klient.loyalty.tier.Tiers;
import org.springframework.stereotype.Component;

/**
 * On a customer's card, per program they take part in: their tier, the rewards they may take now (a button that
 * redeems one), the codes they got, their referral code, who referred them and whom they referred, and the link to
 * their own points page. A customer in no program yet may be recorded as referred by a code.
 */
@Component
class RewardsOnCard implements CardSection {

    private final Members members;
    private final Tiers tiers;
    private final Rewards rewards;
    private final Referrals referrals;
    private final Points points;
    private final MemberLinks links;
    private final Seller seller;

    RewardsOnCard(Members members, Tiers tiers, Rewards rewards, Referrals referrals, Points points,
            MemberLinks links, Seller seller) {
        this.members = members;
        this.tiers = tiers;
        this.rewards = rewards;
        this.referrals = referrals;
        this.points = points;
        this.links = links;
        this.seller = seller;
    }

    /** One program's part of the section. */
    public record Membership(long accountId, String program, Tiers.Standing standing, int balance,
            List<Reward> offered, List<Rewards.Redemption> redemptions, String referralCode,
            Referrals.Referral referredBy, List<Referrals.Referral> referred, String link) {
    }

    @Override
    public Optional<Part> forCompany(long companyId) {
        return part(Points.Customer.company(companyId), "companies", companyId);
    }

    @Override
    public Optional<Part> forContact(long contactId) {
        return part(Points.Customer.contact(contactId), "contacts", contactId);
    }

    private Optional<Part> part(Points.Customer customer, String kind, long id) {
        List<Tiers.Program> programs = tiers.programs();
        if (programs.isEmpty()) {
            return Optional.empty();
        }
        LocalDate today = LocalDate.now(seller.get().zone());
        List<Membership> memberships = new ArrayList<>();
        for (long accountId : members.accountsOf(customer)) {
            Members.Member member = members.get(accountId);
            Tiers.Standing standing = tiers.standing(accountId);
            int balance = points.balance(accountId);
            int held = standing.tier() == null ? 0 : standing.tier().position();
            List<Reward> offered = rewards.list(member.programId(), false).stream()
                    .filter(r -> r.points() <= balance)
                    .filter(r -> r.tierId() == null || tiers.find(r.tierId()).map(t -> t.position() <= held)
                            .orElse(false))
                    .toList();
            String program = programs.stream().filter(p -> p.id() == member.programId()).map(Tiers.Program::name)
                    .findFirst().orElse("");
            memberships.add(new Membership(accountId, program, standing, balance, offered,
                    rewards.redemptions(accountId, 5), referrals.codeOf(accountId),
                    referrals.referredBy(accountId).orElse(null), referrals.referredBy(accountId, 20),
                    links.link(accountId, today)));
        }
        boolean referable = programs.stream().anyMatch(p -> p.referralPoints() != null)
                && memberships.stream().allMatch(m -> m.referredBy() == null);
        Map<String, Object> data = new HashMap<>();
        data.put("memberships", memberships);
        data.put("kind", kind);
        data.put("customerId", id);
        data.put("canRedeem", OwnedRecords.canCreate());
        data.put("referable", referable && OwnedRecords.canCreate());
        if (memberships.isEmpty() && !(boolean) data.get("referable")) {
            return Optional.empty();
        }
        return Optional.of(new Part(8, "loyalty/rewards-card", "rewards", data));
    }
}
