package sell.event;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Prunes the event log in the background, at start and then every tenth of the retention (1 s to 1 h). */
public final class EventPruner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventPruner.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sell-event-pruner");
        t.setDaemon(true);
        return t;
    });

    public EventPruner(EventLog log, Duration retention) {
        long period = Math.max(1_000, Math.min(3_600_000, retention.toMillis() / 10));
        timer.scheduleWithFixedDelay(() -> {
            try {
                int pruned = log.prune(retention, System.currentTimeMillis());
                if (pruned > 0) LOG.info("pruned {} events older than {}", pruned, retention);
            } catch (RuntimeException e) {
                LOG.warn("pruning the event log failed; will try again: {}", e.toString());
            }
        }, 0, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
