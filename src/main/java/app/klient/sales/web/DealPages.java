package app.klient.sales.web;

import app.klient.identity.RecordKind;
import java.util.LinkedHashMap;
import java.util.Map;

import app.klient.catalog.Products;
import app.klient.customers.Companies;
import app.klient.customers.Contacts;
import app.klient.identity.CurrentUser;
import app.klient.identity.OwnedRecords;
import app.klient.identity.Teams;
import app.klient.identity.Users;
import app.klient.platform.KlientException;
import app.klient.platform.web.FormErrors;
import app.klient.platform.web.Htmx;
import app.klient.sales.BoardFilter;
import app.klient.platform.web.Paging;
import app.klient.sales.ContactRole;
import app.klient.sales.DealForm;
import app.klient.sales.DealLineForm;
import app.klient.sales.DealQuery;
import app.klient.sales.DealStatus;
import app.klient.sales.DealView;
import app.klient.sales.Deals;
import app.klient.sales.PipelineView;
import app.klient.sales.Pipelines;
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

/** The funnel as a board (drag a card to move the deal), and a deal's own page with its stage history. */
@Controller
@RequestMapping("/deals")
class DealPages {

    private final Deals deals;
    private final Pipelines pipelines;
    private final Companies companies;
    private final Users users;
    private final Teams teams;
    private final Products products;
    private final Contacts contacts;

    private final java.util.List<app.klient.customers.CardSection> sections;

    DealPages(Deals deals, Pipelines pipelines, Companies companies, Users users, Teams teams, Products products,
            Contacts contacts, java.util.List<app.klient.customers.CardSection> sections) {
        this.sections = sections;
        this.products = products;
        this.contacts = contacts;
        this.deals = deals;
        this.pipelines = pipelines;
        this.companies = companies;
        this.users = users;
        this.teams = teams;
    }

    @GetMapping({ "", "/board" })
    String board(@RequestParam(required = false) Long pipeline, @Valid @ModelAttribute("filter") BoardFilter filter,
            BindingResult errors, HttpServletRequest request, Model model) {
        boardModel(pipeline, errors.hasErrors() ? BoardFilter.none() : filter, model);
        model.addAttribute("badFilter", errors.hasErrors());
        return Htmx.view(request, "sales/board", "board");
    }

    /**
     * The next cards of one column, from the cursor of the last card shown: for htmx the cards and the next "more"
     * link, in place of the link that asked; without script a page of its own.
     */
    @GetMapping("/board/column")
    String column(@RequestParam(required = false) Long pipeline, @RequestParam long stageId,
            @RequestParam(required = false) String after, @RequestParam(defaultValue = "0") int shown,
            @RequestParam(name = "of", defaultValue = "0") long count,
            @Valid @ModelAttribute("filter") BoardFilter filter, BindingResult errors, HttpServletRequest request,
            Model model) {
        if (errors.hasErrors()) {
            throw KlientException.invalid("customer.badFilter");
        }
        PipelineView board = pipeline == null ? pipelines.defaultPipeline() : pipelines.get(pipeline);
        var page = deals.column(board.id(), stageId, filter, after);
        Map<String, Object> values = boardValues(board.id(), filter);
        model.addAttribute("page", page);
        model.addAttribute("stageId", stageId);
        model.addAttribute("shown", Math.max(0, shown) + page.cards().size());
        model.addAttribute("count", Math.max(0, count));
        model.addAttribute("columnUrl", "/deals/board/column?" + query(values));
        model.addAttribute("boardUrl", "/deals/board?" + query(values));
        model.addAttribute("stage", board.stages().stream().filter(s -> s.id() == stageId).findFirst().orElseThrow());
        return Htmx.isHtmx(request) ? "sales/board :: page" : "sales/board-column";
    }

    private static String query(Map<String, Object> values) {
        StringBuilder query = new StringBuilder();
        values.forEach((k, v) -> query.append(query.isEmpty() ? "" : "&").append(k).append('=')
                .append(java.net.URLEncoder.encode(String.valueOf(v), java.nio.charset.StandardCharsets.UTF_8)));
        return query.toString();
    }

    /** A card dropped on another column (htmx): the deal moves and the board comes back with new counts. */
    @PostMapping("/{id:\\d+}/move")
    String move(@PathVariable long id, @RequestParam long stageId, @RequestParam(required = false) Integer version,
            @RequestParam(required = false) Long pipeline, @ModelAttribute("filter") BoardFilter filter, Model model) {
        try {
            deals.move(id, stageId, version);
        }
        catch (KlientException e) {
            // a refusal is a 403 like everywhere else, not the board with a message (the board offers no such drag)
            if (e.status().value() == 403 || e.status().value() == 404) {
                throw e;
            }
            model.addAttribute("boardError", e.messageKey());
        }
        boardModel(pipeline, filter, model);
        return "sales/board :: board";
    }

