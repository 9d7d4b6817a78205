package app.klient.sales.web;

import java.util.ArrayList;
import java.util.List;

import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.web.FormErrors;
import app.klient.sales.Deals;
import app.klient.sales.PipelineForm;
import app.klient.sales.PipelineView;
import app.klient.sales.Pipelines;
import app.klient.sales.StageView;
import jakarta.validation.constraints.Size;
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
 * The administrator's pipelines: create and delete them; name stages in English, Polish and Czech, move them up and
 * down (buttons that work without JavaScript: the form comes back in the new order, saved with Save), re-weigh, add
 * and retire them.
 */
@Controller
@RequestMapping("/admin/pipelines")
class PipelinePages {

    static final int NEW_ROWS = 2;

    private final Pipelines pipelines;
    private final Deals deals;

    PipelinePages(Pipelines pipelines, Deals deals) {
        this.pipelines = pipelines;
        this.deals = deals;
    }

    /** The page's form: stage rows with an id are existing stages, rows without one are new; blank new rows are skipped. */
    record PageForm(String name, @Size(max = 30) List<Row> stages, Integer version) {

        record Row(Long id, String name, String namePl, String nameCs, String probability, Boolean remove) {

            boolean skipped() {
                boolean blankNew = id == null && blank(name) && blank(namePl) && blank(nameCs);
                return blankNew || Boolean.TRUE.equals(remove);
            }
        }

        List<Row> rows() {
            return stages == null ? List.of() : stages.stream().filter(java.util.Objects::nonNull).toList();
        }

        PipelineForm toForm() {
            List<PipelineForm.StageForm> kept = new ArrayList<>();
            for (Row row : rows()) {
                if (!row.skipped()) {
                    String name = row.name() == null ? "" : row.name();
                    kept.add(new PipelineForm.StageForm(row.id(), name, name, orEmpty(row.namePl()),
                            orEmpty(row.nameCs()), parse(row.probability())));
                }
            }
            return new PipelineForm(name == null ? "" : name, kept, version);
        }

        /** The page row of the n-th stage the form sends (blank and removed rows are not sent). */
        int rowOf(int stage) {
            int n = -1;
            List<Row> rows = rows();
            for (int i = 0; i < rows.size(); i++) {
                if (!rows.get(i).skipped() && ++n == stage) {
                    return i;
                }
            }
            return -1;
        }

        /** The same form with row {@code index} one place up or down. */
        PageForm moved(int index, boolean up) {
            List<Row> rows = new ArrayList<>(rows());
            int other = up ? index - 1 : index + 1;
            if (index >= 0 && index < rows.size() && other >= 0 && other < rows.size()) {
                Row row = rows.get(index);
                rows.set(index, rows.get(other));
                rows.set(other, row);
            }
            return new PageForm(name, rows, version);
        }

        static PageForm of(PipelineView pipeline) {
            List<Row> rows = new ArrayList<>();
            for (StageView stage : pipeline.stages()) {
                rows.add(new Row(stage.id(), stage.nameEn(), stage.namePl(), stage.nameCs(),
                        String.valueOf(stage.probability()), false));
            }
            addBlankRows(rows);
            return new PageForm(pipeline.name(), rows, pipeline.version());
        }

        static PageForm empty() {
            List<Row> rows = new ArrayList<>();
            rows.add(new Row(null, "", "", "", "10", false));
            addBlankRows(rows);
            return new PageForm("", rows, null);
        }

        private static void addBlankRows(List<Row> rows) {
            for (int i = 0; i < NEW_ROWS; i++) {
                rows.add(new Row(null, "", "", "", "", false));
            }
        }

        private static Integer parse(String value) {
            try {
                return value == null || value.isBlank() ? null : Integer.valueOf(value.strip());
            }
            catch (NumberFormatException e) {
                return -1;
            }
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }

        private static String orEmpty(String s) {
            return s == null ? "" : s;
        }
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("pipelines", pipelines.list());
        return "admin/pipelines";
    }

    @GetMapping("/new")
    String create(Model model) {
        model.addAttribute("form", PageForm.empty());
        return "admin/pipeline-edit";
    }

    @PostMapping
    String create(@ModelAttribute("form") PageForm form, BindingResult errors,
            @RequestParam(required = false) String move, Model model, RedirectAttributes redirect) {
        if (move != null) {
            model.addAttribute("form", moved(form, move));
            return "admin/pipeline-edit";
        }
        PipelineForm wanted = form.toForm();
        if (refused(form, wanted, errors)) {
            return "admin/pipeline-edit";
        }
        try {
            pipelines.create(wanted);
        }
        catch (KlientException e) {
            apply(e, form, errors);
            return "admin/pipeline-edit";
        }
        redirect.addFlashAttribute("flash", "pipeline.created");
        return "redirect:/admin/pipelines";
    }

    @GetMapping("/{id:\\d+}")
    String edit(@PathVariable long id, Model model) {
        PipelineView pipeline = pipelines.get(id);
        model.addAttribute("pipeline", pipeline);
        model.addAttribute("form", PageForm.of(pipeline));
        return "admin/pipeline-edit";
    }

