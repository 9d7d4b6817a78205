package app.klient.loyalty.reward;

import java.time.LocalDate;

import app.klient.billing.Seller;
import app.klient.identity.OwnedRecords;
import app.klient.loyalty.Points;
import app.klient.loyalty.referral.Referrals;
import app.klient.loyalty.tier.MemberLinks;
import app.klient.loyalty.tier.Members;
import app.klient.loyalty.tier.Tiers;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Redeeming a reward and recording a referral from a customer's card, and the customer's own page by a signed link
 * (public, under {@code /forms}: their balance, tier and history, nothing else; a forged or expired link gets a
 * page that says so).
 */
@Controller
class RewardPages {

    static final int HISTORY = 50;

    private final Rewards rewards;
    private final Referrals referrals;
    private final Members members;
    private final MemberLinks links;
    private final Tiers tiers;
    private final Points points;
    private final Seller seller;

    RewardPages(Rewards rewards, Referrals referrals, Members members, MemberLinks links, Tiers tiers, Points points,
            Seller seller) {
        this.rewards = rewards;
        this.referrals = referrals;
        this.members = members;
        this.links = links;
        this.tiers = tiers;
        this.points = points;
        this.seller = seller;
    }

    @PostMapping("/loyalty/accounts/{id:\\d+}/redeem")
    String redeem(@PathVariable long id, @RequestParam(required = false) Long rewardId, RedirectAttributes redirect) {
        writer();
        Members.Member member = members.get(id);
        try {
            if (rewardId == null) {
                throw new InvalidFields(java.util.List.of(new InvalidFields.FieldError("rewardId",
                        "loyalty.reward.notOffered")));
            }
            Rewards.Redemption made = rewards.redeem(id, rewardId);
            redirect.addFlashAttribute("flash", "loyalty.reward.redeemed");
            redirect.addFlashAttribute("flashArgs", new Object[] { made.code(), made.rewardName() });
        }
        catch (InvalidFields e) {
            app.klient.platform.web.Flash.error(e, redirect);
        }
        return back(member.customer());
    }

    @PostMapping("/loyalty/referrals/{kind:companies|contacts}/{id:\\d+}")
    String refer(@PathVariable String kind, @PathVariable long id, @RequestParam(required = false) String code,
            RedirectAttributes redirect) {
        writer();
        Points.Customer customer = kind.equals("companies") ? Points.Customer.company(id) : Points.Customer.contact(id);
        try {
            referrals.record(code, customer);
            redirect.addFlashAttribute("flash", "loyalty.referral.recorded");
        }
        catch (InvalidFields e) {
            app.klient.platform.web.Flash.error(e, redirect);
        }
        return back(customer);
    }

    @GetMapping("/forms/loyalty/{token}")
    String member(@PathVariable String token, Model model, jakarta.servlet.http.HttpServletResponse response) {
        LocalDate today = LocalDate.now(seller.get().zone());
        MemberLinks.Reading reading = links.read(token, today);
        if (reading instanceof MemberLinks.Valid valid && members.find(valid.accountId()).isPresent()) {
            long account = valid.accountId();
            Members.Member member = members.get(account);
            model.addAttribute("name", member.name());
            model.addAttribute("company", seller.get().name());
            model.addAttribute("balance", points.balance(account));
            model.addAttribute("standing", tiers.standing(account));
            model.addAttribute("history", points.history(account, PageRequest.of(0, HISTORY)).getContent());
            model.addAttribute("until", valid.until());
            return "loyalty/member";
        }
        if (reading instanceof MemberLinks.Expired expired) {
            response.setStatus(HttpStatus.GONE.value());
            model.addAttribute("expired", expired.until());
        }
        else {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("forged", true);
        }
        return "loyalty/member";
    }

    private static void writer() {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "error.forbidden");
        }
    }


    private static String back(Points.Customer customer) {
        return customer.companyId() != null ? "redirect:/companies/" + customer.companyId() + "#rewards"
                : "redirect:/contacts/" + customer.contactId() + "#rewards";
    }
}
