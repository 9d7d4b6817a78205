package app.klient.customers.web;

import app.klient.identity.RecordKind;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.customers.Companies;
import app.klient.customers.CompanyForm;
import app.klient.customers.CompanySize;
import app.klient.customers.CompanyView;
import app.klient.customers.Contacts;
import app.klient.customers.CardSection;
import app.klient.customers.CustomFields;
import app.klient.customers.CustomerExport;
import app.klient.platform.export.Downloads;
import app.klient.customers.CustomerQuery;
import app.klient.customers.CustomerType;
import app.klient.customers.LifecycleStage;
import app.klient.customers.SavedViews;
import app.klient.customers.Timeline;
import app.klient.customers.duplicates.DuplicateFinder;
import app.klient.customers.duplicates.Lookalike;
import app.klient.customers.internal.CustomerAccess;
import app.klient.customers.internal.CustomerLists;
import app.klient.identity.CurrentUser;
import app.klient.identity.Teams;
import app.klient.identity.Users;
import app.klient.platform.KlientException;
import app.klient.platform.web.Paging;
import app.klient.platform.web.FormErrors;
import app.klient.platform.web.Htmx;
import jakarta.servlet.http.HttpServletRequest;
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

/** The company list, form and card. */
@Controller
@RequestMapping("/companies")
class CompanyPages {

    private final Companies companies;
    private final Contacts contacts;
    private final Timeline timeline;
    private final CustomFields customFields;
    private final SavedViews views;
    private final Users users;
    private final CustomerExport export;
    private final List<CardSection> sections;
    private final Teams teams;
    private final DuplicateFinder duplicates;

    CompanyPages(Companies companies, Contacts contacts, Timeline timeline, CustomFields customFields,
            SavedViews views, Users users, CustomerExport export, Teams teams, List<CardSection> sections,
            DuplicateFinder duplicates) {
        this.duplicates = duplicates;
        this.sections = sections;
        this.companies = companies;
        this.contacts = contacts;
        this.timeline = timeline;
        this.customFields = customFields;
        this.views = views;
        this.users = users;
        this.export = export;
        this.teams = teams;
    }

