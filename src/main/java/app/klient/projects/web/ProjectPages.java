package app.klient.projects.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import app.klient.identity.OwnedRecords;
import app.klient.identity.Teams;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.web.Flash;
import app.klient.platform.web.FormErrors;
import app.klient.platform.web.Paging;
import app.klient.projects.Health;
import app.klient.projects.ProjectForm;
import app.klient.projects.ProjectPlan;
import app.klient.projects.ProjectStatus;
import app.klient.projects.ProjectTemplates;
import app.klient.projects.ProjectView;
import app.klient.projects.Projects;
import app.klient.projects.TimeEntries;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The projects pages: the list with its views, the board by status, the project card and the project form. */
@Controller
class ProjectPages {

    private final Projects projects;
    private final ProjectPlan plan;
    private final TimeEntries time;
    private final Users users;
    private final Teams teams;
    private final app.klient.catalog.Products products;
    private final ProjectTemplates templates;

    ProjectPages(Projects projects, ProjectPlan plan, TimeEntries time, Users users, Teams teams,
            app.klient.catalog.Products products, ProjectTemplates templates) {
        this.products = products;
        this.templates = templates;
        this.projects = projects;
        this.plan = plan;
        this.time = time;
        this.users = users;
        this.teams = teams;
    }

    @GetMapping("/projects")
    String projectList(@RequestParam(required = false) String view, @RequestParam(required = false) String q,
            @RequestParam(required = false) Integer page, HttpServletRequest request, Model model) {
        String chosen = view == null || !List.of("mine", "late", "overBudget", "done", "all").contains(view) ? "open"
                : view;
        Projects.Query query = new Projects.Query(q, chosen.equals("done") ? ProjectStatus.DONE : null,
                chosen.equals("open") || chosen.equals("mine") ? Boolean.TRUE : null, null, null, null, null,
                chosen.equals("mine") ? Boolean.TRUE : null, chosen.equals("late") ? Boolean.TRUE : null,
                chosen.equals("overBudget") ? Boolean.TRUE : null);
        model.addAttribute("rows", projects.list(query, Paging.of(page, 50, null, Map.of(), Sort.unsorted())));
        model.addAttribute("view", chosen);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("canCreate", OwnedRecords.canCreate());
        model.addAttribute("listBase", Paging.listBase("/projects", request.getQueryString()));
        return "projects/list";
    }

    @GetMapping("/projects/board")
    String projectBoard(Model model) {
        Map<ProjectStatus, List<ProjectView>> columns = new java.util.EnumMap<>(ProjectStatus.class);
        for (ProjectStatus status : ProjectStatus.values()) {
            columns.put(status, projects.list(new Projects.Query(null, status, null, null, null, null, null, null,
                    null, null), PageRequest.of(0, 100)).items());
        }
        model.addAttribute("columns", columns);
        model.addAttribute("canCreate", OwnedRecords.canCreate());
        return "projects/board";
    }

    @GetMapping("/projects/new")
    String newProject(@RequestParam(required = false) Long companyId, @RequestParam(required = false) Long contactId,
            @RequestParam(required = false) Long dealId, Model model) {
        if (!OwnedRecords.canCreate()) {
            throw new app.klient.platform.KlientException(org.springframework.http.HttpStatus.FORBIDDEN,
                    "project.forbidden");
        }
        return form(model, PageForm.of(new ProjectForm(null, null, companyId, contactId, dealId, null, null, null,
                LocalDate.now(), null, null, null, "PLN", List.of(), null)), null);
    }

    /** A new project, with an empty plan or its milestones and tasks from a template. */
    @PostMapping("/projects")
    String createProject(@ModelAttribute("form") PageForm page, BindingResult errors,
            @RequestParam(required = false) Long templateId, Model model, RedirectAttributes redirect) {
        model.addAttribute("templateId", templateId);
        ProjectForm form = page.toForm(unreadable(errors));
        if (!errors.hasErrors()) {
            try {
                long id = (templateId == null ? projects.create(form) : templates.start(templateId, form)).id();
                redirect.addFlashAttribute("flash", "project.saved");
                return "redirect:/projects/" + id;
            }
            catch (InvalidFields e) {
                FormErrors.apply(e, errors);
            }
            catch (app.klient.platform.KlientException e) {
                if (!"project.template.notFound".equals(e.messageKey())) {
                    throw e;
                }
                errors.reject(e.messageKey(), e.messageKey());
            }
        }
        return form(model, page, null);
    }

