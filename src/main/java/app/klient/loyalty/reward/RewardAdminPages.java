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
import app.klient.loyalty.web.TypedForm;
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
    private final org.springframework.context.MessageSource messages;

    RewardAdminPages(Tiers tiers, Rewards rewards, Products products, Validator validator,
            org.springframework.context.MessageSource messages) {
        this.messages = messages;
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
    String settings(@PathVariable long id, @RequestParam Map<String, String> fields, RedirectAttributes redirect,
            Model model) {
        Permission.MARKETING.check();
        return saved(id, "settings", fields, redirect, model, () -> tiers.settings(id, valid(new TierSettings(
                basis(fields.get("basis")), whole(fields.get("months"), "months"),
                whole(fields.get("referralPoints"), "referralPoints"), whole(fields.get("version"), "version")))),
                "loyalty.settings.saved");
    }

    @PostMapping("/loyalty/tiers")
    String createTier(@RequestParam Map<String, String> fields, RedirectAttributes redirect, Model model) {
        Permission.MARKETING.check();
        Long programId = id(fields.get("programId"));
        return saved(programId, "tier", fields, redirect, model, () -> tiers.create(valid(tier(programId, fields,
                null))), "loyalty.tier.saved");
    }

    @PostMapping("/loyalty/tiers/{id:\\d+}")
    String changeTier(@PathVariable long id, @RequestParam Map<String, String> fields, RedirectAttributes redirect,
            Model model) {
        Permission.MARKETING.check();
        Tier tier = tiers.get(id);
        return saved(tier.programId(), "tier-" + id, fields, redirect, model, () -> tiers.update(id, valid(tier(
                tier.programId(), fields, whole(fields.get("version"), "version")))), "loyalty.tier.saved");
    }

    @PostMapping("/loyalty/tiers/{id:\\d+}/delete")
    String deleteTier(@PathVariable long id, RedirectAttributes redirect, Model model) {
        Permission.MARKETING.check();
        Tier tier = tiers.get(id);
        return saved(tier.programId(), "tier-" + id, Map.of(), redirect, model, () -> tiers.delete(id),
                "loyalty.tier.deleted");
    }

    @PostMapping("/loyalty/rewards")
    String createReward(@RequestParam Map<String, String> fields, RedirectAttributes redirect, Model model) {
        Permission.MARKETING.check();
        Long programId = id(fields.get("programId"));
        return saved(programId, "reward", fields, redirect, model,
                () -> rewards.create(valid(reward(programId, fields, null))), "loyalty.reward.saved");
    }

    @PostMapping("/loyalty/rewards/{id:\\d+}")
    String changeReward(@PathVariable long id, @RequestParam Map<String, String> fields,
            RedirectAttributes redirect, Model model) {
        Permission.MARKETING.check();
        Reward reward = rewards.get(id);
        return saved(reward.programId(), "reward-" + id, fields, redirect, model, () -> rewards.update(id,
                valid(reward(reward.programId(), fields, whole(fields.get("version"), "version")))),
                "loyalty.reward.saved");
    }

    /** The fields a refusal is shown beside; any other refusal goes above the form. */
    private static final Set<String> FIELDS = Set.of("basis", "months", "referralPoints", "nameEn", "namePl",
            "nameCs", "threshold", "multiplier", "kind", "percent", "amount", "currency", "productId", "tierId",
            "points", "validDays");

    private static TierForm tier(Long programId, Map<String, String> f, Integer version) {
        return new TierForm(programId, f.get("nameEn"), f.get("namePl"), f.get("nameCs"),
                number(f.get("threshold"), "threshold"), number(f.get("multiplier"), "multiplier"), version);
    }

    private static Long id(String text) {
        return text == null || !text.strip().matches("\\d{1,18}") ? null : Long.valueOf(text.strip());
    }

    /** A whole number as typed, refused beside its field when it is not one. */
    private static Integer whole(String text, String field) {
        BigDecimal n = number(text, field);
        if (n == null) {
            return null;
        }
        if (n.stripTrailingZeros().scale() > 0 || n.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError(field, "loyalty.number.invalid")));
        }
        return n.intValue();
    }

    private static RewardForm reward(Long programId, Map<String, String> f, Integer version) {
        CouponCodes.Kind kind = null;
        try {
            kind = f.get("kind") == null ? null : CouponCodes.Kind.valueOf(f.get("kind"));
        }
        catch (IllegalArgumentException unknown) {
            // refused by the form's checks as missing
        }
        Integer points = whole(f.get("points"), "points");
        Integer days = whole(f.get("validDays"), "validDays");
        Long product = id(f.get("productId"));
        Long tier = id(f.get("tierId"));
        boolean amount = kind == CouponCodes.Kind.AMOUNT || kind == CouponCodes.Kind.GIFT_CARD;
        return new RewardForm(programId, kind, f.get("nameEn"), f.get("namePl"), f.get("nameCs"),
                points,
                kind == CouponCodes.Kind.PERCENT ? number(f.get("percent"), "percent") : null,
                amount ? number(f.get("amount"), "amount") : null,
                amount ? blankToNull(f.get("currency")) : null,
                kind == CouponCodes.Kind.FREE_PRODUCT ? product : null, tier, days,
                version == null || "true".equals(f.get("active")), version);
    }

    private static BigDecimal number(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.strip().replace(',', '.').replace(" ", ""));
        }
        catch (NumberFormatException notANumber) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError(field, "loyalty.form.number")));
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

    /**
     * The form's checks, each refusal beside its field in words a person reads: missing, too long (at most how
     * many characters), or out of the allowed range.
     */
    private <T> T valid(T form) {
        Set<ConstraintViolation<T>> violations = validator.validate(form);
        if (!violations.isEmpty()) {
            List<InvalidFields.FieldError> errors = new java.util.ArrayList<>();
            for (ConstraintViolation<T> v : violations) {
                String field = v.getPropertyPath().toString();
                java.lang.annotation.Annotation check = v.getConstraintDescriptor().getAnnotation();
                if (check instanceof jakarta.validation.constraints.NotNull
                        || check instanceof jakarta.validation.constraints.NotBlank) {
                    errors.add(new InvalidFields.FieldError(field, "loyalty.form.required"));
                }
                else if (check instanceof jakarta.validation.constraints.Size size) {
                    errors.add(new InvalidFields.FieldError(field, "loyalty.form.tooLong", size.max()));
                }
                else {
                    errors.add(new InvalidFields.FieldError(field, "loyalty.form.range"));
                }
            }
            errors.sort(java.util.Comparator.comparing(InvalidFields.FieldError::field));
            throw new InvalidFields(errors);
        }
        return form;
    }

    /**
     * Makes the change and goes back to the page; refused, the page is shown again with the form as typed and the
     * refusals beside its fields ({@link TypedForm}).
     */
    private String saved(Long programId, String form, Map<String, String> fields, RedirectAttributes redirect,
            Model model, Runnable change, String done) {
        try {
            change.run();
            redirect.addFlashAttribute("flash", done);
            return "redirect:/loyalty/rewards" + (programId == null ? "" : "?program=" + programId);
        }
        catch (StaleVersion stale) {
            TypedForm.refused(KlientException.conflict("error.stale"), form, fields, FIELDS, model, messages);
        }
        catch (KlientException refused) {
            if (refused.status().is5xxServerError()) {
                throw refused;
            }
            TypedForm.refused(refused, form, fields, FIELDS, model, messages);
        }
        return page(programId, model);
    }
}
