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