    @GetMapping("/projects/{id}/edit")
    String editProject(@PathVariable long id, Model model) {
        ProjectView p = projects.changeable(id);
        return form(model, PageForm.of(new ProjectForm(p.name(), p.description(), p.companyId(), p.contactId(),
                p.dealId(), p.orderId(), p.managerId(), p.teamId(), p.startsOn(), p.dueOn(), p.budgetHours(),
                p.budgetAmount(), p.currency(), p.members().stream().map(ProjectView.Member::id).toList(),
                p.version())), id);
    }

    @PostMapping("/projects/{id}")
    String updateProject(@PathVariable long id, @ModelAttribute("form") PageForm page, BindingResult errors,
            Model model, RedirectAttributes redirect) {
        ProjectForm form = page.toForm(unreadable(errors));
        if (!errors.hasErrors()) {
            try {
                projects.update(id, form);
                redirect.addFlashAttribute("flash", "project.saved");
                return "redirect:/projects/" + id;
            }
            catch (app.klient.platform.KlientException e) {
                if (e.status().value() == 403 || e.status().value() == 404) {
                    throw e;
                }
                FormErrors.apply(e, errors);
            }
        }
        return form(model, page, id);
    }

    @GetMapping("/projects/{id}")
    String project(@PathVariable long id, Model model) {
        ProjectView project = projects.get(id);
        List<ProjectPlan.ProjectTask> tasks = plan.tasks(id);
        List<ProjectPlan.MilestoneView> milestones = plan.milestones(id);
        model.addAttribute("project", project);
        model.addAttribute("milestones", milestones);
        model.addAttribute("tasks", tasks);
        model.addAttribute("entries", time.list(id, 50));
        model.addAttribute("people", time.byPerson(id));
        // tasks go to those who may work on them: not to readers
        model.addAttribute("users", users.activeUsers().stream().filter(u -> u.role().canWrite()).toList());
        model.addAttribute("today", LocalDate.now());
        model.addAttribute("timeline", Timeline.of(project, tasks, milestones));
        model.addAttribute("services", project.canChange() && project.unbilledMinutes() > 0 ? products
                .list(app.klient.catalog.ProductQuery.all(), PageRequest.of(0, 200)).items().stream()
                .filter(TimeEntries::billsHours).toList() : List.of());
        return "projects/card";
    }

    @PostMapping("/projects/{id}/status")
    String moveProject(@PathVariable long id, @RequestParam(required = false) ProjectStatus status,
            @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        return Flash.act(redirect, "/projects/" + id, "project.moved", () -> projects.move(id, status, version));
    }

    @PostMapping("/projects/{id}/health")
    String judgeProject(@PathVariable long id, @RequestParam(required = false) Health health,
            @RequestParam(required = false) String comment, @RequestParam(required = false) Integer version,
            RedirectAttributes redirect) {
        return Flash.act(redirect, "/projects/" + id, "project.judged",
                () -> projects.judge(id, health, comment, version));
    }

    @PostMapping("/projects/{id}/milestones")
    String addMilestone(@PathVariable long id, @RequestParam(required = false) String name,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dueOn,
            RedirectAttributes redirect) {
        return Flash.act(redirect, "/projects/" + id, "project.milestone.added",
                () -> plan.addMilestone(id, new ProjectPlan.MilestoneForm(name, dueOn, null)));
    }

    @PostMapping("/projects/{id}/milestones/{milestoneId}/reached")
    String reachMilestone(@PathVariable long id, @PathVariable long milestoneId,
            @RequestParam(required = false) Boolean reached, @RequestParam(required = false) Integer version,
            RedirectAttributes redirect) {
        return Flash.act(redirect, "/projects/" + id, "project.milestone.saved",
                () -> plan.reach(id, milestoneId, reached == null || reached, version));
    }

    @PostMapping("/projects/{id}/milestones/{milestoneId}/remove")
    String removeMilestone(@PathVariable long id, @PathVariable long milestoneId, RedirectAttributes redirect) {
        return Flash.act(redirect, "/projects/" + id, "project.milestone.removed",
                () -> plan.removeMilestone(id, milestoneId));
    }

