package app.klient.support;

import static org.assertj.core.api.Assertions.assertThat;

import app.klient.identity.Role;
import tools.jackson.databind.JsonNode;

/** Record access rules set the way an administrator sets them: over the API, so the row policies follow. */
public final class AccessRules {

    private AccessRules() {
    }

    /** The rule of {@code role} for {@code kind} ({@code deal}) as the API shows it. */
    public static JsonNode rule(Http admin, Role role, String kind) {
        for (JsonNode rule : admin.get("/api/v1/record-access").json()) {
            if (rule.get("role").asString().equals(role.name()) && rule.get("kind").asString().equals(kind)) {
                return rule;
            }
        }
        throw new AssertionError("no rule for " + role + " " + kind);
    }

    /** Sets what {@code role} reads and changes of {@code kind}: ALL, TEAM, OWN (or NONE for changes). */
    public static void set(Http admin, Role role, String kind, String read, String change) {
        JsonNode rule = rule(admin, role, kind);
        Http.Response saved = admin.putJson("/api/v1/record-access/" + rule.get("id").asLong(), "{\"read\": \""
                + read + "\", \"change\": \"" + change + "\", \"version\": " + rule.get("version").asInt() + "}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    }
}
