package app.klient.marketing.journey;

import app.klient.platform.web.Flash;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import app.klient.catalog.ProductQuery;
import app.klient.catalog.ProductView;
import app.klient.catalog.Products;
import app.klient.identity.Permission;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.Paging;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The journeys page: each journey switched on or off and worded, its log (who got what and when), its proof file. */
@Controller
@RequestMapping("/marketing/journeys")
class JourneyPages {

    private static final List<String> LANGUAGES = List.of("en", "pl", "cs");

    private final Journeys journeys;
    private final JourneyRun run;
    private final Products products;
    private final MessageSource messages;

    JourneyPages(Journeys journeys, JourneyRun run, Products products, MessageSource messages) {
        this.journeys = journeys;
        this.run = run;
        this.products = products;
        this.messages = messages;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("journeys", journeys.list());
        model.addAttribute("products", products());
        model.addAttribute("mayChange", Permission.MARKETING.granted());
        return "marketing/journeys/list";
    }

    @PostMapping
    String createNotice(@RequestParam(required = false) String name, @RequestParam(required = false) String productId,
            @RequestParam(required = false) String purchasedSince,
            @RequestParam(required = false) String serviceNotice, RedirectAttributes redirect) {
        Permission.MARKETING.check();
        try {
            JourneyView made = journeys.createNotice(new JourneyForm(JourneyKind.PRODUCT_NOTICE, cut(name, 200), null,
                    null, null, null, null, number(productId, "productId"), day(purchasedSince), null, null, null,
                    "true".equals(serviceNotice)));
            redirect.addFlashAttribute("flash", "journey.notice.created");
            return "redirect:/marketing/journeys/" + made.id();
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
            return "redirect:/marketing/journeys";
        }
    }

    @GetMapping("/{id:\\d+}")
    String journey(@PathVariable long id, @RequestParam(required = false) Integer page, Model model) {
        JourneyView journey = journeys.get(id);
        model.addAttribute("journey", journey);
        model.addAttribute("languages", LANGUAGES);
        Map<String, JourneyContent> contents = new java.util.HashMap<>();
        journey.contents().forEach(c -> contents.put(c.language(), c));
        model.addAttribute("contents", contents);
        model.addAttribute("purposes", journeys.purposes());
        model.addAttribute("mayChange", Permission.MARKETING.granted());
        model.addAttribute("product", journey.productId() == null ? null : products.get(journey.productId()));
        var sends = journeys.sends(id, Paging.of(page, 50, null, Map.of(), Sort.unsorted()));
        model.addAttribute("sends", sends);
        Map<Long, String> occasions = new java.util.HashMap<>();
        sends.items().forEach(s -> occasions.put(s.id(), occasion(journey.kind(), s.occasion(),
                LocaleContextHolder.getLocale())));
        model.addAttribute("occasions", occasions);
        model.addAttribute("listBase", "/marketing/journeys/" + id + "?");
        return "marketing/journeys/journey";
    }

