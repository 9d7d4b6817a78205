package app.klient.identity.web;

import java.time.Duration;
import java.time.Instant;

import app.klient.identity.internal.ApiTokens;
import app.klient.identity.internal.IssuedToken;
import app.klient.identity.internal.SecondFactorNeeded;
import app.klient.identity.internal.SignIn;
import app.klient.identity.internal.TwoFactor;
import app.klient.identity.internal.SignedInUser;
import app.klient.platform.KlientException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Authentication")
class AuthApi {

    static final Duration SCRIPT_TOKEN_LIFETIME = Duration.ofHours(12);

    private final SignIn signIn;
    private final ApiTokens tokens;

    private final TwoFactor twoFactor;

    AuthApi(SignIn signIn, ApiTokens tokens, TwoFactor twoFactor) {
        this.signIn = signIn;
        this.twoFactor = twoFactor;
        this.tokens = tokens;
    }

    /** {@code code}: a code from the authenticator app (or a recovery code) when the user signs in with one. */
    record Credentials(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 128) String password,
            @Size(max = TwoFactor.MAX_INPUT) String code) {
    }

    record TokenResponse(String token, Instant expiresAt) {
    }

    @Operation(summary = "Exchange an e-mail and password (and a code from the authenticator app, for a user who "
            + "signs in with one) for a bearer token valid 12 hours (for scripts)")
    @SecurityRequirements // no token yet: this is where one comes from
    @ApiResponse(responseCode = "200", description = "The token and when it expires.", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "401", description = "The e-mail and password do not match an active user.")
    @ApiResponse(responseCode = "403", description = "The user's role requires two-factor sign-in, not set up yet.")
    @ApiResponse(responseCode = "429", description = "Too many failed sign-ins or codes: locked for a while.")
    @PostMapping("/token")
    TokenResponse token(@Valid @RequestBody Credentials credentials, HttpServletRequest request) {
        var attempt = UsernamePasswordAuthenticationToken.unauthenticated(credentials.email(),
                credentials.password());
        attempt.setDetails(new WebAuthenticationDetails(request));
        SignedInUser user;
        try {
            user = (SignedInUser) signIn.authenticate(attempt).getPrincipal();
        }
        catch (SecondFactorNeeded needed) {
            user = afterSecondFactor(needed, credentials.code());
        }
        catch (LockedException e) {
            throw new KlientException(HttpStatus.TOO_MANY_REQUESTS, "login.error.locked");
        }
        catch (DisabledException e) {
            throw new KlientException(HttpStatus.UNAUTHORIZED, "login.error.disabled");
        }
        catch (AuthenticationException e) {
            throw new KlientException(HttpStatus.UNAUTHORIZED, "login.error.bad");
        }
        IssuedToken issued = tokens.issue(user.id(), "Script sign-in " + Instant.now().toString().substring(0, 16),
                Instant.now().plus(SCRIPT_TOKEN_LIFETIME));
        return new TokenResponse(issued.secret(), issued.token().expiresAt());
    }

    /** A user with two-factor sign-in gets a token only with a good code; one who must set it up first, none. */
    private SignedInUser afterSecondFactor(SecondFactorNeeded needed, String code) {
        if (needed.setup()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "twofactor.api.setUpFirst");
        }
        if (code == null || code.isBlank()) {
            throw new KlientException(HttpStatus.UNAUTHORIZED, "twofactor.api.codeNeeded");
        }
        try {
            twoFactor.verify(needed.userId(), code);
        }
        catch (KlientException e) {
            throw new KlientException(e.status() == HttpStatus.TOO_MANY_REQUESTS ? e.status()
                    : HttpStatus.UNAUTHORIZED, e.messageKey(), e.arguments());
        }
        try {
            return (SignedInUser) signIn.afterSecondFactor(needed.userId(), "token with a code").getPrincipal();
        }
        catch (AuthenticationException e) {
            throw new KlientException(HttpStatus.UNAUTHORIZED, "login.error.disabled");
        }
    }
}
