package app.klient.projects.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.identity.Role;
import app.klient.identity.StartSection;
import app.klient.projects.ProjectView;
import app.klient.projects.Projects;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/**
 * On the start page: for managers, the projects that are late or over budget; for everyone else who works on
 * projects, their open projects.
 */
@Component
class ProjectsOnStart implements StartSection {

    private final Projects projects;

    ProjectsOnStart(Projects projects) {
        this.projects = projects;
    }

    @Override
    public Optional<Part> forUser(Viewer viewer) {
        boolean manager = viewer.role() == Role.ADMIN || viewer.role() == Role.MANAGER;
        List<ProjectView> shown;
        if (manager) {
            List<ProjectView> late = projects.list(new Projects.Query(null, null, true, null, null, null, null, null,
                    true, null), PageRequest.of(0, 10)).items();
            List<ProjectView> over = projects.list(new Projects.Query(null, null, true, null, null, null, null, null,
                    null, true), PageRequest.of(0, 10)).items();
            java.util.LinkedHashMap<Long, ProjectView> both = new java.util.LinkedHashMap<>();
            late.forEach(p -> both.put(p.id(), p));
            over.forEach(p -> both.putIfAbsent(p.id(), p));
            shown = List.copyOf(both.values());
        }
        else {
            shown = projects.list(new Projects.Query(null, null, true, null, null, null, null, true, null, null),
                    PageRequest.of(0, 10)).items();
        }
        if (shown.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Part(22, "projects/fragments", manager ? "troubled" : "mine",
                Map.of("projects", shown), false));
    }
}
