package app.klient.browser;

import java.nio.file.Path;

import app.klient.support.WebTest;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A journey a person makes in Debian's Chromium through the running application: what every browser test shares
 * (the application, its users and database from {@link WebTest}, the browser, and where screenshots go).
 */
@ExtendWith(Chromium.class)
abstract class JourneyTest extends WebTest {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
}