    @PostMapping("/projects/{id}/tasks")
    String addTask(@PathVariable long id, @RequestParam(required = false) String title,
            @RequestParam(required = false) Long assigneeId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate startsOn,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dueOn,
            @RequestParam(required = false) Long milestoneId, @RequestParam(required = false) Long startsAfterTaskId,
            @RequestParam(required = false) String estimateHours, RedirectAttributes redirect) {
        // what is not a number is sent as -1, which the plan refuses with its own message
        BigDecimal estimate = decimal(estimateHours, BigDecimal.ONE.negate());
        return Flash.act(redirect, "/projects/" + id, "project.task.added",
                () -> plan.addTask(id, new ProjectPlan.ProjectTaskForm(title, null, assigneeId, startsOn, dueOn,
                        milestoneId, startsAfterTaskId, estimate, null, null)));
    }

    @PostMapping("/projects/{id}/time")
    String logTime(@PathVariable long id, @RequestParam(required = false) Long taskId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate workedOn,
            @RequestParam(required = false) String hours, @RequestParam(required = false) String note,
            @RequestParam(required = false) Boolean billable, RedirectAttributes redirect) {
        BigDecimal typed = decimal(hours, null);
        Integer minutes = typed == null || typed.abs().compareTo(BigDecimal.valueOf(100)) > 0 ? null
                : typed.multiply(BigDecimal.valueOf(60)).setScale(0, java.math.RoundingMode.HALF_UP).intValue();
        return Flash.act(redirect, "/projects/" + id, "time.logged", () -> time.log(id,
                new TimeEntries.TimeEntryForm(taskId, workedOn, minutes, note, Boolean.TRUE.equals(billable), null)));
    }

    /** Bills the time and opens the invoice form filled from the order, to check and issue. */
    @PostMapping("/projects/{id}/time/bill")
    String billTime(@PathVariable long id, @RequestParam(required = false) Long productId,
            RedirectAttributes redirect) {
        try {
            long order = time.bill(id, productId).id();
            redirect.addFlashAttribute("flash", "time.billed");
            return "redirect:/invoices/new?orderId=" + order;
        }
        catch (app.klient.platform.KlientException e) {
            Flash.error(e, redirect);
            return "redirect:/projects/" + id;
        }
    }

    @PostMapping("/projects/{id}/time/{entryId}/remove")
    String removeTime(@PathVariable long id, @PathVariable long entryId, RedirectAttributes redirect) {
        return Flash.act(redirect, "/projects/" + id, "time.removed", () -> time.remove(id, entryId));
    }

    /**
     * A form the page could not have sent (letters for a chosen company, a member, a date): the answer is the
     * translated "not valid, go back" page, not the form with a field in error.
     */
    private static BindingResult unreadable(BindingResult errors) {
        if (errors.getTarget() == null || errors.hasErrors()) {
            throw new app.klient.platform.KlientException(org.springframework.http.HttpStatus.BAD_REQUEST,
                    "error.invalidRequest");
        }
        return errors;
    }

