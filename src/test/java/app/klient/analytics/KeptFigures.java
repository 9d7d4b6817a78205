package app.klient.analytics;

import java.time.Duration;

/**
 * For tests outside this package (the browser journeys): KPI figures kept while {@code work} runs. The suite keeps
 * none, because its tests change records and read the figures again at once.
 */
public final class KeptFigures {

    private KeptFigures() {
    }

    public static void whileRunning(Kpis kpis, Runnable work) {
        kpis.keepFor(Duration.ofMinutes(15));
        try {
            work.run();
        }
        finally {
            kpis.keepFor(Duration.ZERO);
        }
    }
}
