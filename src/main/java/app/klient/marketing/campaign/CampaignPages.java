package app.klient.marketing.campaign;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import app.klient.identity.Permission;
import app.klient.marketing.Campaigns;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.FormErrors;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The campaign list, editor and campaign page: everybody reads them, the marketing roles change and send. */
@Controller
@RequestMapping("/marketing/campaigns")
class CampaignPages {

    /** The editor's fields: one subject and body per language side by side. */
    public record CampaignPageForm(String name, String purposeId, String segmentId, String fromName,
            String fromAddress, String replyTo, String defaultLanguage, String ratePerMinute, String utmCampaign,
            String subjectEn, String bodyEn, String subjectPl, String bodyPl, String subjectCs, String bodyCs,
            String version) {

        static CampaignPageForm of(Campaigns.CampaignView c) {
            String[] s = new String[6];
            for (Campaigns.Content content : c.contents()) {
                int i = Campaigns.LANGUAGES.indexOf(content.language());
                s[i * 2] = content.subject();
                s[i * 2 + 1] = content.body();
            }
            return new CampaignPageForm(c.name(), String.valueOf(c.purposeId()),
                    c.segmentId() == null ? null : String.valueOf(c.segmentId()), c.fromName(), c.fromAddress(),
                    c.replyTo(), c.defaultLanguage(), String.valueOf(c.ratePerMinute()), c.utmCampaign(), s[0], s[1],
                    s[2], s[3], s[4], s[5], String.valueOf(c.version()));
        }

        /** The editor's text as the service's form; a number that is not one is refused on its field. */
        Campaigns.CampaignForm toForm() {
            InvalidFields.Collector errors = new InvalidFields.Collector();
            Long purpose = number("purposeId", purposeId, errors);
            Long segment = number("segmentId", segmentId, errors);
            Long rate = number("ratePerMinute", ratePerMinute, errors);
            Long v = number("version", version, errors);
            errors.throwIfAny();
            return new Campaigns.CampaignForm(name, purpose, segment, fromName, fromAddress, replyTo,
                    defaultLanguage, rate == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                            rate)), utmCampaign, List.of(new Campaigns.Content("en", subjectEn, bodyEn),
                            new Campaigns.Content("pl", subjectPl, bodyPl),
                            new Campaigns.Content("cs", subjectCs, bodyCs)),
                    v == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v)));
        }

        private static Long number(String field, String text, InvalidFields.Collector errors) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return Long.parseLong(text.strip());
            }
            catch (NumberFormatException e) {
                errors.add(field, "campaign.number.invalid");
                return null;
            }
        }
    }

    public record Option(long id, String label) {
    }

    private static final String[] SUFFIX = { "En", "Pl", "Cs" };

    private final Campaigns campaigns;
    private final JdbcClient jdbc;

    CampaignPages(Campaigns campaigns, JdbcClient jdbc) {
        this.campaigns = campaigns;
        this.jdbc = jdbc;
    }

    @GetMapping
    String list(@RequestParam(required = false) String state, @RequestParam(required = false) Integer page,
            Model model) {
        model.addAttribute("page", campaigns.list(state, page, 25));
        model.addAttribute("state", state != null && Campaigns.STATES.contains(state) ? state : null);
        model.addAttribute("states", Campaigns.STATES);
        return "marketing/campaigns/campaigns";
    }

    @GetMapping("/new")
    String create(Model model) {
        Permission.MARKETING.check();
        Long newsletter = jdbc.sql("select id from consent_purposes where key = 'newsletter'").query(Long.class)
                .optional().orElse(null);
        return form(null, new CampaignPageForm("", newsletter == null ? null : String.valueOf(newsletter), null, null,
                null, null, LocaleContextHolder.getLocale().getLanguage().matches("pl|cs") ? LocaleContextHolder
                        .getLocale().getLanguage() : "en", "600", null, null, null, null, null, null, null, null),
                model);
    }

    @PostMapping
    String save(@ModelAttribute("form") CampaignPageForm form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        Permission.MARKETING.check();
        try {
            Campaigns.CampaignView created = campaigns.create(form.toForm());
            redirect.addFlashAttribute("flash", "campaign.saved");
            return "redirect:/marketing/campaigns/" + created.id();
        }
        catch (KlientException e) {
            apply(e, errors);
            return form(null, form, model);
        }
    }

    @GetMapping("/{id:\\d+}")
    String show(@PathVariable long id, @RequestParam(required = false) Long contactId,
            @RequestParam(required = false) String language, @RequestParam(required = false) String recipientState,
            @RequestParam(required = false) Integer page, Model model) {
        Campaigns.CampaignView campaign = campaigns.get(id);
        model.addAttribute("campaign", campaign);
        Campaigns.Preview preview;
        try {
            preview = campaigns.preview(id, contactId, language);
        }
        catch (InvalidFields e) {
            model.addAttribute("previewError", e.errors().get(0).messageKey());
            preview = campaigns.preview(id, null, null);
        }
        model.addAttribute("preview", preview);
        model.addAttribute("previewContact", contactId);
        model.addAttribute("recipients", campaigns.recipients(id, recipientState, page, 50));
        model.addAttribute("recipientState", recipientState);
        model.addAttribute("mayChange", Permission.MARKETING.granted());
        model.addAttribute("purpose", purposeLabel(campaign.purposeId()));
        return "marketing/campaigns/campaign";
    }

    /**
     * The message as its recipient's mail program shows it, for the preview frame on the campaign page: an e-mail
     * brings its own inline styles, so it is served on its own under a policy that allows those styles and nothing
     * else (no script, no requests but images), sandboxed, and framed only by Klient's own pages
     * (SecurityConfiguration.EMAIL_PREVIEW). Unknown contacts show the preview without one, as the page does.
     */
    @GetMapping(value = "/{id:\\d+}/preview", produces = "text/html;charset=UTF-8")
    @org.springframework.web.bind.annotation.ResponseBody
    String previewFrame(@PathVariable long id, @RequestParam(required = false) Long contactId,
            @RequestParam(required = false) String language) {
        try {
            return campaigns.preview(id, contactId, language).html();
        }
        catch (InvalidFields e) {
            return campaigns.preview(id, null, null).html();
        }
    }

    @GetMapping("/{id:\\d+}/edit")
    String edit(@PathVariable long id, Model model, RedirectAttributes redirect) {
        Permission.MARKETING.check();
        Campaigns.CampaignView campaign = campaigns.get(id);
        if (!Campaigns.editable(campaign.state())) {
            // sending, sent or cancelled: the campaign is shown read-only rather than in an editor that is refused
            redirect.addFlashAttribute("flashError", "campaign.readOnly");
            return "redirect:/marketing/campaigns/" + id;
        }
        return form(campaign, CampaignPageForm.of(campaign), model);
    }

    @PostMapping("/{id:\\d+}")
    String update(@PathVariable long id, @ModelAttribute("form") CampaignPageForm form, BindingResult errors,
            Model model, RedirectAttributes redirect) {
        Permission.MARKETING.check();
        try {
            campaigns.update(id, form.toForm());
            redirect.addFlashAttribute("flash", "campaign.saved");
            return "redirect:/marketing/campaigns/" + id;
        }
        catch (KlientException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            Campaigns.CampaignView campaign = campaigns.get(id);
            if (!Campaigns.editable(campaign.state())) {
                // it started sending (or ended) while the editor was open: show it read-only, as the editor would
                redirect.addFlashAttribute("flashError", "campaign.readOnly");
                return "redirect:/marketing/campaigns/" + id;
            }
            apply(e, errors);
            return form(campaign, form, model);
        }
    }

    @PostMapping("/{id:\\d+}/schedule")
    String schedule(@PathVariable long id, @RequestParam(required = false) String at,
            @RequestParam(required = false) boolean now, @RequestParam(required = false) Integer version,
            RedirectAttributes redirect) {
        Permission.MARKETING.check();
        return act(id, redirect, "campaign.scheduled", () -> {
            OffsetDateTime moment = null;
            if (!now && at != null && !at.isBlank()) {
                try {
                    moment = LocalDateTime.parse(at.strip()).atZone(LocaleContextHolder.getTimeZone().toZoneId())
                            .toOffsetDateTime();
                }
                catch (DateTimeParseException e) {
                    throw new InvalidFields(List.of(new InvalidFields.FieldError("at", "campaign.scheduledAt.invalid")));
                }
            }
            campaigns.schedule(id, new Campaigns.ScheduleForm(moment, version));
        });
    }

    @PostMapping("/{id:\\d+}/pause")
    String pause(@PathVariable long id, @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        Permission.MARKETING.check();
        return act(id, redirect, "campaign.paused", () -> campaigns.pause(id, version));
    }

    @PostMapping("/{id:\\d+}/resume")
    String resume(@PathVariable long id, @RequestParam(required = false) Integer version,
            RedirectAttributes redirect) {
        Permission.MARKETING.check();
        return act(id, redirect, "campaign.resumed", () -> campaigns.resume(id, version));
    }

    @PostMapping("/{id:\\d+}/cancel")
    String cancel(@PathVariable long id, @RequestParam(required = false) Integer version,
            RedirectAttributes redirect) {
        Permission.MARKETING.check();
        return act(id, redirect, "campaign.cancelled", () -> campaigns.cancel(id, version));
    }

    @PostMapping("/{id:\\d+}/test")
    String test(@PathVariable long id, @RequestParam(required = false) String address,
            @RequestParam(required = false) Long contactId, RedirectAttributes redirect) {
        Permission.MARKETING.check();
        String back = act(id, redirect, "campaign.test.sent",
                () -> campaigns.testSend(id, new Campaigns.TestSendForm(address, contactId)));
        return contactId == null ? back : back + "?contactId=" + contactId;
    }

    private String act(long id, RedirectAttributes redirect, String done, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("flash", done);
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        catch (KlientException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", e.messageKey());
            if (e.arguments().length > 0) {
                redirect.addFlashAttribute("flashErrorArgs", e.arguments());
            }
        }
        return "redirect:/marketing/campaigns/" + id;
    }

    /** The service names a language's fields by their place in the list (en, pl, cs): the editor by language. */
    private static void apply(KlientException e, BindingResult errors) {
        if (e instanceof InvalidFields invalid) {
            List<InvalidFields.FieldError> named = new ArrayList<>();
            for (InvalidFields.FieldError error : invalid.errors()) {
                String field = error.field();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("contents\\[(\\d)]\\.(subject|body)")
                        .matcher(field == null ? "" : field);
                if (m.matches() && Integer.parseInt(m.group(1)) < 3) {
                    field = m.group(2) + SUFFIX[Integer.parseInt(m.group(1))];
                }
                else if ("contents".equals(field)) {
                    field = "subjectEn";
                }
                named.add(new InvalidFields.FieldError(field, error.messageKey(), error.arguments()));
            }
            FormErrors.apply(new InvalidFields(named), errors);
            return;
        }
        FormErrors.apply(e, errors);
    }

    private String form(Campaigns.CampaignView campaign, CampaignPageForm form, Model model) {
        model.addAttribute("campaign", campaign);
        model.addAttribute("form", form);
        String lang = LocaleContextHolder.getLocale().getLanguage();
        String column = "pl".equals(lang) ? "label_pl" : "cs".equals(lang) ? "label_cs" : "label_en";
        model.addAttribute("purposes", jdbc.sql("select id, " + column + " from consent_purposes where active "
                + "order by id").query((rs, n) -> new Option(rs.getLong(1), rs.getString(2))).list());
        model.addAttribute("segments", jdbc.sql("select id, name from segments where active order by lower(name), id "
                + "limit 500").query((rs, n) -> new Option(rs.getLong(1), rs.getString(2))).list());
        model.addAttribute("languages", Campaigns.LANGUAGES);
        return "marketing/campaigns/campaign-form";
    }

    private String purposeLabel(long purposeId) {
        String lang = LocaleContextHolder.getLocale().getLanguage();
        String column = "pl".equals(lang) ? "label_pl" : "cs".equals(lang) ? "label_cs" : "label_en";
        return jdbc.sql("select " + column + " from consent_purposes where id = :id").param("id", purposeId)
                .query(String.class).optional().orElse("");
    }
}
