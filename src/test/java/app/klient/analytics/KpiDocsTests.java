package app.klient.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.support.WebTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;

/**
 * One definition per KPI, written once: every KPI the application has is described in {@code docs/kpis.md} under a
 * heading naming its id, with the very definition the application shows (in English), and nothing else is.
 */
class KpiDocsTests extends WebTest {

    private static final Pattern HEADING = Pattern.compile("(?m)^## (.+) \\(([a-z0-9-]+)\\)$");

    @Autowired
    Kpis kpis;

    @Autowired
    MessageSource messages;

    @Test
    void every_kpi_is_in_the_documentation_with_the_definition_the_application_shows() throws IOException {
        String docs = Files.readString(Path.of("docs/kpis.md"));
        Set<String> documented = new TreeSet<>();
        Matcher m = HEADING.matcher(docs);
        while (m.find()) {
            documented.add(m.group(2));
            String name = messages.getMessage("kpi." + m.group(2) + ".name", null, "?", Locale.ENGLISH);
            assertThat(m.group(1)).as("the heading names the KPI as the application does").isEqualTo(name);
        }
        Set<String> known = new TreeSet<>(kpis.all().stream().map(Kpi::id).toList());
        assertThat(documented).isEqualTo(known);
        for (String id : known) {
            String definition = messages.getMessage("kpi." + id + ".definition", null, Locale.ENGLISH);
            // the document wraps its lines: compare the words
            assertThat(docs.replaceAll("\\s+", " ")).as("docs/kpis.md has the definition of " + id)
                    .contains(definition.replace("''", "'").replaceAll("\\s+", " "));
        }
    }
}
