package sell.event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sell.db.Channel;

/**
 * The doorbell between instances that share a database; the event log stays the mailbox. A commit
 * here is delivered as LocalEvents delivers it, and the other instances are rung after it, off the
 * committing path: once per shop for everything committed while the previous ring was on its way
 * (never a NOTIFY inside the transaction that writes an order). Rung, an instance reads the shop's
 * new events from the log into memory and wakes its sockets. A ring that is late or lost costs
 * latency, never an event: whenever listening (re)starts, and every few seconds, the head of every
 * watched shop is read and whatever memory is missing is read from the log.
 */
public final class SharedEvents implements EventSource, CommitNotifier, AutoCloseable {
    static final String TOPIC = "events";
    /** A ring carries its events when they fit in this many bytes (a notification holds 8,000). */
    private static final int CARRIED_BYTES = 7_000;
    /** Rings are at least this far apart: what commits meanwhile goes with the next one. */
    private static final long RING_SPACING_NANOS = 1_000_000;
    private static final Logger LOG = LoggerFactory.getLogger(SharedEvents.class);

    private final LocalEvents local;
    private final EventLog log;
    private final Channel channel;
    private final Supplier<Set<String>> watched;
    private final Predicate<String> watches;
    private final boolean ring;
    /** What a ring says of one shop: its committed seqs from first to last, and their events while they fit. */
    private static final class Ring {
        long first = Long.MAX_VALUE;
        long last;
        List<Event> events = new ArrayList<>();
        int bytes;

        void add(Event event) {
            first = Math.min(first, event.seq());
            last = Math.max(last, event.seq());
            if (events == null) return;
            bytes += utf8Length(event.json()) + 24;
            if (bytes > CARRIED_BYTES) events = null;
            else events.add(event);
        }

        /** "shop first last", then a line "seq event" for each event when they fit. */
        String message(String shopId) {
            StringBuilder text = new StringBuilder(shopId).append(' ').append(first).append(' ').append(last);
            if (events != null) for (Event event : events) text.append('\n').append(event.seq()).append(' ').append(event.json());
            return text.toString();
        }
    }

    /** The length of text in UTF-8, at most a few bytes too long (a surrogate pair counts 6). */
    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return bytes;
    }

    /** Each shop's ring not yet sent; guarded by this. */
    private Map<String, Ring> unrung = new HashMap<>();
    private final Thread doorbell;
    /** Reads of the log for rings and checks, one at a time. */
    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sell-events-catch-up");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    /**
     * watched names the shops this instance has sockets of (watches asks about one); pollEvery is
     * how often their heads are checked when no ring came; ring false rings nobody (to measure
     * what ringing costs).
     */
    public SharedEvents(EventLog log, Channel channel, Supplier<Set<String>> watched, Predicate<String> watches,
                        long pollEveryMillis, boolean ring) {
        this.local = new LocalEvents(log);
        this.log = log;
        this.channel = channel;
        this.watched = watched;
        this.watches = watches;
        this.ring = ring;
        channel.subscribe(TOPIC, this::rung);
        channel.onResume(() -> readSoon(this::checkHeads));
        this.doorbell = new Thread(this::ringLoop, "sell-events-doorbell");
        doorbell.setDaemon(true);
        doorbell.start();
        reader.scheduleWithFixedDelay(this::checkHeads, pollEveryMillis, pollEveryMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void subscribe(Listener listener) {
        local.subscribe(listener);
    }

    @Override
    public void committed(List<Event> events) {
        if (events.isEmpty()) return;
        local.committed(events);
        if (!ring) return;
        synchronized (this) {
            for (Event event : events) unrung.computeIfAbsent(event.shopId(), shop -> new Ring()).add(event);
            notifyAll();
        }
    }

    /** Rings for whatever was committed meanwhile, one message per shop, one NOTIFY per round. */
    private void ringLoop() {
        long lastRing = 0;
        while (!closed) {
            long wait = RING_SPACING_NANOS - (System.nanoTime() - lastRing);
            if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
            Map<String, Ring> ring;
            synchronized (this) {
                while (unrung.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                ring = unrung;
                unrung = new HashMap<>();
            }
            lastRing = System.nanoTime();
            List<String> messages = new ArrayList<>(ring.size());
            ring.forEach((shop, shopRing) -> messages.add(shopRing.message(shop)));
            try {
                channel.send(TOPIC, messages);
            } catch (RuntimeException e) {
                // the others find these events at their next check of the heads
                LOG.debug("could not ring the other instances: {}", e.toString());
            }
        }
    }

    /**
     * Another instance committed events of a shop: "shop first last", and the events when they fit
     * (then they go into memory as they are, and nothing is read).
     */
    private void rung(String message) {
        int firstLineEnd = message.indexOf('\n');
        String[] parts = (firstLineEnd < 0 ? message : message.substring(0, firstLineEnd)).split(" ");
        if (parts.length != 3) return;
        String shopId = parts[0];
        // a shop without a socket here has nobody to wake: its events are read when one connects
        if (!watches.test(shopId)) return;
        String[] lines = message.split("\n");
        long first;
        long last;
        List<Event> carried = new ArrayList<>(lines.length - 1);
        try {
            first = Long.parseLong(parts[1]);
            last = Long.parseLong(parts[2]);
            for (int i = 1; i < lines.length; i++) {
                int space = lines[i].indexOf(' ');
                carried.add(new Event(shopId, Long.parseLong(lines[i].substring(0, space)), null, null,
                        lines[i].substring(space + 1)));
            }
        } catch (RuntimeException malformed) {
            return;
        }
        if (carried.stream().mapToLong(Event::seq).distinct().count() == last - first + 1) {
            log.remember(carried);
            local.wake(shopId);
        } else {
            readSoon(() -> catchUp(shopId, first, last));
        }
    }

    private void readSoon(Runnable read) {
        try {
            reader.execute(read);
        } catch (RejectedExecutionException stopping) {
            // closing: nothing more to deliver
        }
    }

    /** Reads what memory lacks of the shop's events first..last, then wakes the shop's sockets. */
    private void catchUp(String shopId, long first, long last) {
        try {
            log.fetch(shopId, first, last);
            local.wake(shopId);
        } catch (RuntimeException e) {
            // the database is unavailable: the next check of the heads tries again
            LOG.debug("could not read the events of shop {}: {}", shopId, e.toString());
        }
    }

    /** Reads the heads of the watched shops and catches up on any that moved without a ring reaching here. */
    private void checkHeads() {
        try {
            Set<String> shops = watched.get();
            for (Map.Entry<String, Long> head : log.heads(shops).entrySet()) {
                long newest = log.newest(head.getKey());
                if (head.getValue() > newest) catchUp(head.getKey(), newest + 1, head.getValue());
            }
        } catch (RuntimeException e) {
            LOG.debug("could not check the heads: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            notifyAll();
        }
        reader.shutdownNow();
    }
}