    @PostMapping("/{id:\\d+}")
    String save(@PathVariable long id, @RequestParam(required = false) String name,
            @RequestParam(required = false) String enabled, @RequestParam(required = false) String purposeId,
            @RequestParam(required = false) String delayDays, @RequestParam(required = false) String couponPercent,
            @RequestParam(required = false) String couponValidDays,
            @RequestParam(required = false) String purchasedSince,
            @RequestParam(required = false) String defaultLanguage,
            @RequestParam(required = false) String serviceNotice, @RequestParam Map<String, String> fields,
            Model model, RedirectAttributes redirect) {
        Permission.MARKETING.check();
        List<JourneyContent> contents = new ArrayList<>();
        try {
            for (String language : LANGUAGES) {
                String subject = fields.get("subject_" + language);
                String body = fields.get("body_" + language);
                if ((subject != null && !subject.isBlank()) || (body != null && !body.isBlank())) {
                    contents.add(new JourneyContent(language, cut(subject, 300), cut(body, 20000)));
                }
            }
            Long delay = number(delayDays, "delayDays");
            Long valid = number(couponValidDays, "couponValidDays");
            if (delay != null && (delay < 0 || delay > 365)) {
                throw invalid("delayDays", "journey.days.invalid");
            }
            if (valid != null && (valid < 1 || valid > 365)) {
                throw invalid("couponValidDays", "journey.days.invalid");
            }
            journeys.update(id, new JourneyForm(null, cut(name, 200), "true".equals(enabled),
                    number(purposeId, "purposeId"), delay == null ? null : delay.intValue(),
                    percent(couponPercent), valid == null ? null : valid.intValue(), null, day(purchasedSince),
                    defaultLanguage != null && LANGUAGES.contains(defaultLanguage) ? defaultLanguage : null, contents,
                    version(fields.get("version")),
                    // the box is on the form of a product notice only; left unticked it sends nothing
                    fields.containsKey("serviceNoticeShown") ? "true".equals(serviceNotice) : null));
            redirect.addFlashAttribute("flash", "journey.saved");
        }
        catch (KlientException e) {
            // the page again with the wording as written, so a refused field costs no retyping
            RedirectAttributes shown = new org.springframework.web.servlet.mvc.support.RedirectAttributesModelMap();
            Flash.error(e, shown);
            String page = journey(id, null, model);
            model.addAllAttributes(shown.getFlashAttributes());
            Map<String, JourneyContent> written = new java.util.HashMap<>();
            contents.forEach(c -> written.put(c.language(), c));
            model.addAttribute("contents", written);
            return page;
        }
        return "redirect:/marketing/journeys/" + id;
    }

    @PostMapping("/{id:\\d+}/run")
    String runNow(@PathVariable long id, RedirectAttributes redirect) {
        Permission.MARKETING.check();
        JourneyView journey = journeys.get(id);
        if (!journey.enabled()) {
            redirect.addFlashAttribute("flashError", "journey.run.off");
        }
        else {
            redirect.addFlashAttribute("flash", "journey.run.done");
            redirect.addFlashAttribute("flashArgs", new Object[] { run.runToday(id), "" });
        }
        return "redirect:/marketing/journeys/" + id;
    }

