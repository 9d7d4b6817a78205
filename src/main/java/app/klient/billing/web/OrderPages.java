package app.klient.billing.web;

import app.klient.identity.RecordKind;
import app.klient.billing.Invoices;
import app.klient.billing.OrderForm;
import app.klient.billing.OrderStatus;
import app.klient.billing.OrderView;
import app.klient.billing.Orders;
import app.klient.billing.internal.Buyers;
import app.klient.platform.KlientException;
import app.klient.platform.web.Htmx;
import app.klient.platform.web.Paging;
import jakarta.servlet.http.HttpServletRequest;
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

/** Orders: the list (a company's purchase history with its filter), an order with its status, entering one. */
@Controller
@RequestMapping("/orders")
class OrderPages {

    private final Orders orders;
    private final DocumentPages documents;
    private final Buyers buyers;

    OrderPages(Orders orders, DocumentPages documents, Buyers buyers) {
        this.orders = orders;
        this.documents = documents;
        this.buyers = buyers;
    }

    @GetMapping
    String list(@RequestParam(required = false) OrderStatus status, @RequestParam(required = false) Long companyId,
            @RequestParam(required = false) Integer page, HttpServletRequest request, Model model) {
        model.addAttribute("orders", orders.list(new Orders.Query(companyId, status, null, null),
                Paging.of(page, 25, null, java.util.Map.of(), Sort.unsorted())));
        model.addAttribute("listBase", Paging.listBase("/orders", request.getQueryString()));
        model.addAttribute("status", status);
        model.addAttribute("statuses", OrderStatus.values());
        model.addAttribute("canIssue", InvoicePages.canIssue());
        return Htmx.view(request, "billing/orders", "results");
    }

    @GetMapping("/{id:\\d+}")
    String order(@PathVariable long id, Model model) {
        OrderView order = orders.get(id);
        model.addAttribute("order", order);
        model.addAttribute("buyer", buyers.of(order.companyId(), order.contactId()));
        model.addAttribute("statuses", OrderStatus.values());
        model.addAttribute("canIssue", InvoicePages.canActOn(RecordKind.ORDER, order.id(), order.ownerId()));
        return "billing/order";
    }

    @GetMapping("/new")
    String create(@RequestParam(required = false) Long companyId, Model model) {
        Invoices.checkIssuer();
        documents.formModel(model, new DocumentPageForm(companyId, null, null, null, null, null, null, null, null,
                null, null, null, false, java.util.List.of(), null, null));
        return "billing/order-form";
    }

    @PostMapping
    String place(@ModelAttribute("form") DocumentPageForm form, BindingResult errors,
            @RequestParam(required = false) String addLines, Model model, RedirectAttributes redirect) {
        Invoices.checkIssuer();
        // "Add line" without a script: the same form again with more empty rows, nothing checked yet
        if (addLines != null) {
            documents.formModel(model, form, DocumentPageForm.ADDED_ROWS);
            return "billing/order-form";
        }
        if (!errors.hasErrors() && documents.linesValid(form, errors)) {
            try {
                OrderView order = orders.place(new OrderForm(form.companyId(), form.contactId(), form.dealId(),
                        InvoicePages.blank(form.currency()), form.reverseCharge(), form.filledLines(), null, null,
                        null, form.couponCode())).order();
                redirect.addFlashAttribute("flash", "order.placed");
                return "redirect:/orders/" + order.id();
            }
            catch (KlientException e) {
                documents.apply(e, errors);
            }
        }
        documents.formModel(model, form);
        return "billing/order-form";
    }

    @PostMapping("/{id:\\d+}/status")
    String status(@PathVariable long id, @RequestParam(required = false) OrderStatus status,
            @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        try {
            orders.changeStatus(id, status, version);
            redirect.addFlashAttribute("flash", "order.statusChanged");
        }
        catch (KlientException e) {
            app.klient.platform.web.Flash.error(e, redirect);
        }
        return "redirect:/orders/" + id;
    }
}
