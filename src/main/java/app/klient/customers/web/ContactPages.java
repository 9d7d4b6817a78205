package app.klient.customers.web;

import app.klient.identity.RecordKind;
import app.klient.customers.duplicates.DuplicateFinder;
import app.klient.customers.duplicates.Lookalike;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.customers.Channel;
import app.klient.customers.Companies;
import app.klient.customers.ConsentMethod;
import app.klient.customers.ContactForm;
import app.klient.customers.ContactSource;
import app.klient.customers.ContactView;
import app.klient.customers.Contacts;
import app.klient.customers.CardSection;
import app.klient.customers.CustomFields;
import app.klient.customers.ContactImport;
import app.klient.customers.CustomerExport;
import app.klient.platform.export.Downloads;
import app.klient.customers.CustomerQuery;
import app.klient.customers.CustomerType;
import app.klient.customers.SavedViews;
import app.klient.customers.Timeline;
import app.klient.customers.internal.CustomerAccess;
import app.klient.customers.internal.CustomerLists;
import app.klient.identity.CurrentUser;
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

/** The contact list, form and card. */
@Controller
@RequestMapping("/contacts")
class ContactPages {

    private final Contacts contacts;
    private final Companies companies;
    private final Timeline timeline;
    private final CustomFields customFields;
    private final SavedViews views;
    private final Users users;
    private final CustomerExport export;
    private final List<CardSection> sections;
    private final ContactImport imports;

    private final DuplicateFinder duplicates;

    ContactPages(Contacts contacts, Companies companies, Timeline timeline, CustomFields customFields,
            SavedViews views, Users users, CustomerExport export,
            List<CardSection> sections, ContactImport imports,
            org.springframework.beans.factory.ObjectProvider<app.klient.customers.ContactSegments> segments,
            DuplicateFinder duplicates) {
        this.duplicates = duplicates;
        this.segments = segments;
        this.imports = imports;
        this.sections = sections;
        this.contacts = contacts;
        this.companies = companies;
        this.timeline = timeline;
        this.customFields = customFields;
        this.views = views;
        this.users = users;
        this.export = export;
    }

    private final org.springframework.beans.factory.ObjectProvider<app.klient.customers.ContactSegments> segments;

