package app.klient.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.support.KlientTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Totals on PostgreSQL: counted exactly up to the limit, estimated by the planner past it. */
@KlientTest
class CountedPageTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Formats formats;

    private final List<Integer> fullPage = Collections.nCopies(25, 1);

    @Test
    void a_total_up_to_the_limit_is_counted_exactly() {
        CountedPage<Integer> page = CountedPage.of(fullPage, PageRequest.of(0, 25), jdbc,
                "from generate_series(1, 5000) g where g <= :last", Map.of("last", CountedPage.COUNT_LIMIT));

        assertThat(page.exact()).isTrue();
        assertThat(page.total()).isEqualTo(CountedPage.COUNT_LIMIT);
        assertThat(page.totalPages()).isEqualTo(40);
        assertThat(shown(page, "en")).isEqualTo("1,000");
    }

    @Test
    void past_the_limit_the_total_is_the_planners_estimate_and_never_below_what_was_counted() {
        // the planner knows how many rows generate_series makes: its estimate is the true 250,000 here
        CountedPage<Integer> large = CountedPage.of(fullPage, PageRequest.of(3, 25), jdbc,
                "from generate_series(1, :n) g", Map.of("n", 250_000));
        assertThat(large.exact()).isFalse();
        assertThat(large.total()).isEqualTo(250_000);
        assertThat(large.hasNext()).as("pages go on while they are full").isTrue();
        assertThat(shown(large, "en")).isEqualTo("about 250,000");
        assertThat(shown(large, "cs")).isEqualTo("přibližně 250\u00a0000");
        assertThat(shown(large, "pl")).startsWith("około 250");

        // 7,142 rows match, the planner guesses 250 (a filter it cannot see into): the counted floor stands
        CountedPage<Integer> underestimated = CountedPage.of(fullPage, PageRequest.of(0, 25), jdbc,
                "from generate_series(1, 50000) g where g % 7 = :rest", Map.of("rest", 0));
        assertThat(underestimated.exact()).isFalse();
        assertThat(underestimated.total()).isEqualTo(CountedPage.COUNT_LIMIT + 1);
    }

    /** The total as a list page or the customer card shows it, in a language. */
    private String shown(CountedPage<?> page, String language) {
        LocaleContextHolder.setLocale(Locale.forLanguageTag(language));
        try {
            return formats.total(page);
        }
        finally {
            LocaleContextHolder.resetLocaleContext();
        }
    }
}
