package app.klient.identity.web;

import java.time.Instant;
import java.util.List;

import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.identity.internal.ApiTokens;
import app.klient.identity.internal.IssuedToken;
import app.klient.identity.internal.SignedInSessions;
import app.klient.identity.internal.SignedInSessions.SignedInSession;
import app.klient.identity.internal.TokenSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own account and personal API tokens. */
@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "My account")
class MeApi {

    private final Users users;
    private final ApiTokens tokens;
    private final SignedInSessions sessions;

    MeApi(Users users, ApiTokens tokens, SignedInSessions sessions) {
        this.users = users;
        this.tokens = tokens;
        this.sessions = sessions;
    }

    record NewToken(@NotBlank @Size(max = 100) String name, @NotNull Instant expiresAt) {
    }

    record CreatedToken(String token, TokenSummary details) {
    }

    @Operation(summary = "Read who you are signed in as.")
    @GetMapping
    UserSummary me() {
        return users.get(SignedIn.get().id());
    }

    @Operation(summary = "List your API tokens (never their secrets).", operationId = "listTokens")
    @GetMapping("/tokens")
    List<TokenSummary> tokens() {
        return tokens.list(SignedIn.get().id());
    }

    @Operation(summary = "Create a personal token; the secret is in this answer only", operationId = "createToken")
    @PostMapping("/tokens")
    ResponseEntity<CreatedToken> create(@Valid @RequestBody NewToken request) {
        IssuedToken issued = tokens.issue(SignedIn.get().id(), request.name(), request.expiresAt());
        return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedToken(issued.secret(), issued.token()));
    }

    @Operation(summary = "Revoke one of your API tokens.", operationId = "revokeToken")
    @DeleteMapping("/tokens/{id}")
    ResponseEntity<Void> revoke(@PathVariable long id) {
        tokens.revoke(SignedIn.get().id(), id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "List the browsers you are signed in with: browser, system, address, when signed in and "
            + "last used.", operationId = "listSessions")
    @GetMapping("/sessions")
    List<SignedInSession> sessions() {
        return sessions.list(SignedIn.get().id(), null);
    }

    @Operation(summary = "End one of your sessions: that browser must sign in again.", operationId = "endSession")
    @DeleteMapping("/sessions/{id}")
    ResponseEntity<Void> endSession(@PathVariable String id) {
        sessions.end(SignedIn.get().id(), id);
        return ResponseEntity.noContent().build();
    }
}
