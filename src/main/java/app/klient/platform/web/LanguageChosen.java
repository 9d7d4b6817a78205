package app.klient.platform.web;

import java.util.Locale;

/** A signed-in person switched the language; identity remembers it as their preference. */
public record LanguageChosen(long userId, Locale locale) {
}
