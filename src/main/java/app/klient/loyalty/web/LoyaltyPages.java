package app.klient.loyalty.web;

import app.klient.platform.web.Flash;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import app.klient.catalog.ProductQuery;
import app.klient.catalog.ProductView;
import app.klient.catalog.Products;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.loyalty.AccountView;
import app.klient.loyalty.Accounts;
import app.klient.loyalty.AdjustmentForm;
import app.klient.loyalty.Points;
import app.klient.loyalty.ProgramForm;
import app.klient.loyalty.ProgramView;
import app.klient.loyalty.Programs;
import app.klient.loyalty.RuleForm;
import app.klient.loyalty.internal.Earning;
import app.klient.loyalty.tier.Members;
import app.klient.marketing.Segments;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.CountedPage;
import app.klient.platform.web.Paging;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administrator's loyalty programs (settings and earning rules) under Administration, and a customer's account:
 * the whole ledger a page at a time, and the manual adjustment for administrators and managers.
 */
@Controller
class LoyaltyPages {

    static final List<String> RULE_KINDS = List.of("RATE", "PRODUCT", "CATEGORY", "CAMPAIGN", "BIRTHDAY",
            "FIRST_PURCHASE");

    private final Programs programs;
    private final Accounts accounts;
    private final Earning earning;
    private final Products products;
    private final Segments segments;
    private final Members members;
    private final org.springframework.context.MessageSource messages;

    LoyaltyPages(Programs programs, Accounts accounts, Earning earning, Products products, Segments segments,
            Members members, org.springframework.context.MessageSource messages) {
        this.members = members;
        this.messages = messages;
        this.programs = programs;
        this.accounts = accounts;
        this.earning = earning;
        this.products = products;
        this.segments = segments;
    }

    @GetMapping("/admin/loyalty")
    String list(Model model) {
        model.addAttribute("programs", programs.list());
        model.addAttribute("segments", segments.choices());
        return "loyalty/programs";
    }

    @PostMapping("/admin/loyalty")
    String create(@RequestParam Map<String, String> fields, RedirectAttributes redirect, Model model) {
        Programs.checkAdministrator();
        try {
            ProgramView made = programs.create(programForm(fields, null));
            redirect.addFlashAttribute("flash", "loyalty.program.created");
            return "redirect:/admin/loyalty/" + made.id();
        }
        catch (KlientException e) {
            TypedForm.refused(e, "program", fields, PROGRAM_FIELDS, model, messages);
            return list(model);
        }
    }

    @GetMapping("/admin/loyalty/{id:\\d+}")
    String program(@PathVariable long id, Model model) {
        ProgramView program = programs.get(id);
        model.addAttribute("program", program);
        model.addAttribute("segments", segments.choices());
        List<ProductView> catalog = products.list(ProductQuery.all(), PageRequest.of(0, 200)).items();
        Map<Long, ProductView> byId = new HashMap<>();
        catalog.forEach(p -> byId.put(p.id(), p));
        model.addAttribute("products", catalog);
        model.addAttribute("productsById", byId);
        model.addAttribute("categories", products.categories());
        model.addAttribute("ruleKinds", RULE_KINDS);
        return "loyalty/program";
    }

    @PostMapping("/admin/loyalty/{id:\\d+}")
    String save(@PathVariable long id, @RequestParam Map<String, String> fields, RedirectAttributes redirect,
            Model model) {
        Programs.checkAdministrator();
        try {
            programs.update(id, programForm(fields, version(fields.get("version"))));
            redirect.addFlashAttribute("flash", "loyalty.program.saved");
            return "redirect:/admin/loyalty/" + id;
        }
        catch (KlientException e) {
            TypedForm.refused(e, "program", fields, PROGRAM_FIELDS, model, messages);
            return program(id, model);
        }
    }

