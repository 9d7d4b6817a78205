package app.klient.platform.web;

import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The one way a page that posts and redirects says what went wrong: the flash message of the page redirected to. */
public final class Flash {

    private Flash() {
    }

    /**
     * A refusal as the flash message with its arguments ("more than the 615.00 PLN due"); a field refusal says its
     * first field's message. 403 and 404 are not flashed: they are thrown on, to the error page.
     */
    public static void error(KlientException e, RedirectAttributes redirect) {
        if (e.status().value() == 403 || e.status().value() == 404) {
            throw e;
        }
        String key = e.messageKey();
        Object[] arguments = e.arguments();
        if (e instanceof InvalidFields invalid && !invalid.errors().isEmpty()) {
            key = invalid.errors().get(0).messageKey();
            arguments = invalid.errors().get(0).arguments();
        }
        redirect.addFlashAttribute("flashError", key);
        if (arguments != null && arguments.length > 0) {
            redirect.addFlashAttribute("flashErrorArgs", arguments);
        }
    }

    /**
     * The one post-and-redirect of a page: does {@code action}, flashes {@code done} (or what went wrong, as
     * {@link #error} does) and redirects to {@code to}.
     */
    public static String act(RedirectAttributes redirect, String to, String done, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("flash", done);
        }
        catch (KlientException e) {
            error(e, redirect);
        }
        return "redirect:" + to;
    }
}
