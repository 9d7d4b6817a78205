package app.klient.identity;

import jakarta.validation.constraints.NotNull;

/** A new reading and changing scope for one role and kind, made from {@code version}. */
public record AccessRuleUpdate(@NotNull Scope read, @NotNull Scope change, Integer version) {
}
