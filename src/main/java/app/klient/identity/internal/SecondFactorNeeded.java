package app.klient.identity.internal;

import java.io.Serial;

import org.springframework.security.core.AuthenticationException;

/**
 * The password was right, but the user must still give a code ({@code setup} false) or set two-factor sign-in up
 * first because their role requires it ({@code setup} true). Nobody is signed in yet.
 */
public class SecondFactorNeeded extends AuthenticationException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final long userId;
    private final boolean setup;

    SecondFactorNeeded(long userId, boolean setup) {
        super(setup ? "second factor must be set up" : "second factor needed");
        this.userId = userId;
        this.setup = setup;
    }

    public long userId() {
        return userId;
    }

    public boolean setup() {
        return setup;
    }
}
