package sell.db;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where asynchronous writers are answered (the rest of their request runs there too), so the
 * writer hands over a whole batch at once and goes back to writing.
 */
final class Answering {
    private Answering() {
    }

    static ExecutorService pool() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread thread = new Thread(r, "sell-answer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
