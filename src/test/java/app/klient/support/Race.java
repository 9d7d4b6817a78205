package app.klient.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Two (or more) requests let go at the same moment, as two people pressing their buttons together. */
public final class Race {

    private Race() {
    }

    @SafeVarargs
    public static <T> List<T> run(Supplier<T>... contenders) {
        CyclicBarrier start = new CyclicBarrier(contenders.length);
        ExecutorService threads = Executors.newFixedThreadPool(contenders.length);
        try {
            List<Future<T>> results = new ArrayList<>();
            for (Supplier<T> contender : contenders) {
                results.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return contender.get();
                }));
            }
            List<T> outcomes = new ArrayList<>();
            for (Future<T> result : results) {
                outcomes.add(result.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        }
        catch (Exception e) {
            throw new IllegalStateException("A contender failed", e);
        }
        finally {
            threads.shutdownNow();
        }
    }
}