    /** A number as a person types it (a comma or a point, spaces); {@code otherwise} when it is none. */
    static BigDecimal decimal(String typed, BigDecimal otherwise) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(typed.strip().replace("\u00a0", "").replace(" ", "").replace(',', '.'));
        }
        catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private String form(Model model, PageForm form, Long id) {
        model.addAttribute("form", form);
        model.addAttribute("projectId", id);
        model.addAttribute("users", users.activeUsers().stream().filter(u -> u.role().canWrite()).toList());
        model.addAttribute("teams", teams.list());
        model.addAttribute("customerName", customerName(form));
        model.addAttribute("templates", id == null ? templates.list() : List.of());
        return "projects/form";
    }

    /**
     * The project form as the page sends it: the budget as typed, so that letters come back beside their error
     * rather than vanish (a number that does not convert would leave the record unmade).
     */
    record PageForm(String name, String description, Long companyId, Long contactId, Long dealId, Long orderId,
            Long managerId, Long teamId, @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate startsOn,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dueOn, String budgetHours, String budgetAmount,
            String currency, List<Long> memberIds, Integer version) {

        static PageForm of(ProjectForm f) {
            return new PageForm(f.name(), f.description(), f.companyId(), f.contactId(), f.dealId(), f.orderId(),
                    f.managerId(), f.teamId(), f.startsOn(), f.dueOn(), plain(f.budgetHours()),
                    plain(f.budgetAmount()), f.currency(), f.memberIds(), f.version());
        }

        ProjectForm toForm(BindingResult errors) {
            return new ProjectForm(name, description, companyId, contactId, dealId, orderId, managerId, teamId,
                    startsOn, dueOn, number("budgetHours", budgetHours, errors),
                    number("budgetAmount", budgetAmount, errors), currency, memberIds, version);
        }

        private static BigDecimal number(String field, String typed, BindingResult errors) {
            if (typed == null || typed.isBlank()) {
                return null;
            }
            BigDecimal number = decimal(typed, null);
            if (number == null) {
                errors.rejectValue(field, "project.budget.invalid", "project.budget.invalid");
            }
            return number;
        }

        private static String plain(BigDecimal value) {
            return value == null ? null : value.stripTrailingZeros().toPlainString();
        }
    }

    private String customerName(PageForm form) {
        try {
            if (form.companyId() != null) {
                return projects.companyName(form.companyId());
            }
            if (form.contactId() != null) {
                return projects.contactName(form.contactId());
            }
        }
        catch (app.klient.platform.KlientException e) {
            // a customer the reader does not see: the form asks for one again
        }
        return null;
    }

    /**
     * The project's tasks as bars across its days (Gantt-like): each task from the day it starts (or its due day)
     * to its due day, placed in percent of the span from the project's start to its end; its milestones as marks on
     * their days above the bars.
     */
    record Timeline(LocalDate from, LocalDate to, List<Bar> bars, List<Mark> marks, Integer todayPercent) {

        /** The height of one lane of milestone labels above the bars, and of one bar's row. */
        static final int LANE = 18;
        static final int ROW = 26;

        record Bar(ProjectPlan.ProjectTask task, double left, double width) {
        }

        /** A milestone's mark; its label in lane {@code lane}, ending at the mark in the right part of the span. */
        record Mark(ProjectPlan.MilestoneView milestone, double left, int lane) {

            public int y() {
                return lane * LANE + 14;
            }

            public boolean rightSide() {
                return left > 60;
            }
        }

        public int top() {
            return marks.isEmpty() ? 0 : (marks.stream().mapToInt(Mark::lane).max().orElse(0) + 1) * LANE + 4;
        }

        public int height() {
            return top() + bars.size() * ROW + 6;
        }

        static Timeline of(ProjectView project, List<ProjectPlan.ProjectTask> tasks,
                List<ProjectPlan.MilestoneView> milestones) {
            LocalDate from = project.startsOn();
            LocalDate to = project.dueOn() != null ? project.dueOn() : from.plusDays(30);
            for (ProjectPlan.ProjectTask t : tasks) {
                LocalDate due = LocalDate.ofInstant(t.task().dueAt(), java.time.ZoneOffset.UTC);
                LocalDate start = t.startsOn() != null ? t.startsOn() : due;
                from = start.isBefore(from) ? start : from;
                to = due.isAfter(to) ? due : to;
            }
            for (ProjectPlan.MilestoneView m : milestones) {
                from = m.dueOn().isBefore(from) ? m.dueOn() : from;
                to = m.dueOn().isAfter(to) ? m.dueOn() : to;
            }
            double span = Math.max(1, ChronoUnit.DAYS.between(from, to) + 1);
            List<Bar> bars = new java.util.ArrayList<>();
            for (ProjectPlan.ProjectTask t : tasks) {
                LocalDate due = LocalDate.ofInstant(t.task().dueAt(), java.time.ZoneOffset.UTC);
                LocalDate start = t.startsOn() != null && !t.startsOn().isAfter(due) ? t.startsOn() : due;
                double left = ChronoUnit.DAYS.between(from, start) * 100.0 / span;
                double width = Math.max(1.5, (ChronoUnit.DAYS.between(start, due) + 1) * 100.0 / span);
                bars.add(new Bar(t, Math.round(left * 10) / 10.0, Math.round(Math.min(width, 100 - left) * 10) / 10.0));
            }
            List<Mark> marks = new java.util.ArrayList<>();
            double[] laneEnds = { -100, -100, -100 };
            for (ProjectPlan.MilestoneView m : milestones) {
                // the mark in the middle of its day; a label near the one before goes a lane lower (three at most)
                double left = Math.round((ChronoUnit.DAYS.between(from, m.dueOn()) + 0.5) * 1000.0 / span) / 10.0;
                int lane = 0;
                while (lane < laneEnds.length - 1 && left - laneEnds[lane] < 25) {
                    lane++;
                }
                laneEnds[lane] = left;
                marks.add(new Mark(m, left, lane));
            }
            LocalDate today = LocalDate.now();
            Integer todayPercent = today.isBefore(from) || today.isAfter(to) ? null
                    : (int) (ChronoUnit.DAYS.between(from, today) * 100 / (long) span);
            return new Timeline(from, to, bars, marks, todayPercent);
        }
    }
}
