package app.klient.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every string in English, Polish and Czech: the three bundles have the same keys, once each, and pages use no other. */
class TranslationTests {

    private static final Path RESOURCES = Path.of("src/main/resources");

    @Test
    void the_three_languages_have_the_same_keys_each_once() throws IOException {
        Set<String> english = keys("en");
        assertThat(english).hasSizeGreaterThan(1000);
        assertThat(keys("pl")).isEqualTo(english);
        assertThat(keys("cs")).isEqualTo(english);
    }

    @Test
    void every_key_a_page_names_exists() throws IOException {
        Set<String> english = keys("en");
        Pattern literal = Pattern.compile("#\\{([a-zA-Z][\\w.]*)[}(]");
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> pages = Files.walk(RESOURCES.resolve("templates"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".html")).toList()) {
                Matcher m = literal.matcher(Files.readString(page));
                while (m.find()) {
                    if (!english.contains(m.group(1))) {
                        missing.add(m.group(1) + " in " + page.getFileName());
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void a_count_takes_the_plural_of_the_readers_language() {
        org.springframework.context.MessageSource messages = new Messages().messageSource();
        java.util.function.BiFunction<String, Integer, String> points = (language, n) -> messages.getMessage(
                "loyalty.points.count", new Object[] { n }, java.util.Locale.forLanguageTag(language));
        assertThat(List.of(1, 2, 5).stream().map(n -> points.apply("en", n)))
                .containsExactly("1 point", "2 points", "5 points");
        assertThat(List.of(1, 3, 5, 22).stream().map(n -> points.apply("cs", n)))
                .containsExactly("1 bod", "3 body", "5 bodů", "22 bodů");
        assertThat(messages.getMessage("loyalty.rule.about.FIRST_PURCHASE", new Object[] { 22 },
                java.util.Locale.forLanguageTag("pl"))).startsWith("22 dodatkowe punkty ");
        assertThat(messages.getMessage("loyalty.rule.about.FIRST_PURCHASE", new Object[] { 1 },
                java.util.Locale.ENGLISH)).isEqualTo("1 extra point for a customer's first purchase");
        assertThat(messages.getMessage("loyalty.expiry.mail.body", new Object[] { 5, "1 May", 1, "Club", "Firma" },
                java.util.Locale.ENGLISH)).contains("5 points of your account in Club expire on 1 May. Your balance "
                        + "is 1 point;");
        assertThat(messages.getMessage("loyalty.points.notEnough", new Object[] { 1234 }, java.util.Locale.ENGLISH))
                .as("a message without a plural is formatted as before").isEqualTo("Not enough points: the balance "
                        + "is 1,234.");
    }

    @Test
    void every_message_with_arguments_is_a_valid_pattern() throws IOException {
        Pattern plural = Pattern.compile("\\{\\s*\\d+\\s*,\\s*plural\\s*,");
        // a message without an argument is shown as written, braces and all
        Pattern argument = Pattern.compile("\\{\\s*\\d+\\s*[,}]");
        List<String> broken = new ArrayList<>();
        for (String language : List.of("en", "pl", "cs")) {
            java.util.Properties bundle = new java.util.Properties();
            try (var in = Files.newBufferedReader(RESOURCES.resolve("messages_" + language + ".properties"),
                    StandardCharsets.UTF_8)) {
                bundle.load(in);
            }
            for (String key : bundle.stringPropertyNames()) {
                String text = bundle.getProperty(key);
                try {
                    if (plural.matcher(text).find()) {
                        new com.ibm.icu.text.MessageFormat(text, java.util.Locale.forLanguageTag(language));
                    }
                    else if (argument.matcher(text).find()) {
                        new java.text.MessageFormat(text);
                    }
                }
                catch (IllegalArgumentException e) {
                    broken.add(language + " " + key + ": " + e.getMessage());
                }
                if (!argument.matcher(text).find() && text.contains("''")) {
                    broken.add(language + " " + key + ": shown as written, so its '' would show doubled");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    /** The keys of one bundle; a key written twice (the later one silently wins) fails the test. */
    private static Set<String> keys(String language) throws IOException {
        List<String> all = new ArrayList<>();
        for (String line : Files.readAllLines(RESOURCES.resolve("messages_" + language + ".properties"),
                StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#") && !line.startsWith(" ") && l.contains("=")) {
                all.add(l.substring(0, l.indexOf('=')).strip());
            }
        }
        Set<String> seen = new HashSet<>();
        List<String> twice = all.stream().filter(k -> !seen.add(k)).toList();
        assertThat(twice).as("keys written twice in messages_" + language).isEmpty();
        return new TreeSet<>(all);
    }
}
