package app.klient.identity.web;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;

import app.klient.identity.TeamForm;
import app.klient.identity.TeamSummary;
import app.klient.identity.Teams;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/teams")
@Tag(name = "Teams")
class TeamApi {

    private final Teams teams;

    TeamApi(Teams teams) {
        this.teams = teams;
    }

    @Operation(summary = "List the teams.")
    @GetMapping
    List<TeamSummary> list() {
        return teams.list();
    }

    @Operation(summary = "Read one team.")
    @GetMapping("/{id}")
    TeamSummary get(@PathVariable long id) {
        return teams.get(id);
    }

    @Operation(summary = "Add a team (administrators).")
    @PostMapping
    ResponseEntity<TeamSummary> create(@Valid @RequestBody TeamForm form) {
        TeamSummary created = teams.create(form);
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/teams/" + created.id())
                .body(created);
    }

    @Operation(summary = "Rename a team (administrators).")
    @PutMapping("/{id}")
    TeamSummary rename(@PathVariable long id, @Valid @RequestBody TeamForm form) {
        return teams.rename(id, form);
    }
}
