package app.klient.platform;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Items handed to a pool one each and waited for, as the senders of webhooks and pushes do with a batch they took:
 * the caller goes on once every item is done. An item that failed is passed to {@code failed} (its lease runs out
 * and it is taken again); an interrupt stops the waiting and is kept.
 */
public final class Fanout {

    private Fanout() {
    }

    public static <T> void each(ExecutorService pool, List<T> items, Consumer<T> work, Consumer<Throwable> failed) {
        List<Future<?>> running = items.stream().<Future<?>>map(item -> pool.submit(() -> work.accept(item))).toList();
        for (Future<?> one : running) {
            try {
                one.get();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            catch (ExecutionException e) {
                failed.accept(e.getCause());
            }
        }
    }
}
