package app.klient.sales.web;

import java.util.ArrayList;
import java.util.List;

import app.klient.platform.KlientException;
import app.klient.platform.web.FormErrors;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The administrator's pipelines: rename, reorder, re-weigh, add and retire stages. */
@Controller
@RequestMapping("/admin/pipelines")
class PipelinePages {

    static final int NEW_ROWS = 2;

    private final Pipelines pipelines;

    PipelinePages(Pipelines pipelines) {
        this.pipelines = pipelines;
    }

    /** The page's form: stage rows with an id are existing stages, rows without one are new; blank new rows are skipped. */
    record PageForm(String name, @Size(max = 30) List<Row> stages, Integer version) {

        record Row(Long id, String name, String probability, Boolean remove) {
        }

        PipelineForm toForm() {
            List<PipelineForm.StageForm> kept = new ArrayList<>();
            for (Row row : stages == null ? List.<Row>of() : stages) {
                boolean blankNew = row.id() == null && (row.name() == null || row.name().isBlank());
                if (blankNew || Boolean.TRUE.equals(row.remove())) {
                    continue;
                }
                kept.add(new PipelineForm.StageForm(row.id(), row.name() == null ? "" : row.name(),
                        parse(row.probability())));
            }
            return new PipelineForm(name == null ? "" : name, kept, version);
        }

        static PageForm of(PipelineView pipeline) {
            List<Row> rows = new ArrayList<>();
            for (StageView stage : pipeline.stages()) {
                rows.add(new Row(stage.id(), stage.name(), String.valueOf(stage.probability()), false));
            }
            for (int i = 0; i < NEW_ROWS; i++) {
                rows.add(new Row(null, "", "", false));
            }
            return new PageForm(pipeline.name(), rows, pipeline.version());
        }

        private static Integer parse(String value) {
            try {
                return value == null || value.isBlank() ? null : Integer.valueOf(value.strip());
            }
            catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("pipelines", pipelines.list());
        return "admin/pipelines";
    }

    @GetMapping("/{id:\\d+}")
    String edit(@PathVariable long id, Model model) {
        PipelineView pipeline = pipelines.get(id);
        model.addAttribute("pipeline", pipeline);
        model.addAttribute("form", PageForm.of(pipeline));
        return "admin/pipeline-edit";
    }

    @PostMapping("/{id:\\d+}")
    String change(@PathVariable long id, @ModelAttribute("form") PageForm form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        PipelineView pipeline = pipelines.get(id);
        model.addAttribute("pipeline", pipeline);
        PipelineForm wanted = form.toForm();
        String problem = check(wanted);
        if (problem != null) {
            errors.reject(problem, problem);
            return "admin/pipeline-edit";
        }
        try {
            pipelines.change(id, wanted);
        }
        catch (KlientException e) {
            FormErrors.apply(e, errors);
            return "admin/pipeline-edit";
        }
        redirect.addFlashAttribute("flash", "pipeline.saved");
        return "redirect:/admin/pipelines";
    }

    /** The rules of {@link PipelineForm}, said once for the whole form. */
    private static String check(PipelineForm form) {
        if (form.name().isBlank() || form.name().length() > 100) {
            return "pipeline.nameInvalid";
        }
        if (form.stages().isEmpty()) {
            return "pipeline.noStages";
        }
        for (PipelineForm.StageForm stage : form.stages()) {
            if (stage.name().isBlank() || stage.name().length() > 100 || stage.probability() == null
                    || stage.probability() < 0 || stage.probability() > 100) {
                return "pipeline.stageInvalid";
            }
        }
        return null;
    }
}
