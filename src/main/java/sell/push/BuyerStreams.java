package sell.push;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sell.core.Json;
import sell.event.Event;
import sell.event.EventLog;
import sell.event.EventSource;
import sell.order.Order;
import sell.order.OrderView;

/**
 * The buyers' live views of their orders (Server-Sent Events), read from the same event log as
 * the seller sockets: each stream follows its order's shop's log from a seq, sends the changes of
 * its order with their seqs as ids, and ends after the order is finished or cancelled. Woken like
 * the sockets when the shop's log grows; idle streams get a comment line every keepAlive.
 */
public final class BuyerStreams implements EventSource.Listener, AutoCloseable {
    /** How many streams one client address may hold open at once. */
    public static final int PER_ADDRESS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(BuyerStreams.class);
    private static final int READ_PAGE = 256;

    /** Where a stream's text goes (the HTTP response); end finishes the response. */
    public interface Sink {
        void write(String text) throws IOException;

        void end();
    }

    private final class Stream {
        final String shopId;
        final String orderId;
        final String address;
        final Sink sink;
        /** The shop's seq this stream has read up to (writers run one at a time per stream). */
        long cursor;
        volatile long lastWrite = System.nanoTime();
        volatile boolean ended;
        /** Set once the cursor is where the stream starts: a wake before that has nothing to send. */
        private boolean started;

        Stream(String shopId, String orderId, String address, Sink sink) {
            this.shopId = shopId;
            this.orderId = orderId;
            this.address = address;
            this.sink = sink;
        }

        /** Sends the order's changes after the cursor; ends the stream after its last one. */
        synchronized void deliver() {
            while (!ended && started) {
                List<Event> events = log.readAfter(shopId, cursor, READ_PAGE);
                if (events.isEmpty()) return;
                for (Event event : events) {
                    cursor = event.seq();
                    String order = EventLog.orderOf(event.json(), orderId);
                    if (order == null) continue;
                    send(event.seq(), order);
                    if (ended) return;
                }
            }
        }

        synchronized void send(long seq, String orderJson) {
            if (ended) return;
            write("event: order\nid: " + seq + "\ndata: " + orderJson + "\n\n");
            if (isFinal(orderJson)) end();
        }

        synchronized void write(String text) {
            if (ended) return;
            try {
                sink.write(text);
                lastWrite = System.nanoTime();
            } catch (IOException | RuntimeException gone) {
                // the buyer went away: the stream ends here, and it resumes with Last-Event-ID
                end();
            }
        }

        void end() {
            synchronized (this) {
                if (ended) return;
                ended = true;
            }
            Set<Stream> streams = byShop.get(shopId);
            if (streams != null) streams.remove(this);
            perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
            sink.end();
        }
    }

    private final EventLog log;
    private final long keepAliveNanos;
    private final Map<String, Set<Stream>> byShop = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final ExecutorService writers;
    private final ScheduledExecutorService timer;

    public BuyerStreams(EventLog log, Duration keepAlive) {
        this.log = log;
        this.keepAliveNanos = keepAlive.toNanos();
        AtomicInteger n = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "sell-buyer-stream-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sell-buyer-keepalive");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(50, keepAlive.toMillis() / 4);
        timer.scheduleAtFixedRate(this::keepAlive, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Takes one of the address's streams; false when it holds PER_ADDRESS already. */
    public boolean reserve(String address) {
        AtomicInteger count = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        if (count.incrementAndGet() <= PER_ADDRESS) return true;
        release(address);
        return false;
    }

    /** Gives back a reservation that did not become a stream. */
    public void release(String address) {
        perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    /**
     * Starts the stream of an order read before it (order) for a reserved address: after
     * lastEventId when the buyer names one the log still holds, else with the order as it is
     * now. Registered before it reads, so no change between the two is missed.
     *
     * @param current reads the order as it is now (after the shop's head was read)
     */
    public void open(Order order, Long lastEventId, String address, Sink sink, java.util.function.Supplier<Order> current) {
        Stream stream = new Stream(order.shopId(), order.orderId(), address, sink);
        byShop.computeIfAbsent(order.shopId(), s -> ConcurrentHashMap.newKeySet()).add(stream);
        run(() -> {
            try {
                long head = log.head(order.shopId());
                boolean resumable = lastEventId != null && lastEventId <= head && lastEventId >= log.oldest(order.shopId()) - 1;
                if (resumable) {
                    synchronized (stream) {
                        stream.cursor = lastEventId;
                        stream.started = true;
                    }
                    stream.deliver();
                    // the order ended before the buyer's last event: nothing will follow
                    if (isFinal(order.status())) stream.end();
                } else {
                    Order now = current.get();
                    synchronized (stream) {
                        stream.cursor = head;
                        stream.started = true;
                        stream.send(head, Json.write(OrderView.of(now)));
                    }
                    stream.deliver();
                }
            } catch (RuntimeException e) {
                LOG.debug("a buyer's stream of order {} failed to start: {}", order.orderId(), e.toString());
                stream.end();
            }
        }, stream);
    }

    @Override
    public void logGrew(String shopId) {
        Set<Stream> streams = byShop.get(shopId);
        if (streams == null) return;
        for (Stream stream : streams) run(stream::deliver, stream);
    }

    /** The shops with a stream open here. */
    public Set<String> shops() {
        Set<String> shops = new java.util.HashSet<>();
        byShop.forEach((shop, streams) -> {
            if (!streams.isEmpty()) shops.add(shop);
        });
        return shops;
    }

    public boolean watches(String shopId) {
        Set<Stream> streams = byShop.get(shopId);
        return streams != null && !streams.isEmpty();
    }

    public int count() {
        int count = 0;
        for (Set<Stream> streams : byShop.values()) count += streams.size();
        return count;
    }

    private void keepAlive() {
        long now = System.nanoTime();
        for (Set<Stream> streams : byShop.values()) {
            for (Stream stream : streams) {
                if (now - stream.lastWrite >= keepAliveNanos) run(() -> stream.write(": keep-alive\n\n"), stream);
            }
        }
    }

    private void run(Runnable work, Stream stream) {
        try {
            writers.execute(work);
        } catch (RejectedExecutionException stopping) {
            stream.end();
        }
    }

    private static boolean isFinal(String orderJsonOrStatus) {
        String status = orderJsonOrStatus;
        if (orderJsonOrStatus.startsWith("{")) {
            try {
                status = Json.mapper().readTree(orderJsonOrStatus).path("orderStatus").asText();
            } catch (IOException e) {
                throw new IllegalStateException("an event's order is not JSON", e);
            }
        }
        return status.equals(Order.FINISHED) || status.equals(Order.CANCELLED);
    }

    /** Ends every stream (the server is stopping; buyers resume with Last-Event-ID). */
    @Override
    public void close() {
        timer.shutdownNow();
        for (Set<Stream> streams : byShop.values()) {
            for (Stream stream : streams) stream.end();
        }
        writers.shutdown();
    }
}