    /**
     * Who was told, for the file of a product notice or recall: one row per person, with what they bought, under which
     * rule it was decided (a service notice to every buyer, or marketing with consent), when it was checked and, for
     * those sent, when it was sent.
     */
    @GetMapping("/{id:\\d+}/proof.csv")
    void proof(@PathVariable long id, HttpServletResponse response) throws IOException {
        JourneyView journey = journeys.get(id);
        var locale = LocaleContextHolder.getLocale();
        String purpose = journeys.purposes().stream().filter(p -> p.id() == journey.purposeId()).findFirst()
                .map(p -> p.label(locale.getLanguage())).orElse("");
        String serviceBasis = messages.getMessage("journey.proof.basis.service", null, locale);
        String marketingBasis = messages.getMessage("journey.proof.basis.marketing", new Object[] { purpose },
                locale);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"journey-" + id + "-proof.csv\"");
        Writer out = new java.io.OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write('\uFEFF');
        out.write(String.join(";", List.of(
                messages.getMessage("journey.proof.contact", null, locale),
                messages.getMessage("journey.proof.name", null, locale),
                messages.getMessage("journey.proof.occasion", null, locale),
                messages.getMessage("journey.proof.state", null, locale),
                messages.getMessage("journey.proof.address", null, locale),
                messages.getMessage("journey.proof.basis", null, locale),
                messages.getMessage("journey.proof.checkedAt", null, locale),
                messages.getMessage("journey.proof.at", null, locale),
                messages.getMessage("journey.proof.purchases", null, locale))) + "\r\n");
        long after = 0;
        while (true) {
            List<JourneySend> rows = journeys.proof(journey.id(), after, 1000);
            for (JourneySend s : rows) {
                out.write(String.join(";", List.of(String.valueOf(s.contactId()), csv(s.contactName()),
                        csv(occasion(journey.kind(), s.occasion(), locale)),
                        messages.getMessage("journey.state." + s.state(), null, locale),
                        csv(s.address()), csv(s.serviceNotice() ? serviceBasis : marketingBasis),
                        s.at().toString(), "SENT".equals(s.state()) ? s.at().toString() : "",
                        csv(purchases(s.proof(), locale)))) + "\r\n");
                after = s.id();
            }
            if (rows.size() < 1000) {
                break;
            }
        }
        out.flush();
    }

    /**
     * An occasion's key as a person reads it: "Birthday in 2026", "Order delivered (order id 17)", "The notice"; a key
     * of another shape as it is.
     */
    String occasion(JourneyKind kind, String key, java.util.Locale locale) {
        if (key == null) {
            return "";
        }
        String argument = switch (kind) {
            case BIRTHDAY, PURCHASE_ANNIVERSARY -> key.matches("\\d{4}") ? key : null;
            case FIRST_PURCHASE_THANKS -> "first".equals(key) ? "" : null;
            case REVIEW_REQUEST -> key.matches("order-\\d+") ? key.substring("order-".length()) : null;
            case PRODUCT_NOTICE -> "notice".equals(key) ? "" : null;
        };
        return argument == null ? key : messages.getMessage("journey.occasion." + kind.name(),
                new Object[] { argument }, key, locale);
    }

    /**
     * The purchases kept as proof, as a person reads them: "Invoice FV/2026/12/0004, 2026-11-03, 2 ×; Order …" in the
     * reader's language.
     */
    String purchases(String proof, java.util.Locale locale) {
        if (proof == null || proof.isBlank()) {
            return "";
        }
        java.text.NumberFormat quantity = java.text.NumberFormat.getNumberInstance(locale);
        quantity.setMaximumFractionDigits(3);
        List<String> parts = new ArrayList<>();
        for (tools.jackson.databind.JsonNode bought : PROOF.readTree(proof)) {
            String kind = bought.path("kind").asString("");
            String label = messages.getMessage("journey.document." + kind, null, kind, locale);
            StringBuilder part = new StringBuilder(label);
            if (!bought.path("number").isMissingNode() && !bought.path("number").isNull()) {
                part.append(' ').append(bought.path("number").asString(""));
            }
            if (!bought.path("day").isMissingNode() && !bought.path("day").isNull()) {
                part.append(", ").append(bought.path("day").asString(""));
            }
            if (bought.path("quantity").isNumber()) {
                part.append(", ").append(quantity.format(bought.path("quantity").decimalValue())).append(" ×");
            }
            parts.add(part.toString());
        }
        return String.join("; ", parts);
    }

    private static final tools.jackson.databind.json.JsonMapper PROOF = tools.jackson.databind.json.JsonMapper
            .builder().build();

    private List<ProductView> products() {
        return products.list(ProductQuery.all(), PageRequest.of(0, 200)).items();
    }

    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        String v = value.replace("\"", "\"\"");
        // a cell that starts like a formula is text, not something a spreadsheet runs
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v + "\"";
    }

    private static String cut(String s, int max) {
        return s == null ? null : s.length() > max ? s.substring(0, max) : s;
    }

    private static Long number(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(value.strip());
        }
        catch (NumberFormatException e) {
            throw invalid(field, "journey.number.invalid");
        }
    }

    private static Integer version(String value) {
        Long v = number(value, "version");
        return v == null || v > Integer.MAX_VALUE || v < 0 ? null : v.intValue();
    }

    private static BigDecimal percent(String value) {
        if (value == null || value.isBlank()) {
            return BigDecimal.ZERO;
        }
        try {
            BigDecimal p = new BigDecimal(value.strip().replace(',', '.'));
            if (p.signum() < 0 || p.compareTo(BigDecimal.valueOf(100)) > 0 || p.scale() > 2) {
                throw invalid("couponPercent", "journey.percent.invalid");
            }
            return p;
        }
        catch (NumberFormatException e) {
            throw invalid("couponPercent", "journey.percent.invalid");
        }
    }

    private static LocalDate day(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        }
        catch (java.time.format.DateTimeParseException e) {
            throw invalid("purchasedSince", "journey.day.invalid");
        }
    }

    private static InvalidFields invalid(String field, String key) {
        return new InvalidFields(List.of(new InvalidFields.FieldError(field, key)));
    }

}
