package app.klient.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The stylesheet is merged from many branches line by line; a brace lost in a merge would put every rule after it
 * inside a media query (which happened once: pages looked right only on a phone).
 */
class StylesheetTests {

    @Test
    void every_block_of_the_stylesheet_is_closed_where_it_opens() throws IOException {
        String css = Files.readString(Path.of("src/main/resources/static/css/klient.css"))
                .replaceAll("(?s)/\\*.*?\\*/", "");
        int depth = 0;
        int line = 1;
        for (char c : css.toCharArray()) {
            if (c == '\n') {
                line++;
            }
            else if (c == '{') {
                depth++;
                assertThat(depth).as("a block opened inside a block inside a block near line " + line)
                        .isLessThanOrEqualTo(2);
            }
            else if (c == '}') {
                depth--;
                assertThat(depth).as("a brace closed twice near line " + line).isGreaterThanOrEqualTo(0);
            }
        }
        assertThat(depth).as("blocks left open at the end").isZero();
    }
}
