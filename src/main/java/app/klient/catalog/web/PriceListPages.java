package app.klient.catalog.web;

import java.math.BigDecimal;

import app.klient.catalog.ExchangeRates;
import app.klient.catalog.PriceListForm;
import app.klient.catalog.PriceListView;
import app.klient.catalog.PriceLists;
import app.klient.catalog.Products;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.FormErrors;
import jakarta.validation.Valid;
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

/** Price lists and their prices; everybody reads them, administrators and managers keep them. */
@Controller
@RequestMapping("/price-lists")
class PriceListPages {

    private final PriceLists lists;
    private final Products products;
    private final String companyCurrency;

    PriceListPages(PriceLists lists, Products products, ExchangeRates rates) {
        this.lists = lists;
        this.products = products;
        this.companyCurrency = rates.companyCurrency();
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("form", new PriceListForm("", companyCurrency, null, null));
        return listPage(model);
    }

    @PostMapping
    String create(@Valid @ModelAttribute("form") PriceListForm form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return listPage(model);
        }
        try {
            PriceListView created = lists.create(form);
            redirect.addFlashAttribute("flash", "priceList.created");
            return "redirect:/price-lists/" + created.id();
        }
        catch (KlientException e) {
            FormErrors.apply(e, errors);
            return listPage(model);
        }
    }

    @GetMapping("/{id:\\d+}")
    String list(@PathVariable long id, Model model) {
        PriceListView list = lists.get(id);
        model.addAttribute("form", new PriceListForm(list.name(), list.currency(), list.customerGroup(),
                list.version()));
        return page(list, model);
    }

    @PostMapping("/{id:\\d+}")
    String update(@PathVariable long id, @Valid @ModelAttribute("form") PriceListForm form, BindingResult errors,
            Model model, RedirectAttributes redirect) {
        if (!errors.hasErrors()) {
            try {
                lists.update(id, form);
                redirect.addFlashAttribute("flash", "priceList.saved");
                return "redirect:/price-lists/" + id;
            }
            catch (KlientException e) {
                if (e.status().value() == 404) {
                    throw e;
                }
                FormErrors.apply(e, errors);
            }
        }
        return page(lists.get(id), model);
    }

    @PostMapping("/{id:\\d+}/items")
    String setPrice(@PathVariable long id, @RequestParam(required = false) Long productId,
            @RequestParam(required = false) BigDecimal unitPrice, RedirectAttributes redirect) {
        try {
            lists.setPrice(id, productId, unitPrice);
            redirect.addFlashAttribute("flash", "priceList.priceSet");
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        return "redirect:/price-lists/" + id;
    }

    @PostMapping("/{id:\\d+}/items/{productId:\\d+}/delete")
    String removePrice(@PathVariable long id, @PathVariable long productId, RedirectAttributes redirect) {
        lists.removePrice(id, productId);
        redirect.addFlashAttribute("flash", "priceList.priceRemoved");
        return "redirect:/price-lists/" + id;
    }

    @PostMapping("/{id:\\d+}/retire")
    String retire(@PathVariable long id, @RequestParam(required = false) Integer version,
            RedirectAttributes redirect) {
        return activity(id, false, version, redirect);
    }

    @PostMapping("/{id:\\d+}/restore")
    String restore(@PathVariable long id, @RequestParam(required = false) Integer version,
            RedirectAttributes redirect) {
        return activity(id, true, version, redirect);
    }

    private String activity(long id, boolean active, Integer version, RedirectAttributes redirect) {
        try {
            lists.setActive(id, active, version);
            redirect.addFlashAttribute("flash", active ? "priceList.restoredFlash" : "priceList.retiredFlash");
        }
        catch (InvalidFields e) {
            redirect.addFlashAttribute("flashError", e.errors().get(0).messageKey());
        }
        catch (KlientException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", e.messageKey());
        }
        return "redirect:/price-lists/" + id;
    }

    private String page(PriceListView list, Model model) {
        model.addAttribute("list", list);
        model.addAttribute("products", products.options(null, 500));
        return "catalog/price-list";
    }

    private String listPage(Model model) {
        model.addAttribute("lists", lists.list());
        return "catalog/price-lists";
    }
}
