package app.klient.marketing.attribution;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import app.klient.identity.CurrentUser;
import app.klient.identity.Permission;
import app.klient.identity.Role;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.BarChart;
import app.klient.platform.web.Paging;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The campaign report with its charts, and the keyword report with the ad-cost import and the attribution settings. */
@Controller
class AttributionPages {

    private final Attribution attribution;
    private final AdCosts adCosts;
    private final KeywordReport keywords;
    private final MessageSource messages;

    AttributionPages(Attribution attribution, AdCosts adCosts, KeywordReport keywords, MessageSource messages) {
        this.attribution = attribution;
        this.adCosts = adCosts;
        this.keywords = keywords;
        this.messages = messages;
    }

    @GetMapping("/marketing/campaigns/{id}/report")
    String campaignReport(@PathVariable long id, Model model) {
        CampaignReport report = attribution.report(id);
        String base = "/marketing/campaigns/" + id + "/report";
        CampaignReport.Funnel f = report.funnel();
        model.addAttribute("report", report);
        model.addAttribute("funnel", BarChart.counts(List.of(
                bar("attribution.recipients", base + "#funnel", f.recipients()),
                bar("attribution.sent", base + "#funnel", f.sent()),
                bar("attribution.delivered", base + "#funnel", f.delivered()),
                bar("attribution.opened", base + "#funnel", f.opened()),
                bar("attribution.clicked", base + "#links", f.clicked()),
                bar("attribution.bounced", base + "#funnel", f.bounced()),
                bar("attribution.unsubscribed", base + "#funnel", f.unsubscribed()),
                bar("attribution.complaints", base + "#funnel", f.complaints()))));
        List<BarChart.Bar> links = new ArrayList<>();
        for (CampaignReport.LinkClicks link : report.links()) {
            links.add(new BarChart.Bar(shorten(link.url()), base + "#links", BigDecimal.valueOf(link.clicks()),
                    null));
        }
        model.addAttribute("linkChart", BarChart.counts(links));
        CampaignReport.Attributed a = report.attributed();
        model.addAttribute("followed", BarChart.counts(List.of(
                bar("attribution.leads", base + "#followed", a.leads()),
                bar("attribution.deals", base + "#followed", a.deals()),
                bar("attribution.wonDeals", base + "#followed", a.wonDeals()),
                bar("attribution.orders", base + "#followed", a.orders()),
                bar("attribution.invoices", base + "#followed", a.invoices()),
                bar("attribution.customers", base + "#followed", a.customers()))));
        // a cost not entered yet is no bar of zero: the page says "not entered" where the headline does
        List<BarChart.Bar> money = new ArrayList<>();
        money.add(new BarChart.Bar(text("attribution.revenue"), base + "#money", a.revenue(), null));
        if (report.cost() != null) {
            money.add(new BarChart.Bar(text("attribution.cost"), base + "#money", report.cost(), null));
        }
        model.addAttribute("money", BarChart.amounts(money, report.currency()));
        model.addAttribute("canEdit", Permission.MARKETING.granted());
        return "marketing/campaigns/report";
    }

