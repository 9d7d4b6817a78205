package app.klient.platform;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * Klient's messages in English, Polish and Czech ({@code messages_*.properties}), read as Spring Boot reads them, and
 * one thing more: a count takes the plural its language needs. English has two forms; Polish and Czech have more
 * ("1 punkt, 2 punkty, 5 punktów, 22 punkty"), which Java's {@code MessageFormat} cannot say (its choice format knows
 * ranges, not "ends in 2 to 4"). A message written as ICU writes plurals — {@code {0,plural,one{# punkt} few{#
 * punkty} many{# punktów} other{# punktu}}} — is formatted by ICU4J with the language's CLDR rules; every other
 * message as before.
 */
@Configuration(proxyBeanMethods = false)
class Messages {

    @Bean
    MessageSource messageSource() {
        PluralMessages messages = new PluralMessages();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }

    static final class PluralMessages extends ResourceBundleMessageSource {

        private static final Pattern PLURAL = Pattern.compile("\\{\\s*\\d+\\s*,\\s*(plural|selectordinal)\\s*,");

        /** ICU's formats are not safe to share while formatting: each is used under its own lock. */
        private final Map<String, com.ibm.icu.text.MessageFormat> plurals = new ConcurrentHashMap<>();

        @Override
        protected String getMessageInternal(String code, Object[] args, Locale locale) {
            if (code != null && args != null && args.length > 0) {
                Locale language = locale != null ? locale : Locale.getDefault();
                String pattern = resolveCodeWithoutArguments(code, language);
                if (pattern != null && PLURAL.matcher(pattern).find()) {
                    com.ibm.icu.text.MessageFormat format = plurals.computeIfAbsent(
                            language.toLanguageTag() + '\u0000' + pattern,
                            k -> new com.ibm.icu.text.MessageFormat(pattern, language));
                    Object[] resolved = resolveArguments(args, language);
                    synchronized (format) {
                        return format.format(resolved);
                    }
                }
            }
            return super.getMessageInternal(code, args, locale);
        }
    }
}