    @PostMapping("/admin/loyalty/{id:\\d+}/rules")
    String addRule(@PathVariable long id, @RequestParam Map<String, String> fields, RedirectAttributes redirect,
            Model model) {
        Programs.checkAdministrator();
        try {
            programs.addRule(id, new RuleForm(text(fields.get("kind"), "kind", 20), currency(fields.get("currency")),
                    decimal(fields.get("perAmount"), "perAmount"), integer(fields.get("points"), "points"),
                    number(fields.get("productId"), "productId"), text(blank(fields.get("category")), "category", 100),
                    decimal(fields.get("multiplier"), "multiplier"), day(fields.get("validFrom"), "validFrom"),
                    day(fields.get("validTo"), "validTo"), null));
            redirect.addFlashAttribute("flash", "loyalty.rule.added");
            return "redirect:/admin/loyalty/" + id;
        }
        catch (KlientException e) {
            TypedForm.refused(e, "rule", fields, RULE_FIELDS, model, messages);
            return program(id, model);
        }
    }

    @PostMapping("/admin/loyalty/rules/{id:\\d+}/delete")
    String removeRule(@PathVariable long id, @RequestParam(required = false) String programId,
            RedirectAttributes redirect) {
        Programs.checkAdministrator();
        if (programs.ruleExists(id)) {
            programs.removeRule(id);
            redirect.addFlashAttribute("flash", "loyalty.rule.removed");
        }
        Long program = programId == null || !programId.matches("\\d{1,18}") ? null : Long.valueOf(programId);
        return program == null ? "redirect:/admin/loyalty" : "redirect:/admin/loyalty/" + program;
    }

    @PostMapping("/admin/loyalty/{id:\\d+}/run")
    String run(@PathVariable long id, RedirectAttributes redirect) {
        Programs.checkAdministrator();
        programs.get(id);
        Earning.Run run = earning.run(id);
        redirect.addFlashAttribute("flash", run.referrals() > 0 ? "loyalty.program.ranReferrals"
                : "loyalty.program.ran");
        redirect.addFlashAttribute("flashArgs", new Object[] { run.points(), run.purchases(), run.referrals() });
        return "redirect:/admin/loyalty/" + id;
    }

    /** The fields of each form, where their refusals are shown; any other refusal goes above the form. */
    static final java.util.Set<String> PROGRAM_FIELDS = java.util.Set.of("name", "earnOn", "participation",
            "segmentId", "expireMonths", "earnFrom", "noticeDays");
    static final java.util.Set<String> RULE_FIELDS = java.util.Set.of("kind", "currency", "perAmount", "points",
            "productId", "category", "multiplier", "validFrom", "validTo");
    static final java.util.Set<String> ADJUST_FIELDS = java.util.Set.of("points", "reason");

    @GetMapping("/loyalty/accounts/{id:\\d+}")
    String account(@PathVariable long id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, Model model) {
        AccountView account = accounts.get(id);
        int rowsPerPage = size == null ? 50 : size;
        Page<Points.Entry> rows = accounts.history(id, Paging.of(page, rowsPerPage, null, Map.of(), Sort.unsorted()));
        if (rows.isEmpty() && rows.getTotalElements() > 0) {
            // a page past the end shows the last one, not "no points yet"
            rows = accounts.history(id, Paging.of(rows.getTotalPages() - 1, rowsPerPage, null, Map.of(),
                    Sort.unsorted()));
        }
        model.addAttribute("account", account);
        model.addAttribute("customerName", members.get(id).name());
        model.addAttribute("entries", counted(rows));
        model.addAttribute("listBase", "/loyalty/accounts/" + id + "?" + (size == null ? "" : "size=" + size
                + "&"));
        model.addAttribute("canAdjust", CurrentUser.hasRole(Role.ADMIN, Role.MANAGER));
        return "loyalty/account";
    }

    @PostMapping("/loyalty/accounts/{id:\\d+}/adjust")
    String adjust(@PathVariable long id, @RequestParam(required = false) String points,
            @RequestParam(required = false) String reason, @RequestParam(required = false) String back,
            RedirectAttributes redirect, Model model) {
        Accounts.checkAdjuster();
        // back to the customer's card when adjusted there, else to the account
        boolean fromCard = back != null && back.matches("/(companies|contacts)/\\d{1,18}");
        try {
            Integer amount = integer(points, "points");
            if (amount != null && Math.abs((long) amount) > 1_000_000) {
                throw invalid("points", "loyalty.adjust.points");
            }
            accounts.adjust(id, new AdjustmentForm(amount, text(reason, "reason", 500)));
            redirect.addFlashAttribute("flash", "loyalty.adjust.done");
        }
        catch (KlientException e) {
            if (fromCard) {
                Flash.error(e, redirect);
                return "redirect:" + back;
            }
            Map<String, String> typed = new java.util.HashMap<>();
            typed.put("points", points);
            typed.put("reason", reason);
            TypedForm.refused(e, "adjust", typed, ADJUST_FIELDS, model, messages);
            return account(id, null, null, model);
        }
        return fromCard ? "redirect:" + back : "redirect:/loyalty/accounts/" + id;
    }