    @GetMapping
    String list(@Valid @ModelAttribute("query") CustomerQuery query, BindingResult errors,
            @RequestParam Map<String, String> all, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) String sort, @RequestParam(required = false) String after,
            @RequestParam(required = false) String before, HttpServletRequest request, Model model) {
        CustomerQuery full = ListParameters.query(query, all);
        model.addAttribute("query", full);
        model.addAttribute("sort", sort == null ? "" : sort);
        model.addAttribute("badFilter", errors.hasErrors());
        model.addAttribute("companies", errors.hasErrors() ? null
                : companies.list(full, ListParameters.page(page, 25, sort, CustomerLists.COMPANY_SORTS), after, before));
        model.addAttribute("queryString", Paging.filters(request.getQueryString()));
        model.addAttribute("listBase", Paging.listBase("/companies", request.getQueryString()));
        model.addAttribute("sortLinks", java.util.Map.of(
                "name", ListParameters.sortLink("/companies", request.getQueryString(), sort, "name"),
                "updatedAt", ListParameters.sortLink("/companies", request.getQueryString(), sort, "updatedAt")));
        model.addAttribute("fields", customFields.active(CustomerType.COMPANY));
        model.addAttribute("views", views.visible(CustomerType.COMPANY));
        model.addAttribute("stages", LifecycleStage.values());
        model.addAttribute("people", users.activeUsers());
        model.addAttribute("canCreate", CustomerAccess.canCreate());
        model.addAttribute("canExport", app.klient.identity.Permission.EXPORT_CUSTOMERS.granted());
        return Htmx.view(request, "customers/companies", "results");
    }

    /** Options for the contact form's company picker: companies whose name or identifiers match. */
    @GetMapping("/options")
    String options(@RequestParam(required = false) String companyQ, Model model) {
        String q = companyQ == null ? "" : companyQ.strip();
        model.addAttribute("matches", q.isEmpty() || q.length() > 100 ? List.of()
                : companies.list(CustomerQuery.none().withSearch(q),
                        org.springframework.data.domain.PageRequest.of(0, 20)).items());
        return "customers/fragments :: companyOptions";
    }

    /** The list as a file named by its extension, with the filters of the page it was asked from. */
    @GetMapping({ "/export.csv", "/export.xlsx" })
    void export(@Valid @ModelAttribute("query") CustomerQuery query, BindingResult errors,
            @RequestParam Map<String, String> all, HttpServletRequest request,
            jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        Downloads.page(request, response, "companies", errors, () -> {
            app.klient.identity.Permission.EXPORT_CUSTOMERS.check();
            ListParameters.query(query, all); // a segment it refuses is a 400 before any header
        }, (format, out) -> export.companies(ListParameters.query(query, all), format, out));
    }

    @GetMapping("/new")
    String create(Model model) {
        CustomerAccess.checkCreate();
        model.addAttribute("form", new CompanyForm("", null, "PL", null, null, null, null, null, null, null, null,
                null, null, CurrentUser.id(), null, null, LifecycleStage.LEAD, Map.of(), null));
        return formPage(model, null);
    }

    @PostMapping
    String create(@Valid @ModelAttribute("form") CompanyForm form, BindingResult errors, HttpServletRequest request,
            @RequestParam(defaultValue = "false") boolean force, Model model, RedirectAttributes redirect) {
        CompanyForm full = form.withCustomFields(CustomFieldParams.from(request));
        // the bound form stays the model's "form" so its errors stay with it; the values read here go beside it
        model.addAttribute("customValues", full.customFields());
        if (errors.hasErrors()) {
            return formPage(model, null);
        }
        try {
            List<Lookalike> lookalikes = force ? List.of() : duplicates.warnings(full);
            if (!lookalikes.isEmpty()) {
                model.addAttribute("lookalikes", lookalikes);
                return formPage(model, null);
            }
            CompanyView created = companies.create(full);
            redirect.addFlashAttribute("flash", "company.created");
            return "redirect:/companies/" + created.id();
        }
        catch (KlientException e) {
            FormErrors.apply(e, errors);
            return formPage(model, null);
        }
    }

    @GetMapping("/{id:\\d+}")
    String card(@PathVariable long id, Model model) {
        CompanyView company = companies.get(id);
        model.addAttribute("company", company);
        model.addAttribute("canEdit", CustomerAccess.canEdit(RecordKind.COMPANY, id, company.ownerId()));
        model.addAttribute("canNote", CustomerAccess.canCreate());
        model.addAttribute("contacts", contacts.ofCompany(id));
        model.addAttribute("contactCount", contacts.countOfCompany(id));
        model.addAttribute("timeline", timeline.ofCompany(id, null, 30));
        model.addAttribute("timelineUrl", "/companies/" + id + "/timeline");
        model.addAttribute("notesUrl", "/companies/" + id + "/notes");
        model.addAttribute("fields", customFields.all(CustomerType.COMPANY));
        model.addAttribute("people", users.possibleOwners());
        model.addAttribute("cardParts", sections.stream().map(s -> s.forCompany(id)).flatMap(Optional::stream)
                .sorted(Comparator.comparingInt(CardSection.Part::order)).toList());
        return "customers/company";
    }

    @GetMapping("/{id:\\d+}/edit")
    String edit(@PathVariable long id, Model model) {
        CompanyView c = companies.get(id);
        CustomerAccess.checkEdit(RecordKind.COMPANY, id, c.ownerId());
        model.addAttribute("form", new CompanyForm(c.name(), c.legalName(), c.country(), c.taxId(),
                c.registrationNumber(), c.vatId(), c.industry(), c.size(), c.website(), c.email(), c.phones(),
                c.billingAddress(), c.shippingAddress(), c.ownerId(), c.teamId(), c.tags(), c.lifecycleStage(),
                c.customFields(), c.version()));
        return formPage(model, c);
    }

    @PostMapping("/{id:\\d+}")
    String update(@PathVariable long id, @Valid @ModelAttribute("form") CompanyForm form, BindingResult errors,
            HttpServletRequest request, Model model, RedirectAttributes redirect) {
        CompanyView company = companies.get(id);
        CompanyForm full = form.withCustomFields(CustomFieldParams.from(request));
        // the bound form stays the model's "form" so its errors stay with it; the values read here go beside it
        model.addAttribute("customValues", full.customFields());
        if (errors.hasErrors()) {
            return formPage(model, company);
        }
        try {
            companies.update(id, full);
            redirect.addFlashAttribute("flash", "customer.saved");
            return "redirect:/companies/" + id;
        }
        catch (KlientException e) {
            if (e.status().value() == 403) {
                throw e;
            }
            FormErrors.apply(e, errors);
            return formPage(model, company);
        }
    }

    @PostMapping("/{id:\\d+}/owner")
    String owner(@PathVariable long id, @RequestParam(required = false) Long ownerId, RedirectAttributes redirect) {
        companies.assignOwner(id, ownerId);
        redirect.addFlashAttribute("flash", "customer.ownerChanged");
        return "redirect:/companies/" + id;
    }

    @PostMapping("/{id:\\d+}/delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        companies.delete(id);
        redirect.addFlashAttribute("flash", "customer.deleted");
        return "redirect:/companies";
    }

    private String formPage(Model model, CompanyView company) {
        model.addAttribute("company", company);
        model.addAttribute("fields", customFields.active(CustomerType.COMPANY));
        model.addAttribute("stages", LifecycleStage.values());
        model.addAttribute("sizes", CompanySize.values());
        model.addAttribute("people", users.possibleOwners());
        model.addAttribute("teams", teams.list());
        return "customers/company-form";
    }
}
