package app.klient.analytics.forecast;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiSql;
import app.klient.analytics.Kpis;
import app.klient.analytics.Measure;
import app.klient.platform.InvalidFields;
import app.klient.platform.Period;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The company's revenue by month for the next months, from its history: the {@code revenue} KPI (net invoiced, in
 * the company currency) of each complete month since the first invoice, at most {@link #HISTORY_MONTHS} back,
 * forecast by {@link HoltWinters} from this month on (this month is not over, so it is forecast too). Beside it the
 * model's error on the last 12 past months: for each, the model fitted on the months before it forecast it one month
 * ahead, and the mean absolute percentage error (MAPE) of those forecasts says how far off such a forecast was.
 */
@Service
public class RevenueForecast {

    public static final int MIN_MONTHS = 3;
    public static final int MAX_MONTHS = 12;
    static final int HISTORY_MONTHS = 60;
    static final int CHECKED_MONTHS = 12;

    /** A past month's revenue, and what the model fitted on the months before it forecast for it (or null). */
    public record Past(String month, BigDecimal revenue, BigDecimal forecast) {
    }

    /** A month ahead: the forecast and its 80 % and 95 % prediction intervals (null from one month of history). */
    public record Ahead(String month, BigDecimal forecast, BigDecimal low80, BigDecimal high80, BigDecimal low95,
            BigDecimal high95) {
    }

    /**
     * The forecast: the method the history allowed ({@code MEAN}, {@code HOLT}, {@code HOLT_WINTERS}) and its
     * smoothing factors with the trend's damping {@code phi} (1: undamped), the history, the months ahead, and the
     * MAPE over {@code mapeMonths} past months (null when none could be checked).
     */
    public record Forecast(String currency, String method, BigDecimal alpha, BigDecimal beta, BigDecimal gamma,
            BigDecimal phi, List<Past> history, List<Ahead> ahead, BigDecimal mape, int mapeMonths) {
    }

    private final Kpis kpis;
    private final KpiSql sql;

    RevenueForecast(Kpis kpis, KpiSql sql) {
        this.kpis = kpis;
        this.sql = sql;
    }

    public static int months(Integer months) {
        int chosen = months == null ? 6 : months;
        if (chosen < MIN_MONTHS || chosen > MAX_MONTHS) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("months", "forecast.months.invalid",
                    MIN_MONTHS, MAX_MONTHS)));
        }
        return chosen;
    }

    @Transactional(readOnly = true)
    public Forecast forecast(int months, ZoneId zone) {
        YearMonth now = YearMonth.now(zone);
        List<YearMonth> past = new ArrayList<>();
        List<Period> periods = new ArrayList<>();
        for (YearMonth m = now.minusMonths(HISTORY_MONTHS); m.isBefore(now); m = m.plusMonths(1)) {
            past.add(m);
            periods.add(new Period(m.atDay(1), m.atEndOfMonth()));
        }
        List<Measure> measured = kpis.get("revenue").measure(KpiFilters.NONE.readable(), periods, zone);
        int first = 0;
        while (first < measured.size() && zero(measured.get(first))) {
            first++;
        }
        double[] history = new double[measured.size() - first];
        for (int i = first; i < measured.size(); i++) {
            history[i - first] = value(measured.get(i));
        }
        List<Past> shown = new ArrayList<>();
        List<Ahead> ahead = new ArrayList<>();
        if (history.length == 0) {
            return new Forecast(sql.companyCurrency(), null, null, null, null, null, shown, ahead, null, 0);
        }
        double[] checked = HoltWinters.oneStepAhead(history, CHECKED_MONTHS);
        int checkedFrom = history.length - checked.length;
        for (int i = 0; i < history.length; i++) {
            Double forecast = i >= checkedFrom && !Double.isNaN(checked[i - checkedFrom]) ? checked[i - checkedFrom]
                    : null;
            shown.add(new Past(past.get(first + i).toString(), money(history[i]),
                    forecast == null ? null : money(forecast)));
        }
        HoltWinters.Fit fit = HoltWinters.fit(history);
        List<HoltWinters.Step> steps = fit.forecast(months);
        for (int h = 0; h < months; h++) {
            HoltWinters.Step s = steps.get(h);
            ahead.add(new Ahead(now.plusMonths(h).toString(), money(s.value()), money(s.low80()), money(s.high80()),
                    money(s.low95()), money(s.high95())));
        }
        double[] actual = Arrays.copyOfRange(history, checkedFrom, history.length);
        double mape = HoltWinters.mape(actual, checked);
        int counted = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] != 0 && !Double.isNaN(checked[i])) {
                counted++;
            }
        }
        boolean smoothed = fit.method() != HoltWinters.Method.MEAN;
        return new Forecast(sql.companyCurrency(), fit.method().name(), smoothed ? factor(fit.alpha()) : null,
                smoothed ? factor(fit.beta()) : null,
                fit.method() == HoltWinters.Method.HOLT_WINTERS ? factor(fit.gamma()) : null,
                smoothed ? factor(fit.phi()) : null, shown, ahead,
                Double.isNaN(mape) ? null : BigDecimal.valueOf(mape).setScale(1, RoundingMode.HALF_UP), counted);
    }

    private static boolean zero(Measure m) {
        return m.value() == null || m.value().signum() == 0;
    }

    private static double value(Measure m) {
        return m.value() == null ? 0 : m.value().doubleValue();
    }

    private static BigDecimal money(double value) {
        return Double.isNaN(value) ? null : BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    }

    private static BigDecimal factor(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    }
}
