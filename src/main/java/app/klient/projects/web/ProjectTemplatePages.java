package app.klient.projects.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.Flash;
import app.klient.platform.web.FormErrors;
import app.klient.projects.ProjectTemplates;
import app.klient.projects.ProjectTemplates.ProjectTemplateForm;
import app.klient.projects.ProjectTemplates.ProjectTemplateView;
import app.klient.projects.ProjectTemplates.TemplateItem;
import app.klient.sales.Pipelines;
import jakarta.validation.constraints.Size;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Project templates on pages: the list everyone reads, and for managers and administrators the editor — milestones
 * and tasks as rows (working days from the start, the milestone a task belongs to, the task it starts after) and the
 * pipelines whose won deals start a project from the template. A saved template comes back to its editor, so rows
 * added in one go can be tied to each other in the next.
 */
@Controller
@RequestMapping("/projects/templates")
class ProjectTemplatePages {

    static final int NEW_ROWS = 3;
    private static final Pattern ITEM_FIELD = Pattern.compile("items\\[(\\d+)]\\.?(\\w*)");

    private final ProjectTemplates templates;
    private final Pipelines pipelines;

    ProjectTemplatePages(ProjectTemplates templates, Pipelines pipelines) {
        this.templates = templates;
        this.pipelines = pipelines;
    }

    /**
     * The editor's form: one row per item. A row's key names it within the page (existing items keep theirs, new
     * rows get one of their own), so the milestone and "starts after" choices survive a page that comes back with an
     * error. Rows without a title that are new, and rows ticked "remove", are not sent.
     */
    record PageForm(String name, String description, @Size(max = 250) List<Row> rows,
            @Size(max = 100) List<Long> pipelineIds, Integer version) {

        record Row(String key, String kind, String title, String offsetDays, String durationDays, String milestone,
                String after, String estimateHours, Boolean remove) {

            /** A row ticked "remove", or a new row left empty (one with days but no title is sent, to be refused). */
            boolean skipped() {
                return Boolean.TRUE.equals(remove) || blank(title) && blank(offsetDays) && blank(durationDays)
                        && blank(estimateHours) && blank(milestone) && blank(after);
            }

            private static boolean blank(String value) {
                return value == null || value.isBlank();
            }
        }

        List<Row> kept() {
            return rows == null ? List.of() : rows.stream().filter(Objects::nonNull).toList();
        }

        ProjectTemplateForm toForm() {
            List<TemplateItem> items = new ArrayList<>();
            for (Row row : kept()) {
                if (!row.skipped()) {
                    items.add(new TemplateItem(row.key(), row.kind(), row.title(), whole(row.offsetDays()),
                            whole(row.durationDays()), row.milestone(), row.after(), hours(row.estimateHours())));
                }
            }
            return new ProjectTemplateForm(name, description, items, pipelineIds, version);
        }

        /** The page row of the n-th item sent. */
        int rowOf(int item) {
            int n = -1;
            List<Row> rows = kept();
            for (int i = 0; i < rows.size(); i++) {
                if (!rows.get(i).skipped() && ++n == item) {
                    return i;
                }
            }
            return -1;
        }

        /** The rows another row may refer to (those with a title), of one kind. */
        public List<Row> choices(String kind) {
            return kept().stream().filter(r -> !r.skipped() && !Row.blank(r.title()) && kind.equals(r.kind()))
                    .toList();
        }

        /** The same form with blank rows to fill at the end, each with a key no other row has. */
        PageForm withBlankRows() {
            List<Row> all = new ArrayList<>(kept().stream().filter(r -> !(r.title() == null || r.title().isBlank()))
                    .toList());
            int n = all.size();
            for (int i = 0; i < NEW_ROWS; i++) {
                String key;
                do {
                    key = "n" + n++;
                }
                while (hasKey(all, key));
                all.add(new Row(key, "TASK", "", "", "", null, null, "", false));
            }
            return new PageForm(name, description, all, pipelineIds, version);
        }

        private static boolean hasKey(List<Row> rows, String key) {
            return rows.stream().anyMatch(r -> key.equals(r.key()));
        }

        static PageForm of(ProjectTemplateView template) {
            List<Row> rows = template.items().stream().map(i -> new Row(i.key(), i.kind(), i.title(),
                    String.valueOf(i.offsetDays()), i.kind().equals("TASK") ? String.valueOf(i.durationDays()) : "",
                    i.milestone(), i.after(), i.estimateHours() == null ? "" : i.estimateHours().toPlainString(),
                    false)).toList();
            return new PageForm(template.name(), template.description(), rows, template.pipelineIds(),
                    template.version()).withBlankRows();
        }

        static PageForm empty() {
            return new PageForm("", "", List.of(), List.of(), null).withBlankRows();
        }

        /** Whole working days; what is not a number is sent as -1, which the template's check refuses. */
        private static Integer whole(String value) {
            try {
                return value == null || value.isBlank() ? null : Integer.valueOf(value.strip());
            }
            catch (NumberFormatException e) {
                return -1;
            }
        }

        private static BigDecimal hours(String value) {
            try {
                return value == null || value.isBlank() ? null : new BigDecimal(value.strip().replace(',', '.'));
            }
            catch (NumberFormatException e) {
                return BigDecimal.ONE.negate();
            }
        }
    }