    @PostMapping("/{id:\\d+}")
    String change(@PathVariable long id, @ModelAttribute("form") PageForm form, BindingResult errors,
            @RequestParam(required = false) String move, Model model, RedirectAttributes redirect) {
        PipelineView pipeline = pipelines.get(id);
        model.addAttribute("pipeline", pipeline);
        if (move != null) {
            model.addAttribute("form", moved(form, move));
            return "admin/pipeline-edit";
        }
        PipelineForm wanted = form.toForm();
        if (refused(form, wanted, errors)) {
            return "admin/pipeline-edit";
        }
        try {
            pipelines.change(id, wanted);
        }
        catch (KlientException e) {
            apply(e, form, errors);
            return "admin/pipeline-edit";
        }
        redirect.addFlashAttribute("flash", "pipeline.saved");
        return "redirect:/admin/pipelines";
    }

    /**
     * Deleting a pipeline that still holds open deals: choose the pipeline they move to, then (the page comes back
     * with the stages of the one chosen) where each stage's deals go, proposed by nearest probability.
     */
    @GetMapping("/{id:\\d+}/delete")
    String deletePage(@PathVariable long id, @RequestParam(required = false) Long moveTo, Model model) {
        PipelineView pipeline = pipelines.get(id);
        model.addAttribute("pipeline", pipeline);
        model.addAttribute("targets", pipelines.list().stream().filter(p -> p.id() != id).toList());
        if (moveTo != null) {
            try {
                java.util.Map<Long, Long> map = pipelines.stageMap(id, moveTo, null);
                model.addAttribute("target", pipelines.get(moveTo));
                model.addAttribute("stageMap", map);
            }
            catch (KlientException e) {
                model.addAttribute("moveToError", e instanceof InvalidFields invalid
                        ? invalid.errors().get(0).messageKey() : e.messageKey());
            }
        }
        return "admin/pipeline-delete";
    }

    @PostMapping("/{id:\\d+}/delete")
    String delete(@PathVariable long id, @RequestParam(required = false) Integer version,
            @RequestParam(required = false) Long moveTo, @RequestParam(required = false) @Size(max = 100) List<String> stages,
            RedirectAttributes redirect) {
        try {
            if (moveTo == null) {
                pipelines.delete(id, version);
                redirect.addFlashAttribute("flash", "pipeline.deleted");
            }
            else {
                int moved = deals.deletePipelineMovingDeals(id, version, moveTo, StagePairs.parse(stages));
                redirect.addFlashAttribute("flash", "pipeline.deletedMoving");
                redirect.addFlashAttribute("flashArgs", new Object[] { moved, pipelines.get(moveTo).name() });
            }
        }
        catch (KlientException e) {
            if (e.status().value() == 404 && moveTo == null) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", e instanceof InvalidFields invalid
                    ? invalid.errors().get(0).messageKey() : e.messageKey());
            redirect.addFlashAttribute("flashErrorArgs", e instanceof InvalidFields ? null : e.arguments());
            if ("pipeline.hasDeals".equals(e.messageKey()) || moveTo != null) {
                // the refusal comes with the way out: the page that moves the deals and deletes
                return "redirect:/admin/pipelines/" + id + "/delete";
            }
        }
        return "redirect:/admin/pipelines";
    }

    /** {@code 3:up} or {@code 3:down}: row 3 one place up or down; anything else leaves the order. */
    private static PageForm moved(PageForm form, String move) {
        String[] parts = move.split(":");
        if (parts.length == 2 && parts[0].matches("\\d{1,2}") && (parts[1].equals("up") || parts[1].equals("down"))) {
            return form.moved(Integer.parseInt(parts[0]), parts[1].equals("up"));
        }
        return form;
    }

    private static boolean refused(PageForm page, PipelineForm form, BindingResult errors) {
        String problem = check(form);
        if (problem != null) {
            errors.reject(problem, problem);
            return true;
        }
        return false;
    }

    /** A stage's field error goes on its row of the page (the service counts only the rows sent). */
    private static void apply(KlientException e, PageForm page, BindingResult errors) {
        if (e instanceof InvalidFields invalid) {
            for (InvalidFields.FieldError error : invalid.errors()) {
                var m = java.util.regex.Pattern.compile("stages\\[(\\d+)]\\.(\\w+)").matcher(String.valueOf(error.field()));
                if (m.matches() && page.rowOf(Integer.parseInt(m.group(1))) >= 0) {
                    errors.rejectValue("stages[" + page.rowOf(Integer.parseInt(m.group(1))) + "].name",
                            error.messageKey(), error.arguments(), error.messageKey());
                }
                else if ("name".equals(error.field())) {
                    errors.rejectValue("name", error.messageKey(), error.arguments(), error.messageKey());
                }
                else {
                    errors.reject(error.messageKey(), error.arguments(), error.messageKey());
                }
            }
            return;
        }
        FormErrors.apply(e, errors);
    }

    /** The rules of {@link PipelineForm}, said once for the whole form. */
    private static String check(PipelineForm form) {
        if (form.name().isBlank() || form.name().length() > 100) {
            return "pipeline.nameInvalid";
        }
        if (form.stages().isEmpty()) {
            return "pipeline.noStages";
        }
        if (form.stages().size() > 20) {
            return "pipeline.tooManyStages";
        }
        for (PipelineForm.StageForm stage : form.stages()) {
            if (stage.name().isBlank() || stage.name().length() > 100 || stage.namePl().length() > 100
                    || stage.nameCs().length() > 100 || stage.probability() == null
                    || stage.probability() < 0 || stage.probability() > 100) {
                return "pipeline.stageInvalid";
            }
        }
        return null;
    }

}