    static <T> CountedPage<T> counted(Page<T> page) {
        return new CountedPage<>(page.getContent(), page.getTotalElements(), true, page.getNumber(), page.getSize(),
                null, null, false);
    }

    private static ProgramForm programForm(Map<String, String> fields, Integer version) {
        Long months = number(fields.get("expireMonths"), "expireMonths");
        if (months != null && (months < 0 || months > 120)) {
            throw invalid("expireMonths", "loyalty.program.expireMonths.invalid");
        }
        Long notice = number(fields.get("noticeDays"), "noticeDays");
        if (notice != null && (notice < 1 || notice > 365)) {
            throw invalid("noticeDays", "loyalty.program.noticeDays.invalid");
        }
        String earnOn = fields.get("earnOn");
        String participation = fields.get("participation");
        return new ProgramForm(text(fields.get("name"), "name", 100),
                fields.containsKey("activeShown") ? "true".equals(fields.get("active")) : null,
                earnOn != null && earnOn.matches("INVOICE_PAID|ORDER_DELIVERED") ? earnOn : null,
                participation != null && participation.matches("ALL|SEGMENT|FORM") ? participation : null,
                number(fields.get("segmentId"), "segmentId"),
                months == null ? (fields.containsKey("expireMonths") ? Integer.valueOf(0) : null)
                        : Integer.valueOf(months.intValue()),
                day(fields.get("earnFrom"), "earnFrom"), notice == null ? null : notice.intValue(), version);
    }

    /** Text as typed, refused (not cut) when longer than the field takes. */
    private static String text(String s, String field, int max) {
        if (s != null && s.strip().length() > max) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError(field, "loyalty.form.tooLong", max)));
        }
        return s;
    }

    /** A currency code of ISO 4217 (PLN, CZK, EUR ...), written in any case. */
    private static String currency(String value) {
        String code = blank(value);
        if (code == null) {
            return null;
        }
        code = code.toUpperCase(java.util.Locale.ROOT);
        String known = code;
        if (!code.matches("[A-Z]{3}") || java.util.Currency.getAvailableCurrencies().stream()
                .noneMatch(c -> c.getCurrencyCode().equals(known))) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("currency", "loyalty.rule.currency.unknown",
                    code.length() > 12 ? code.substring(0, 12) + "…" : code)));
        }
        return code;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Long number(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(value.strip());
        }
        catch (NumberFormatException e) {
            throw invalid(field, "loyalty.number.invalid");
        }
    }

    private static Integer integer(String value, String field) {
        Long n = number(value, field);
        if (n != null && (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE)) {
            throw invalid(field, "loyalty.number.invalid");
        }
        return n == null ? null : n.intValue();
    }

    private static Integer version(String value) {
        Long v = number(value, "version");
        return v == null || v > Integer.MAX_VALUE || v < 0 ? null : v.intValue();
    }

    private static BigDecimal decimal(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(value.strip().replace(',', '.').replace(" ", ""));
            if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(1_000_000_000)) > 0 || d.scale() > 2) {
                throw invalid(field, "loyalty.number.decimal");
            }
            return d;
        }
        catch (NumberFormatException e) {
            throw invalid(field, "loyalty.number.decimal");
        }
    }

    private static LocalDate day(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        }
        catch (java.time.format.DateTimeParseException e) {
            throw invalid(field, "loyalty.day.invalid");
        }
    }

    private static InvalidFields invalid(String field, String key) {
        return new InvalidFields(List.of(new InvalidFields.FieldError(field, key)));
    }

}
