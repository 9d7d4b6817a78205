package app.klient.identity.web;

import app.klient.identity.NewUser;
import app.klient.identity.Role;
import app.klient.identity.UserSummary;
import app.klient.identity.UserUpdate;
import app.klient.identity.Users;
import app.klient.identity.internal.SignedInSessions;
import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Users over the API; administrators only (enforced by the API's security chain). */
@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users")
@Validated
class UserApi {

    private final Users users;
    private final SignedInSessions sessions;

    UserApi(Users users, SignedInSessions sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    record SignedOut(int endedSessions) {
    }

    @Operation(summary = "List users; q searches name and e-mail, sort is name|email|role|createdAt[,asc|desc]")
    @GetMapping
    PageResponse<UserSummary> list(@RequestParam(required = false) @Size(max = 200) String q,
            @RequestParam(required = false) Boolean active, @RequestParam(required = false) Role role,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort) {
        var pageable = Paging.of(page, size, sort, UserPages.SORTABLE, Sort.by("name").and(Sort.by("id")));
        return PageResponse.of(users.search(q, active, role, pageable));
    }

    @Operation(summary = "Read one user: name, e-mail, role, teams, language and whether they are active "
            + "(administrators).")
    @GetMapping("/{id}")
    UserSummary get(@PathVariable long id) {
        return users.get(id);
    }

    @Operation(summary = "Invite a new user: they get an e-mail to set their password (administrators).")
    @PostMapping
    ResponseEntity<UserSummary> create(@Valid @RequestBody NewUser user) {
        UserSummary created = users.create(user);
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Location", "/api/v1/users/" + created.id()).body(created);
    }

    @Operation(summary = "Change a user; send the version you read, a stale one answers 409")
    @PutMapping("/{id}")
    UserSummary update(@PathVariable long id, @Valid @RequestBody UserUpdate update) {
        return users.update(id, update);
    }

    @Operation(summary = "Deactivate: signs the user out, refuses their logins and tokens, keeps what they own")
    @PostMapping("/{id}/deactivate")
    UserSummary deactivate(@PathVariable long id) {
        return users.deactivate(id, SignedIn.get().id());
    }

    @Operation(summary = "Sign a user out of every browser they are signed in with; their API tokens stay "
            + "(administrators).", operationId = "signOutEverywhere")
    @PostMapping("/{id}/sign-out-everywhere")
    SignedOut signOutEverywhere(@PathVariable long id) {
        return new SignedOut(sessions.signOutEverywhere(id));
    }

    @Operation(summary = "Let a deactivated user sign in again (administrators).")
    @PostMapping("/{id}/activate")
    UserSummary activate(@PathVariable long id) {
        return users.activate(id);
    }
}
