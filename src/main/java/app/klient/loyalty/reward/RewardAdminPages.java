package app.klient.loyalty.reward;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import app.klient.billing.CouponCodes;
import app.klient.catalog.ProductQuery;
import app.klient.catalog.ProductView;
import app.klient.catalog.Products;
import app.klient.identity.Permission;
import app.klient.loyalty.tier.Tier;
import app.klient.loyalty.tier.TierForm;
import app.klient.loyalty.tier.TierSettings;
import app.klient.loyalty.tier.Tiers;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.StaleVersion;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Tiers and rewards page of the Marketing menu: for one program, how its tiers are reached, the tiers, and the
 * rewards catalog. Everybody reads it; marketers change it.
 */
@Controller
class RewardAdminPages {

    private final Tiers tiers;
    private final Rewards rewards;
    private final Products products;
    private final Validator validator;

    RewardAdminPages(Tiers tiers, Rewards rewards, Products products, Validator validator) {
        this.tiers = tiers;
        this.rewards = rewards;
        this.products = products;
        this.validator = validator;
    }

    @GetMapping("/loyalty/rewards")
    String page(@RequestParam(required = false) Long program, Model model) {
        List<Tiers.Program> programs = tiers.programs();
        model.addAttribute("programs", programs);
        Tiers.Program shown = programs.stream().filter(p -> program == null || p.id() == program).findFirst()
                .orElse(null);
        model.addAttribute("program", shown);
        model.addAttribute("mayChange", Permission.MARKETING.granted());
        model.addAttribute("kinds", CouponCodes.Kind.values());
        model.addAttribute("bases", TierSettings.Basis.values());
        if (shown != null) {
            List<Tier> list = tiers.list(shown.id());
            model.addAttribute("tiers", list);
            model.addAttribute("tierById", list.stream().collect(Collectors.toMap(Tier::id, Function.identity())));
            model.addAttribute("rewards", rewards.list(shown.id(), true));
            List<ProductView> catalog = products.list(ProductQuery.all(), PageRequest.of(0, 200)).items();
            model.addAttribute("products", catalog);
            model.addAttribute("productById", catalog.stream()
                    .collect(Collectors.toMap(ProductView::id, Function.identity())));
        }
        return "loyalty/rewards";
    }

    @PostMapping("/loyalty/programs/{id:\\d+}/tier-settings")
    String settings(@PathVariable long id, @RequestParam(required = false) String basis,
            @RequestParam(required = false) Integer months, @RequestParam(required = false) Integer referralPoints,
            @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        Permission.MARKETING.check();
        return saved(id, redirect, () -> tiers.settings(id, valid(new TierSettings(basis(basis), months,
                referralPoints, version))), "loyalty.settings.saved");
    }

    @PostMapping("/loyalty/tiers")
    String createTier(@RequestParam(required = false) Long programId, @RequestParam(required = false) String nameEn,
            @RequestParam(required = false) String namePl, @RequestParam(required = false) String nameCs,
            @RequestParam(required = false) BigDecimal threshold,
            @RequestParam(required = false) BigDecimal multiplier, RedirectAttributes redirect) {
        Permission.MARKETING.check();
        return saved(programId, redirect, () -> tiers.create(valid(new TierForm(programId, nameEn, namePl, nameCs,
                threshold, multiplier, null))), "loyalty.tier.saved");
    }

    @PostMapping("/loyalty/tiers/{id:\\d+}")
    String changeTier(@PathVariable long id, @RequestParam(required = false) String nameEn,
            @RequestParam(required = false) String namePl, @RequestParam(required = false) String nameCs,
            @RequestParam(required = false) BigDecimal threshold,
            @RequestParam(required = false) BigDecimal multiplier, @RequestParam(required = false) Integer version,
            RedirectAttributes redirect) {
        Permission.MARKETING.check();
        Tier tier = tiers.get(id);
        return saved(tier.programId(), redirect, () -> tiers.update(id, valid(new TierForm(tier.programId(), nameEn,
                namePl, nameCs, threshold, multiplier, version))), "loyalty.tier.saved");
    }

