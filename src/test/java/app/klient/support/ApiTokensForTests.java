package app.klient.support;

import java.time.Duration;
import java.time.Instant;

import app.klient.identity.UserSummary;
import app.klient.identity.internal.ApiTokens;
import org.springframework.stereotype.Component;

/** Personal tokens for API tests, issued by the real service. */
@Component
public class ApiTokensForTests {

    private final ApiTokens tokens;

    ApiTokensForTests(ApiTokens tokens) {
        this.tokens = tokens;
    }

    public String issue(UserSummary user) {
        return tokens.issue(user.id(), "test", Instant.now().plus(Duration.ofDays(1))).secret();
    }
}