    @GetMapping
    String templateList(Model model) {
        model.addAttribute("templates", templates.list());
        model.addAttribute("pipelineNames", pipelineNames());
        model.addAttribute("keeps", ProjectTemplates.keeps());
        return "projects/templates";
    }

    @GetMapping("/new")
    String newTemplate(Model model) {
        ProjectTemplates.requireKeeper();
        return editor(model, PageForm.empty(), null);
    }

    @PostMapping
    String createTemplate(@ModelAttribute("form") PageForm form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        return save(null, form, errors, model, redirect);
    }

    @GetMapping("/{id:\\d+}")
    String editTemplate(@PathVariable long id, Model model) {
        ProjectTemplates.requireKeeper();
        return editor(model, PageForm.of(templates.get(id)), id);
    }

    @PostMapping("/{id:\\d+}")
    String changeTemplate(@PathVariable long id, @ModelAttribute("form") PageForm form, BindingResult errors,
            Model model, RedirectAttributes redirect) {
        return save(id, form, errors, model, redirect);
    }

    /** A new template ({@code id} null) or a change: back to its editor when saved, the editor with errors if not. */
    private String save(Long id, PageForm form, BindingResult errors, Model model, RedirectAttributes redirect) {
        ProjectTemplates.requireKeeper();
        if (id != null) {
            templates.get(id);
        }
        if (!errors.hasErrors()) {
            try {
                long saved = id == null ? templates.create(form.toForm()).id() : templates.update(id, form.toForm()).id();
                redirect.addFlashAttribute("flash", "project.template.saved");
                return "redirect:/projects/templates/" + saved;
            }
            catch (KlientException e) {
                refused(e, form, errors);
            }
        }
        return editor(model, form, id);
    }

    @PostMapping("/{id:\\d+}/delete")
    String deleteTemplate(@PathVariable long id, RedirectAttributes redirect) {
        return Flash.act(redirect, "/projects/templates", "project.template.deleted", () -> templates.delete(id));
    }

    private String editor(Model model, PageForm form, Long id) {
        // a form that comes back with an error keeps its rows where they were, so its errors stay on them
        model.addAttribute("form", form.kept().isEmpty() ? form.withBlankRows() : form);
        model.addAttribute("templateId", id);
        model.addAttribute("pipelines", pipelines.list());
        Map<Long, String> switched = templates.byPipeline();
        if (id != null) {
            // the note says which other template a pipeline starts projects from
            String own = templates.get(id).name();
            switched.values().removeIf(own::equals);
        }
        model.addAttribute("switched", switched);
        return "projects/template-form";
    }

    private Map<Long, String> pipelineNames() {
        Map<Long, String> names = new java.util.HashMap<>();
        pipelines.list().forEach(p -> names.put(p.id(), p.name()));
        return names;
    }

    /** A refused item's error goes on its row of the page (the template counts only the rows sent). */
    private static void refused(KlientException e, PageForm form, BindingResult errors) {
        if (e.status().value() == 403 || e.status().value() == 404) {
            throw e;
        }
        if (!(e instanceof InvalidFields invalid)) {
            FormErrors.apply(e, errors);
            return;
        }
        for (InvalidFields.FieldError error : invalid.errors()) {
            Matcher m = ITEM_FIELD.matcher(String.valueOf(error.field()));
            int row = m.matches() ? form.rowOf(Integer.parseInt(m.group(1))) : -1;
            if (row >= 0) {
                String field = List.of("kind", "offsetDays", "durationDays", "milestone", "after", "estimateHours")
                        .contains(m.group(2)) ? m.group(2) : "title";
                errors.rejectValue("rows[" + row + "]." + field, error.messageKey(), error.arguments(),
                        error.messageKey());
            }
            else if ("name".equals(error.field()) || "description".equals(error.field())) {
                errors.rejectValue(error.field(), error.messageKey(), error.arguments(), error.messageKey());
            }
            else {
                errors.reject(error.messageKey(), error.arguments(), error.messageKey());
            }
        }
    }
}