    @PostMapping("/loyalty/tiers/{id:\\d+}/delete")
    String deleteTier(@PathVariable long id, RedirectAttributes redirect) {
        Permission.MARKETING.check();
        Tier tier = tiers.get(id);
        return saved(tier.programId(), redirect, () -> tiers.delete(id), "loyalty.tier.deleted");
    }

    @PostMapping("/loyalty/rewards")
    String createReward(@RequestParam(required = false) Long programId, @RequestParam Map<String, String> fields,
            RedirectAttributes redirect) {
        Permission.MARKETING.check();
        return saved(programId, redirect, () -> rewards.create(valid(reward(programId, fields, null))),
                "loyalty.reward.saved");
    }

    @PostMapping("/loyalty/rewards/{id:\\d+}")
    String changeReward(@PathVariable long id, @RequestParam Map<String, String> fields,
            RedirectAttributes redirect) {
        Permission.MARKETING.check();
        Reward reward = rewards.get(id);
        return saved(reward.programId(), redirect, () -> rewards.update(id, valid(reward(reward.programId(), fields,
                number(fields.get("version")) == null ? null : number(fields.get("version")).intValue()))),
                "loyalty.reward.saved");
    }

    private static RewardForm reward(Long programId, Map<String, String> f, Integer version) {
        CouponCodes.Kind kind = null;
        try {
            kind = f.get("kind") == null ? null : CouponCodes.Kind.valueOf(f.get("kind"));
        }
        catch (IllegalArgumentException unknown) {
            // refused by the form's checks as missing
        }
        BigDecimal points = number(f.get("points"));
        BigDecimal days = number(f.get("validDays"));
        BigDecimal product = number(f.get("productId"));
        BigDecimal tier = number(f.get("tierId"));
        boolean amount = kind == CouponCodes.Kind.AMOUNT || kind == CouponCodes.Kind.GIFT_CARD;
        return new RewardForm(programId, kind, f.get("nameEn"), f.get("namePl"), f.get("nameCs"),
                points == null ? null : points.intValue(),
                kind == CouponCodes.Kind.PERCENT ? number(f.get("percent")) : null,
                amount ? number(f.get("amount")) : null,
                amount ? blankToNull(f.get("currency")) : null,
                kind == CouponCodes.Kind.FREE_PRODUCT && product != null ? product.longValue() : null,
                tier == null ? null : tier.longValue(), days == null ? null : days.intValue(),
                version == null || "true".equals(f.get("active")), version);
    }

    private static BigDecimal number(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.strip().replace(',', '.'));
        }
        catch (NumberFormatException notANumber) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("number", "loyalty.form.number")));
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip().toUpperCase(java.util.Locale.ROOT);
    }

    private static TierSettings.Basis basis(String text) {
        try {
            return text == null ? null : TierSettings.Basis.valueOf(text);
        }
        catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    private <T> T valid(T form) {
        Set<ConstraintViolation<T>> violations = validator.validate(form);
        if (!violations.isEmpty()) {
            ConstraintViolation<T> first = violations.iterator().next();
            throw new InvalidFields(List.of(new InvalidFields.FieldError(first.getPropertyPath().toString(),
                    "loyalty.form.field", first.getPropertyPath().toString())));
        }
        return form;
    }

    private static String saved(Long programId, RedirectAttributes redirect, Runnable change, String done) {
        try {
            change.run();
            redirect.addFlashAttribute("flash", done);
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
            Object[] args = e.errors().get(0).arguments();
            redirect.addFlashAttribute("flashErrorArgs", args == null || args.length == 0 ? null
                    : java.util.Arrays.stream(args).map(String::valueOf).toArray());
        }
        catch (StaleVersion stale) {
            redirect.addFlashAttribute("flashError", "error.stale");
        }
        catch (KlientException refused) {
            if (refused.status().is4xxClientError() && refused.status().value() != 403) {
                redirect.addFlashAttribute("flashError", refused.messageKey());
                redirect.addFlashAttribute("flashErrorArgs", refused.arguments().length == 0 ? null
                        : java.util.Arrays.stream(refused.arguments()).map(String::valueOf).toArray());
            }
            else {
                throw refused;
            }
        }
        return "redirect:/loyalty/rewards" + (programId == null ? "" : "?program=" + programId);
    }
}
