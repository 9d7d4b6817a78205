package app.klient.projects.web;

import java.util.List;

import app.klient.projects.ProjectForm;
import app.klient.projects.ProjectTemplates;
import app.klient.projects.ProjectView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Projects")
@RequestMapping("/api/v1/project-templates")
class ProjectTemplateApi {

    private final ProjectTemplates templates;

    ProjectTemplateApi(ProjectTemplates templates) {
        this.templates = templates;
    }

    @Operation(summary = "Project templates with their milestones and tasks.")
    @GetMapping
    List<ProjectTemplates.ProjectTemplateView> listProjectTemplates() {
        return templates.list();
    }

    @Operation(summary = "Keep a template (managers, administrators): items [{key, kind: MILESTONE|TASK, title, "
            + "offsetDays, durationDays (working days), milestone (a key), after (a task's key), estimateHours}], "
            + "pipelineIds whose won deals start a project from it.")
    @PostMapping
    ResponseEntity<ProjectTemplates.ProjectTemplateView> createProjectTemplate(
            @RequestBody ProjectTemplates.ProjectTemplateForm form) {
        return ResponseEntity.status(HttpStatus.CREATED).body(templates.create(form));
    }

    @Operation(summary = "Read one template.")
    @GetMapping("/{id}")
    ProjectTemplates.ProjectTemplateView getProjectTemplate(@PathVariable long id) {
        return templates.get(id);
    }

    @Operation(summary = "Change a template (its items are replaced); send the version you read.")
    @PutMapping("/{id}")
    ProjectTemplates.ProjectTemplateView updateProjectTemplate(@PathVariable long id,
            @RequestBody ProjectTemplates.ProjectTemplateForm form) {
        return templates.update(id, form);
    }

    @Operation(summary = "Delete a template; the projects started from it stay.")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> deleteProjectTemplate(@PathVariable long id) {
        templates.delete(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Start a project from the template: the project as POST /api/v1/projects takes it, its "
            + "milestones and tasks placed in working days from its start.")
    @PostMapping("/{id}/projects")
    ResponseEntity<ProjectView> startProjectFromTemplate(@PathVariable long id, @RequestBody ProjectForm form) {
        return ResponseEntity.status(HttpStatus.CREATED).body(templates.start(id, form));
    }
}
