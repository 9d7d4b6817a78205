package app.klient.billing.internal;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.platform.KlientException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Document numbers from a pattern such as {@code FV/{yyyy}/{MM}/{nnnn}}: the counter starts again each month when
 * the pattern has {@code {MM}}, else each year. So a pattern must name the year ({@code {yyyy}} or {@code {yy}}):
 * without it the counter's new year (or month) would print numbers already given, and the next invoice would be
 * refused. Such patterns are refused when saved rather than given a counter that never restarts, because a
 * counter switched to "never" would have to know where the numbers of earlier years ended; a year in every
 * number is also what Polish and Czech practice expects. The next number is taken by one atomic upsert on the counter row,
 * which stays locked until the caller's transaction ends: a rolled-back invoice gives its number back, a second
 * node waits instead of taking the same number. No gaps, no twins.
 */
@Component
public class Numbering {

    private static final Pattern COUNTER = Pattern.compile("\\{(n+)}");

    private final JdbcClient jdbc;

    Numbering(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether a pattern can number documents: exactly one counter, only known placeholders, a sane length. */
    public static boolean valid(String pattern) {
        if (pattern == null || pattern.isBlank() || pattern.length() > 60) {
            return false;
        }
        Matcher counters = COUNTER.matcher(pattern);
        int count = 0;
        while (counters.find()) {
            count++;
        }
        String rest = COUNTER.matcher(pattern).replaceAll("").replace("{yyyy}", "").replace("{yy}", "")
                .replace("{MM}", "");
        return count == 1 && !rest.contains("{") && !rest.contains("}") && rest.matches("[\\p{L}\\p{N}/._ -]*");
    }

    /** Whether a (valid) pattern's numbers stay unique when its counter restarts: it names the year. */
    public static boolean namesItsPeriod(String pattern) {
        return pattern != null && (pattern.contains("{yyyy}") || pattern.contains("{yy}"));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public String next(String series, String pattern, LocalDate date) {
        String period = pattern.contains("{MM}") ? "%d-%02d".formatted(date.getYear(), date.getMonthValue())
                : String.valueOf(date.getYear());
        int number = jdbc.sql("""
                insert into document_counters (series, period, last_number) values (:series, :period, 1)
                on conflict (series, period) do update set last_number = document_counters.last_number + 1
                returning last_number""").param("series", series).param("period", period).query(Integer.class)
                .single();
        Matcher counter = COUNTER.matcher(pattern);
        counter.find();
        String digits = String.format("%0" + counter.group(1).length() + "d", number);
        String text = pattern.replace(counter.group(), digits).replace("{yyyy}", String.valueOf(date.getYear()))
                .replace("{yy}", "%02d".formatted(date.getYear() % 100))
                .replace("{MM}", "%02d".formatted(date.getMonthValue()));
        // a pattern saved before patterns had to name the year: say so instead of failing on the unique number
        if (jdbc.sql("select exists (select 1 from invoices where number = :n) or exists "
                + "(select 1 from orders where number = :n)").param("n", text).query(Boolean.class).single()) {
            throw KlientException.conflict("numbering.repeats", text);
        }
        return text;
    }
}