    @PostMapping("/marketing/campaigns/{id}/report/cost")
    String setCampaignCost(@PathVariable long id, @RequestParam(required = false) String cost,
            @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        Permission.MARKETING.check();
        BigDecimal amount = null;
        if (cost != null && !cost.isBlank()) {
            amount = AdCosts.amount(cost);
            if (amount == null || cost.length() > 30) {
                redirect.addFlashAttribute("flashError", "attribution.cost.invalid");
                return "redirect:/marketing/campaigns/" + id + "/report";
            }
        }
        try {
            attribution.setCost(id, amount, version);
            redirect.addFlashAttribute("flash", "attribution.cost.saved");
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        return "redirect:/marketing/campaigns/" + id + "/report";
    }

    @GetMapping("/marketing/keywords")
    String keywordReport(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String sort, @RequestParam(required = false) Integer page,
            HttpServletRequest request, Model model) {
        var pageable = Paging.of(page, 50, null, Map.of(), Sort.unsorted());
        KeywordReport.Report report;
        try {
            report = keywords.report(day(from), day(to), sort, pageable.getPageNumber(), pageable.getPageSize());
        }
        catch (KlientException e) {
            model.addAttribute("badFilter", e.messageKey());
            report = keywords.report(null, null, null, 0, pageable.getPageSize());
        }
        model.addAttribute("report", report);
        model.addAttribute("rows", report.rows());
        model.addAttribute("sort", sort == null || sort.length() > 30 ? "" : sort);
        model.addAttribute("listBase", Paging.listBase("/marketing/keywords", request.getQueryString()));
        List<BarChart.Bar> costs = new ArrayList<>();
        List<BarChart.Bar> revenues = new ArrayList<>();
        for (KeywordReport.Row row : report.top()) {
            costs.add(new BarChart.Bar(row.keyword(), "/marketing/keywords/costs?keyword=" + encode(row.keyword()),
                    row.cost(), null));
            revenues.add(new BarChart.Bar(row.keyword(), "/marketing/keywords/costs?keyword=" + encode(row.keyword()),
                    row.revenue(), null));
        }
        model.addAttribute("costChart", BarChart.amounts(costs, report.currency()));
        model.addAttribute("revenueChart", BarChart.amounts(revenues, report.currency()));
        model.addAttribute("settings", attribution.settings());
        model.addAttribute("canImport", Permission.MARKETING.granted());
        model.addAttribute("canSet", CurrentUser.hasRole(Role.ADMIN));
        model.addAttribute("models", AttributionModel.values());
        return "marketing/keywords/report";
    }

    @PostMapping("/marketing/keywords/import")
    String importAdCosts(@RequestParam(required = false) MultipartFile file, RedirectAttributes redirect) {
        Permission.MARKETING.check();
        List<InvalidFields.FieldError> problems;
        try {
            if (file == null || file.isEmpty()) {
                throw KlientException.invalid("attribution.import.empty");
            }
            if (file.getSize() > AdCosts.MAX_BYTES) {
                throw KlientException.invalid("error.tooLarge");
            }
            AdCosts.Imported imported = adCosts.importFile(file.getOriginalFilename(), file.getBytes());
            redirect.addFlashAttribute("imported", imported);
            return "redirect:/marketing/keywords";
        }
        catch (InvalidFields e) {
            problems = e.errors();
        }
        catch (KlientException e) {
            problems = List.of(new InvalidFields.FieldError("file", e.messageKey(), e.arguments()));
        }
        catch (IOException e) {
            problems = List.of(new InvalidFields.FieldError("file", "attribution.import.unreadable"));
        }
        // flash attributes live in the session table: they go as the reader's sentences
        redirect.addFlashAttribute("problems", new ArrayList<>(problems.stream().map(p -> messages.getMessage(
                p.messageKey(), p.arguments(), LocaleContextHolder.getLocale())).toList()));
        return "redirect:/marketing/keywords";
    }

    @GetMapping("/marketing/keywords/costs")
    String adCostList(@RequestParam(required = false) String keyword, @RequestParam(required = false) Integer page,
            HttpServletRequest request, Model model) {
        String wanted = keyword == null || keyword.length() > 100 ? null : keyword;
        model.addAttribute("keyword", wanted);
        model.addAttribute("costs", adCosts.list(wanted, null, null, Paging.of(page, 50, null, Map.of(),
                Sort.unsorted())));
        model.addAttribute("listBase", Paging.listBase("/marketing/keywords/costs", request.getQueryString()));
        return "marketing/keywords/costs";
    }

    @PostMapping("/marketing/keywords/settings")
    String changeSettings(@RequestParam(required = false) String windowDays,
            @RequestParam(required = false) String model, @RequestParam(required = false) String countOpens,
            @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        Integer days = windowDays != null && windowDays.strip().matches("[0-9]{1,3}")
                ? Integer.valueOf(windowDays.strip()) : null;
        AttributionModel chosen = "FIRST_TOUCH".equals(model) ? AttributionModel.FIRST_TOUCH
                : "LAST_TOUCH".equals(model) ? AttributionModel.LAST_TOUCH : null;
        if (days == null || days < 1 || days > 365 || chosen == null) {
            if (!CurrentUser.hasRole(Role.ADMIN)) {
                throw new KlientException(org.springframework.http.HttpStatus.FORBIDDEN,
                        "attribution.settings.forbidden");
            }
            redirect.addFlashAttribute("flashError", "attribution.settings.invalid");
            return "redirect:/marketing/keywords";
        }
        attribution.changeSettings(new AttributionSettings(days, chosen, countOpens != null, version));
        redirect.addFlashAttribute("flash", "attribution.settings.saved");
        return "redirect:/marketing/keywords";
    }

    private BarChart.Bar bar(String key, String href, long value) {
        return new BarChart.Bar(text(key), href, BigDecimal.valueOf(value), null);
    }

    private String text(String key) {
        return messages.getMessage(key, null, LocaleContextHolder.getLocale());
    }

    private static String shorten(String url) {
        String plain = url.replaceFirst("^https?://", "");
        return plain.length() > 60 ? plain.substring(0, 59) + "…" : plain;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static LocalDate day(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        }
        catch (DateTimeParseException e) {
            throw KlientException.invalid("attribution.period.badDay");
        }
    }
}
