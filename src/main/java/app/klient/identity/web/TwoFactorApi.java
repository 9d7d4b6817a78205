package app.klient.identity.web;

import java.util.EnumSet;
import java.util.Set;

import app.klient.identity.Role;
import app.klient.identity.Users;
import app.klient.identity.internal.TwoFactor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Two-factor sign-in over the API: the caller's own state, the roles that must use it and the administrator's reset.
 * Turning it on needs an authenticator app in the person's hand, so it is done on the account page.
 */
@RestController
@Tag(name = "Two-factor sign-in")
class TwoFactorApi {

    private final TwoFactor twoFactor;
    private final Users users;

    TwoFactorApi(TwoFactor twoFactor, Users users) {
        this.twoFactor = twoFactor;
        this.users = users;
    }

    record TwoFactorPolicy(@NotNull @Size(max = 20) Set<Role> requiredRoles) {
    }

    record MyTwoFactor(boolean enabled, int recoveryCodesLeft, boolean required) {
    }

    @Operation(summary = "Read whether you sign in with a second factor and how many recovery codes are left.",
            operationId = "myTwoFactor")
    @GetMapping("/api/v1/me/two-factor")
    MyTwoFactor mine() {
        TwoFactor.Status status = twoFactor.status(SignedIn.get().id());
        return new MyTwoFactor(status.enabled(), status.recoveryCodesLeft(), status.required());
    }

    @Operation(summary = "Read the roles whose users must sign in with a second factor (administrators).",
            operationId = "twoFactorPolicy")
    @GetMapping("/api/v1/two-factor/policy")
    TwoFactorPolicy policy() {
        return new TwoFactorPolicy(twoFactor.requiredRoles());
    }

    @Operation(summary = "Set the roles whose users must sign in with a second factor (administrators).",
            operationId = "setTwoFactorPolicy")
    @PutMapping("/api/v1/two-factor/policy")
    TwoFactorPolicy setPolicy(@Valid @RequestBody TwoFactorPolicy policy) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        policy.requiredRoles().stream().filter(java.util.Objects::nonNull).forEach(roles::add);
        return new TwoFactorPolicy(twoFactor.requireFor(roles));
    }

    @Operation(summary = "Take a user's second factor away, e.g. after a lost phone (administrators).",
            operationId = "resetTwoFactor")
    @DeleteMapping("/api/v1/users/{id}/two-factor")
    ResponseEntity<Void> reset(@PathVariable long id) {
        users.get(id);
        twoFactor.reset(id);
        return ResponseEntity.noContent().build();
    }
}