    @GetMapping("/list")
    String list(@Valid @ModelAttribute("query") DealQuery query, BindingResult errors,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) String sort,
            HttpServletRequest request, Model model) {
        model.addAttribute("badFilter", errors.hasErrors());
        model.addAttribute("deals", errors.hasErrors() ? null : deals.list(query,
                Paging.of(page, 25, sort, DealApi.SORTABLE, Sort.by("expectedCloseDate"))));
        model.addAttribute("listBase", Paging.listBase("/deals/list", request.getQueryString()));
        model.addAttribute("pipelines", pipelines.list());
        model.addAttribute("people", users.activeUsers());
        model.addAttribute("teams", teams.list());
        model.addAttribute("statuses", DealStatus.values());
        model.addAttribute("canCreate", OwnedRecords.canCreate());
        return Htmx.view(request, "sales/list", "results");
    }

    @GetMapping("/{id:\\d+}/edit")
    String edit(@PathVariable long id, Model model) {
        DealView d = deals.get(id);
        if (!OwnedRecords.canEdit(RecordKind.DEAL, id, d.ownerId())) {
            throw new KlientException(org.springframework.http.HttpStatus.FORBIDDEN, "deal.forbidden");
        }
        model.addAttribute("deal", d);
        model.addAttribute("form", new DealForm(d.name(), d.companyId(), null, d.pipelineId(), d.stageId(),
                d.amount(), d.currency(), d.expectedCloseDate(), d.source(), d.nextStep(), d.ownerId(), d.teamId(),
                null, null, d.version()));
        return formPage(model, d.companyId());
    }

    @PostMapping("/{id:\\d+}")
    String update(@PathVariable long id, @Valid @ModelAttribute("form") DealForm form, BindingResult errors,
            Model model, RedirectAttributes redirect) {
        model.addAttribute("deal", deals.get(id));
        if (errors.hasErrors()) {
            return formPage(model, form.companyId());
        }
        try {
            deals.update(id, form);
            redirect.addFlashAttribute("flash", "customer.saved");
            return "redirect:/deals/" + id;
        }
        catch (KlientException e) {
            if (e.status().value() == 403) {
                throw e;
            }
            FormErrors.apply(e, errors);
            return formPage(model, form.companyId());
        }
    }

    @GetMapping("/new")
    String create(@RequestParam(required = false) Long companyId, Model model) {
        if (!OwnedRecords.canCreate()) {
            throw new KlientException(org.springframework.http.HttpStatus.FORBIDDEN, "deal.forbidden");
        }
        model.addAttribute("form", new DealForm("", companyId, null, null, null, null, deals.companyCurrency(), null,
                null, null, CurrentUser.id(), null, null, null, null));
        return formPage(model, companyId);
    }

    @PostMapping
    String create(@Valid @ModelAttribute("form") DealForm form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return formPage(model, form.companyId());
        }
        try {
            DealView created = deals.create(form);
            redirect.addFlashAttribute("flash", "deal.created");
            return "redirect:/deals/" + created.id();
        }
        catch (KlientException e) {
            FormErrors.apply(e, errors);
            return formPage(model, form.companyId());
        }
    }

    @GetMapping("/{id:\\d+}")
    String deal(@PathVariable long id, Model model) {
        DealView deal = deals.get(id);
        model.addAttribute("deal", deal);
        model.addAttribute("pipeline", pipelines.getEvenDeleted(deal.pipelineId()));
        model.addAttribute("history", deals.history(id));
        model.addAttribute("dealParts", sections.stream().map(section -> section.forDeal(id))
                .flatMap(java.util.Optional::stream)
                .sorted(java.util.Comparator.comparingInt(app.klient.customers.CardSection.Part::order)).toList());
        boolean canEdit = OwnedRecords.canEdit(RecordKind.DEAL, id, deal.ownerId());
        model.addAttribute("canEdit", canEdit);
        if (canEdit) {
            model.addAttribute("products", products.options(null, 500));
            model.addAttribute("roles", ContactRole.values());
            model.addAttribute("companyContacts", deal.companyId() == null ? java.util.List.of()
                    : contacts.ofCompany(deal.companyId()).stream()
                            .filter(c -> !deal.contactIds().contains(c.id())).toList());
        }
        return "sales/deal";
    }

    @PostMapping("/{id:\\d+}/lines")
    String addLine(@PathVariable long id, @Valid @ModelAttribute DealLineForm line, BindingResult errors,
            @RequestParam Integer version, RedirectAttributes redirect) {
        return lineAction(id, errors, redirect, "deal.lineAdded", () -> deals.addLine(id, line, version));
    }

    @PostMapping("/{id:\\d+}/lines/{lineId:\\d+}")
    String changeLine(@PathVariable long id, @PathVariable long lineId, @Valid @ModelAttribute DealLineForm line,
            BindingResult errors, @RequestParam Integer version, RedirectAttributes redirect) {
        return lineAction(id, errors, redirect, "deal.lineSaved", () -> deals.changeLine(id, lineId, line, version));
    }

    @PostMapping("/{id:\\d+}/lines/{lineId:\\d+}/delete")
    String removeLine(@PathVariable long id, @PathVariable long lineId, @RequestParam Integer version,
            RedirectAttributes redirect) {
        return act(id, redirect, "deal.lineRemoved", () -> deals.removeLine(id, lineId, version));
    }

    @PostMapping("/{id:\\d+}/contacts")
    String setContact(@PathVariable long id, @RequestParam(required = false) Long contactId,
            @RequestParam(required = false) ContactRole role, @RequestParam Integer version,
            RedirectAttributes redirect) {
        return act(id, redirect, "deal.contactSaved", () -> deals.setContact(id, contactId, role, version));
    }

    @PostMapping("/{id:\\d+}/contacts/{contactId:\\d+}/delete")
    String removeContact(@PathVariable long id, @PathVariable long contactId, @RequestParam Integer version,
            RedirectAttributes redirect) {
        return act(id, redirect, "deal.contactRemoved", () -> deals.removeContact(id, contactId, version));
    }

    private String lineAction(long id, BindingResult errors, RedirectAttributes redirect, String done,
            Runnable action) {
        if (errors.hasErrors()) {
            redirect.addFlashAttribute("flashError", "line.invalid");
            return "redirect:/deals/" + id;
        }
        return act(id, redirect, done, action);
    }

    @PostMapping("/{id:\\d+}/stage")
    String stage(@PathVariable long id, @RequestParam long stageId, @RequestParam Integer version,
            RedirectAttributes redirect) {
        return act(id, redirect, "deal.moved", () -> deals.move(id, stageId, version));
    }

    @PostMapping("/{id:\\d+}/won")
    String won(@PathVariable long id, @RequestParam Integer version, RedirectAttributes redirect) {
        return act(id, redirect, "deal.markedWon", () -> deals.win(id, version));
    }

    @PostMapping("/{id:\\d+}/reopen")
    String reopen(@PathVariable long id, @RequestParam Integer version, RedirectAttributes redirect) {
        return act(id, redirect, "deal.reopened", () -> deals.reopen(id, version));
    }

    @PostMapping("/{id:\\d+}/lost")
    String lost(@PathVariable long id, @RequestParam(required = false) String lostReason,
            @RequestParam(required = false) String competitor, @RequestParam Integer version,
            RedirectAttributes redirect) {
        return act(id, redirect, "deal.markedLost", () -> deals.lose(id, lostReason, competitor, version));
    }

    private String act(long id, RedirectAttributes redirect, String done, Runnable action) {
        return app.klient.platform.web.Flash.act(redirect, "/deals/" + id, done, action);
    }

    private void boardModel(Long pipelineId, BoardFilter filter, Model model) {
        PipelineView pipeline = pipelineId == null ? pipelines.defaultPipeline() : pipelines.get(pipelineId);
        model.addAttribute("board", deals.board(pipeline.id(), filter));
        model.addAttribute("pipelines", pipelines.list());
        model.addAttribute("people", users.activeUsers());
        model.addAttribute("teams", teams.list());
        model.addAttribute("filter", filter);
        Map<String, Object> values = boardValues(pipeline.id(), filter);
        model.addAttribute("boardValues", values);
        model.addAttribute("columnUrl", "/deals/board/column?" + query(values));
        model.addAttribute("canCreate", OwnedRecords.canCreate());
    }

    private static Map<String, Object> boardValues(long pipelineId, BoardFilter filter) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("pipeline", pipelineId);
        if (filter.ownerId() != null) {
            values.put("ownerId", filter.ownerId());
        }
        if (filter.teamId() != null) {
            values.put("teamId", filter.teamId());
        }
        if (filter.closeFrom() != null) {
            values.put("closeFrom", filter.closeFrom().toString());
        }
        if (filter.closeTo() != null) {
            values.put("closeTo", filter.closeTo().toString());
        }
        return values;
    }

    private String formPage(Model model, Long companyId) {
        model.addAttribute("companyName", companyId == null ? null : companies.name(companyId));
        model.addAttribute("pipelines", pipelines.list());
        model.addAttribute("people", users.possibleOwners());
        return "sales/deal-form";
    }
}