    @GetMapping
    String list(@Valid @ModelAttribute("query") CustomerQuery query, BindingResult errors,
            @RequestParam Map<String, String> all, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) String sort, @RequestParam(required = false) String after,
            @RequestParam(required = false) String before, HttpServletRequest request, Model model) {
        CustomerQuery full = ListParameters.query(query, all);
        model.addAttribute("query", full);
        model.addAttribute("sort", sort == null ? "" : sort);
        model.addAttribute("badFilter", errors.hasErrors());
        model.addAttribute("contacts", errors.hasErrors() ? null
                : contacts.list(full, ListParameters.page(page, 25, sort, CustomerLists.CONTACT_SORTS), after, before));
        model.addAttribute("queryString", Paging.filters(request.getQueryString()));
        model.addAttribute("listBase", Paging.listBase("/contacts", request.getQueryString()));
        model.addAttribute("sortLinks", java.util.Map.of(
                "name", ListParameters.sortLink("/contacts", request.getQueryString(), sort, "name"),
                "updatedAt", ListParameters.sortLink("/contacts", request.getQueryString(), sort, "updatedAt")));
        model.addAttribute("fields", customFields.active(CustomerType.CONTACT));
        model.addAttribute("views", views.visible(CustomerType.CONTACT));
        model.addAttribute("people", users.activeUsers());
        model.addAttribute("canCreate", CustomerAccess.canCreate());
        model.addAttribute("canExport", app.klient.identity.Permission.EXPORT_CUSTOMERS.granted());
        app.klient.customers.ContactSegments kept = segments.getIfAvailable();
        model.addAttribute("segments", kept == null ? java.util.Map.of() : kept.choices());
        return Htmx.view(request, "customers/contacts", "results");
    }

    /** Options for a contact picker (a deal's people): contacts whose name, e-mail or phone match. */
    @GetMapping("/options")
    String options(@RequestParam(required = false) String contactQ, Model model) {
        String q = contactQ == null ? "" : contactQ.strip();
        model.addAttribute("matches", q.isEmpty() || q.length() > 100 ? List.of()
                : contacts.list(CustomerQuery.none().withSearch(q),
                        org.springframework.data.domain.PageRequest.of(0, 20)).items());
        return "customers/fragments :: contactOptions";
    }

    /** The list as a file named by its extension, with the filters of the page it was asked from. */
    @GetMapping({ "/export.csv", "/export.xlsx", "/export.vcf" })
    void export(@Valid @ModelAttribute("query") CustomerQuery query, BindingResult errors,
            @RequestParam Map<String, String> all, HttpServletRequest request,
            jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        Downloads.page(request, response, "contacts", errors, () -> {
            app.klient.identity.Permission.EXPORT_CUSTOMERS.check();
            contacts.checkFilter(ListParameters.query(query, all));
        }, (format, out) -> export.contacts(ListParameters.query(query, all), format, out));
    }

    @GetMapping("/import")
    String importForm(Model model) {
        if (!ContactImport.canImport()) {
            throw new app.klient.platform.KlientException(org.springframework.http.HttpStatus.FORBIDDEN,
                    "contactImport.forbidden");
        }
        return "customers/contact-import";
    }

    /** The upload; the result (counts and the first problems by line) is shown on the same page. */
    @PostMapping("/import")
    String importCsv(@RequestParam(required = false) org.springframework.web.multipart.MultipartFile file,
            @RequestParam(defaultValue = "false") boolean checkOnly, Model model) throws java.io.IOException {
        if (file == null || file.isEmpty()) {
            model.addAttribute("problem", "contactImport.noFile");
            return importForm(model);
        }
        try (java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                file.getInputStream(), java.nio.charset.StandardCharsets.UTF_8), 1 << 16)) {
            model.addAttribute("result", imports.importCsv(reader, checkOnly));
        }
        catch (app.klient.platform.InvalidFields e) {
            model.addAttribute("problem", e.errors().get(0).messageKey());
        }
        catch (app.klient.platform.KlientException e) {
            if (e.status().value() == 403) {
                throw e;
            }
            model.addAttribute("problem", e.messageKey());
            model.addAttribute("problemArgs", e.arguments());
        }
        return importForm(model);
    }

    @GetMapping("/new")
    String create(@RequestParam(required = false) Long companyId, @RequestParam(required = false) String phone,
            Model model) {
        CustomerAccess.checkCreate();
        // a call from an unknown number offers a new contact with the number filled in (the screen pop's link)
        List<String> phones = phone == null || phone.isBlank() || phone.length() > 40 || phone.indexOf('\0') >= 0
                ? null : List.of(phone.strip());
        model.addAttribute("form", new ContactForm(null, "", null, null, null, phones, null, companyId, null, null,
                null, null, null, null, CurrentUser.id(), null, false, null, null, Map.of(), null));
        return formPage(model, null, companyId);
    }

    @PostMapping
    String create(@Valid @ModelAttribute("form") ContactForm form, BindingResult errors, HttpServletRequest request,
            @RequestParam(defaultValue = "false") boolean force, Model model, RedirectAttributes redirect) {
        ContactForm full = form.withCustomFields(CustomFieldParams.from(request));
        // the bound form stays the model's "form" so its errors stay with it; the values read here go beside it
        model.addAttribute("customValues", full.customFields());
        if (errors.hasErrors()) {
            return formPage(model, null, full.companyId());
        }
        try {
            List<Lookalike> lookalikes = force ? List.of() : duplicates.warnings(full);
            if (!lookalikes.isEmpty()) {
                model.addAttribute("lookalikes", lookalikes);
                return formPage(model, null, full.companyId());
            }
            ContactView created = contacts.create(full, app.klient.customers.MarketingConsent.Origin.PAGE);
            redirect.addFlashAttribute("flash", "contact.created");
            return "redirect:/contacts/" + created.id();
        }
        catch (KlientException e) {
            FormErrors.apply(e, errors);
            return formPage(model, null, full.companyId());
        }
    }

    @GetMapping("/{id:\\d+}")
    String card(@PathVariable long id, Model model) {
        ContactView contact = contacts.get(id);
        model.addAttribute("contact", contact);
        model.addAttribute("canEdit", CustomerAccess.canEdit(RecordKind.CONTACT, id, contact.ownerId()));
        model.addAttribute("canNote", CustomerAccess.canCreate());
        model.addAttribute("timeline", timeline.ofContact(id, null, 30));
        model.addAttribute("timelineUrl", "/contacts/" + id + "/timeline");
        model.addAttribute("notesUrl", "/contacts/" + id + "/notes");
        model.addAttribute("fields", customFields.all(CustomerType.CONTACT));
        model.addAttribute("people", users.possibleOwners());
        model.addAttribute("cardParts", sections.stream().map(s -> s.forContact(id)).flatMap(Optional::stream)
                .sorted(Comparator.comparingInt(CardSection.Part::order)).toList());
        return "customers/contact";
    }

    @GetMapping("/{id:\\d+}/edit")
    String edit(@PathVariable long id, Model model) {
        ContactView c = contacts.get(id);
        CustomerAccess.checkEdit(RecordKind.CONTACT, id, c.ownerId());
        model.addAttribute("form", new ContactForm(c.firstName(), c.lastName(), c.titleBefore(), c.titleAfter(),
                c.emails(), c.phones(), c.jobTitle(), c.companyId(), c.birthday(), c.address(),
                c.preferredLanguage(), c.preferredChannel(), c.source(), c.sourceDetail(), c.ownerId(), c.tags(),
                // consent is changed on the card (per purpose, with its history), not by this form: null keeps it
                null, null, null, c.customFields(), c.version()));
        return formPage(model, c, c.companyId());
    }

    @PostMapping("/{id:\\d+}")
    String update(@PathVariable long id, @Valid @ModelAttribute("form") ContactForm form, BindingResult errors,
            HttpServletRequest request, Model model, RedirectAttributes redirect) {
        ContactView contact = contacts.get(id);
        ContactForm full = form.withCustomFields(CustomFieldParams.from(request));
        // the bound form stays the model's "form" so its errors stay with it; the values read here go beside it
        model.addAttribute("customValues", full.customFields());
        if (errors.hasErrors()) {
            return formPage(model, contact, full.companyId());
        }
        try {
            contacts.update(id, full, app.klient.customers.MarketingConsent.Origin.PAGE);
            redirect.addFlashAttribute("flash", "customer.saved");
            return "redirect:/contacts/" + id;
        }
        catch (KlientException e) {
            if (e.status().value() == 403) {
                throw e;
            }
            FormErrors.apply(e, errors);
            return formPage(model, contact, full.companyId());
        }
    }

    @PostMapping("/{id:\\d+}/owner")
    String owner(@PathVariable long id, @RequestParam(required = false) Long ownerId, RedirectAttributes redirect) {
        contacts.assignOwner(id, ownerId);
        redirect.addFlashAttribute("flash", "customer.ownerChanged");
        return "redirect:/contacts/" + id;
    }

    @PostMapping("/{id:\\d+}/delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        contacts.delete(id);
        redirect.addFlashAttribute("flash", "customer.deleted");
        return "redirect:/contacts";
    }

    private String formPage(Model model, ContactView contact, Long companyId) {
        model.addAttribute("contact", contact);
        model.addAttribute("companyName", companyId == null ? null : companies.name(companyId));
        model.addAttribute("fields", customFields.active(CustomerType.CONTACT));
        model.addAttribute("channels", Channel.values());
        model.addAttribute("sources", ContactSource.values());
        model.addAttribute("consentMethods", ConsentMethod.values());
        model.addAttribute("people", users.possibleOwners());
        return "customers/contact-form";
    }
}
