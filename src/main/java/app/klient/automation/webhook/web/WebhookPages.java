package app.klient.automation.webhook.web;

import java.util.List;
import java.util.Map;

import app.klient.automation.webhook.WebhookEvents;
import app.klient.automation.webhook.WebhookForm;
import app.klient.automation.webhook.WebhookSubscriptions;
import app.klient.automation.webhook.WebhookView;
import app.klient.identity.Permission;
import app.klient.platform.KlientException;
import app.klient.platform.web.Flash;
import app.klient.platform.web.FormErrors;
import app.klient.platform.web.Paging;
import jakarta.validation.Valid;
import org.springframework.data.domain.Sort;
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

/**
 * The administrator's webhook pages: the subscriptions, the form for one, a subscription with its secret, its
 * buttons and its delivery log, and one delivery's attempts.
 */
@Controller
@RequestMapping("/automation/webhooks")
class WebhookPages {

    private final WebhookSubscriptions subscriptions;

    WebhookPages(WebhookSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    /** Before anything of the request is read: others learn nothing, not even whether an id exists. */
    @ModelAttribute
    void administratorsOnly() {
        Permission.WEBHOOKS.check();
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("webhooks", subscriptions.list());
        return "automation/webhooks";
    }

    @GetMapping("/new")
    String newForm(Model model) {
        model.addAttribute("form", new WebhookForm("https://", "", List.of(), true, null));
        model.addAttribute("startOn", true);
        return form(model, null);
    }

    @PostMapping
    String create(@Valid @ModelAttribute("form") WebhookForm form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        // a box left unticked sends nothing: the page's new subscription starts off then
        boolean startOn = form != null && Boolean.TRUE.equals(form.enabled());
        model.addAttribute("startOn", startOn);
        if (!errors.hasErrors()) {
            try {
                WebhookView made = subscriptions.create(new WebhookForm(form.url(), form.description(),
                        form.eventTypes(), startOn, null));
                redirect.addFlashAttribute("flash", "webhook.created");
                return "redirect:/automation/webhooks/" + made.id();
            }
            catch (KlientException e) {
                FormErrors.apply(e, errors);
            }
        }
        return form(model, null);
    }

    @GetMapping("/{id:\\d+}")
    String subscription(@PathVariable long id, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) String after, @RequestParam(required = false) String before, Model model) {
        model.addAttribute("webhook", subscriptions.get(id));
        model.addAttribute("deliveries", subscriptions.deliveries(id, Paging.of(page, 25, null, Map.of(),
                Sort.unsorted()), after, before));
        model.addAttribute("listBase", "/automation/webhooks/" + id + "?");
        return "automation/webhook";
    }

    @GetMapping("/{id:\\d+}/edit")
    String editForm(@PathVariable long id, Model model) {
        WebhookView webhook = subscriptions.get(id);
        model.addAttribute("form", new WebhookForm(webhook.url(), webhook.description(), webhook.eventTypes(), null,
                webhook.version()));
        return form(model, webhook);
    }

    @PostMapping("/{id:\\d+}")
    String save(@PathVariable long id, @Valid @ModelAttribute("form") WebhookForm form, BindingResult errors,
            Model model, RedirectAttributes redirect) {
        if (!errors.hasErrors()) {
            try {
                subscriptions.update(id, form);
                redirect.addFlashAttribute("flash", "webhook.saved");
                return "redirect:/automation/webhooks/" + id;
            }
            catch (KlientException e) {
                if (e.status().value() == 404) {
                    throw e;
                }
                FormErrors.apply(e, errors);
            }
        }
        return form(model, subscriptions.get(id));
    }

    @PostMapping("/{id:\\d+}/enable")
    String enable(@PathVariable long id, @RequestParam(required = false) Integer version,
            RedirectAttributes redirect) {
        return act(id, redirect, "webhook.enabled", () -> subscriptions.enable(id, version));
    }

    @PostMapping("/{id:\\d+}/disable")
    String disable(@PathVariable long id, @RequestParam(required = false) Integer version,
            RedirectAttributes redirect) {
        return act(id, redirect, "webhook.disabled", () -> subscriptions.disable(id, version));
    }

    @PostMapping("/{id:\\d+}/rotate")
    String rotate(@PathVariable long id, RedirectAttributes redirect) {
        return act(id, redirect, "webhook.rotated", () -> subscriptions.rotateSecret(id));
    }

    @PostMapping("/{id:\\d+}/test")
    String test(@PathVariable long id, RedirectAttributes redirect) {
        return act(id, redirect, "webhook.testQueued", () -> subscriptions.sendTest(id));
    }

    @PostMapping("/{id:\\d+}/delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        subscriptions.delete(id);
        redirect.addFlashAttribute("flash", "webhook.deleted");
        return "redirect:/automation/webhooks";
    }

    @GetMapping("/{id:\\d+}/deliveries/{deliveryId:\\d+}")
    String delivery(@PathVariable long id, @PathVariable long deliveryId, Model model) {
        model.addAttribute("webhook", subscriptions.get(id));
        model.addAttribute("details", subscriptions.delivery(id, deliveryId));
        return "automation/webhook-delivery";
    }

    @PostMapping("/{id:\\d+}/deliveries/{deliveryId:\\d+}/redeliver")
    String redeliver(@PathVariable long id, @PathVariable long deliveryId, RedirectAttributes redirect) {
        try {
            subscriptions.redeliver(id, deliveryId);
            redirect.addFlashAttribute("flash", "webhook.redelivered");
        }
        catch (KlientException e) {
            Flash.error(e, redirect);
        }
        return "redirect:/automation/webhooks/" + id + "/deliveries/" + deliveryId;
    }

    private String act(long id, RedirectAttributes redirect, String done, Runnable action) {
        return app.klient.platform.web.Flash.act(redirect, "/automation/webhooks/" + id, done, action);
    }

    private String form(Model model, WebhookView webhook) {
        model.addAttribute("webhook", webhook);
        model.addAttribute("groups", WebhookEvents.groups());
        return "automation/webhook-form";
    }
}
