package app.klient.identity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Shares record {@code recordId} of {@code kind} with a person or a team, to read or also to change. */
public record ShareForm(@NotBlank @Size(max = 20) String kind, @NotNull Long recordId, Long userId, Long teamId,
        Boolean canChange) {
}
