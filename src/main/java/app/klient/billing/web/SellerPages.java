package app.klient.billing.web;

import app.klient.billing.Seller;
import app.klient.billing.SellerProfile;
import app.klient.platform.KlientException;
import app.klient.platform.web.FormErrors;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The administrator's seller profile: what documents print about us, how they are numbered, the VAT rates. */
@Controller
@RequestMapping("/admin/seller")
class SellerPages {

    private final Seller seller;

    SellerPages(Seller seller) {
        this.seller = seller;
    }

    @GetMapping
    String page(Model model) {
        model.addAttribute("form", seller.get());
        return "billing/seller";
    }

    @PostMapping
    String save(@Valid @ModelAttribute("form") SellerProfile form, BindingResult errors,
            RedirectAttributes redirect) {
        if (!errors.hasErrors()) {
            try {
                seller.update(form);
                redirect.addFlashAttribute("flash", "seller.saved");
                return "redirect:/admin/seller";
            }
            catch (KlientException e) {
                FormErrors.apply(e, errors);
            }
        }
        return "billing/seller";
    }
}
