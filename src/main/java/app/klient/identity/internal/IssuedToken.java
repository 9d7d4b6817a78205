package app.klient.identity.internal;

/** A token just created: the only moment its secret is known. */
public record IssuedToken(String secret, TokenSummary token) {
}
