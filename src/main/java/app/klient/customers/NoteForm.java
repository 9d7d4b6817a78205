package app.klient.customers;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A note on a customer's card; {@code @name} mentions a colleague (the part of their e-mail before @). */
public record NoteForm(@NotBlank @Size(max = 10_000) String body, Integer version) {
}
