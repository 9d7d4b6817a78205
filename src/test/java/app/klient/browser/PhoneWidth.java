package app.klient.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;

/** A page fits a phone's width: nothing scrolls sideways; a failure names the elements that stick out. */
final class PhoneWidth {

    private PhoneWidth() {
    }

    static void fits(Page page, int width, String what) {
        int scrollWidth = ((Number) page.evaluate("document.documentElement.scrollWidth")).intValue();
        String wide = scrollWidth <= width ? "" : String.valueOf(page.evaluate("""
                (w) => Array.from(document.querySelectorAll('body *'))
                    .filter(e => e.getBoundingClientRect().right > w + 1)
                    .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= w + 1)
                    .slice(0, 12)
                    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                        + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                        + ' right=' + Math.round(e.getBoundingClientRect().right)
                        + ' text=' + (e.textContent || '').trim().slice(0, 40))
                    .join(' | ')""", width));
        assertThat(scrollWidth).as(what + " fits " + width + " px; sticking out: " + wide).isLessThanOrEqualTo(width);
    }
}
