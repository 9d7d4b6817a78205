package app.klient.catalog.web;

import app.klient.catalog.PriceLists;
import app.klient.catalog.ProductForm;
import app.klient.catalog.ProductKind;
import app.klient.catalog.ProductQuery;
import app.klient.catalog.ProductView;
import app.klient.catalog.Products;
import app.klient.platform.KlientException;
import app.klient.platform.web.FormErrors;
import app.klient.platform.web.Htmx;
import app.klient.platform.web.Paging;
import jakarta.servlet.http.HttpServletRequest;
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

/** The product catalog: everybody reads it, administrators and managers keep it (see the security rules). */
@Controller
@RequestMapping("/products")
class ProductPages {

    private final Products products;
    private final PriceLists priceLists;

    ProductPages(Products products, PriceLists priceLists) {
        this.products = products;
        this.priceLists = priceLists;
    }

    @GetMapping
    String list(@Valid @ModelAttribute("query") ProductQuery query, BindingResult errors,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) String sort,
            HttpServletRequest request, Model model) {
        model.addAttribute("badFilter", errors.hasErrors());
        model.addAttribute("products", errors.hasErrors() ? null
                : products.list(query, Paging.of(page, 25, sort, ProductApi.SORTABLE, Sort.by("name"))));
        model.addAttribute("listBase", Paging.listBase("/products", request.getQueryString()));
        model.addAttribute("categories", products.categories());
        return Htmx.view(request, "catalog/products", "results");
    }

    @GetMapping("/{id:\\d+}")
    String product(@PathVariable long id, Model model) {
        model.addAttribute("product", products.get(id));
        model.addAttribute("prices", priceLists.pricesOf(id));
        return "catalog/product";
    }

    @GetMapping("/new")
    String create(Model model) {
        model.addAttribute("form", new ProductForm("", "", null, null, ProductKind.PRODUCT, "pcs", null, null, null,
                null, null, null));
        return formPage(model);
    }

    @PostMapping
    String create(@Valid @ModelAttribute("form") ProductForm form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return formPage(model);
        }
        try {
            ProductView created = products.create(form);
            redirect.addFlashAttribute("flash", "product.created");
            return "redirect:/products/" + created.id();
        }
        catch (KlientException e) {
            FormErrors.apply(e, errors);
            return formPage(model);
        }
    }

    @GetMapping("/{id:\\d+}/edit")
    String edit(@PathVariable long id, Model model) {
        ProductView p = products.get(id);
        model.addAttribute("product", p);
        model.addAttribute("form", new ProductForm(p.sku(), p.name(), p.namePl(), p.nameCs(), p.kind(), p.unit(),
                p.category(), p.description(), p.unitPrice(), p.currency(), p.taxRate(), p.version(),
                p.splitPaymentGoods(), p.costPrice()));
        return formPage(model);
    }

    @PostMapping("/{id:\\d+}")
    String update(@PathVariable long id, @Valid @ModelAttribute("form") ProductForm form, BindingResult errors,
            Model model, RedirectAttributes redirect) {
        model.addAttribute("product", products.get(id));
        if (errors.hasErrors()) {
            return formPage(model);
        }
        try {
            products.update(id, form);
            redirect.addFlashAttribute("flash", "product.saved");
            return "redirect:/products/" + id;
        }
        catch (KlientException e) {
            FormErrors.apply(e, errors);
            return formPage(model);
        }
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
            products.setActive(id, active, version == null ? -1 : version);
            redirect.addFlashAttribute("flash", active ? "product.restoredFlash" : "product.retiredFlash");
        }
        catch (KlientException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", e.messageKey());
        }
        return "redirect:/products/" + id;
    }

    private String formPage(Model model) {
        model.addAttribute("kinds", ProductKind.values());
        model.addAttribute("categories", products.categories());
        return "catalog/product-form";
    }
}
