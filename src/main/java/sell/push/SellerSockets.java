package sell.push;

import java.time.Duration;
import java.util.ArrayList;
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
import org.eclipse.jetty.websocket.api.Session;
import sell.event.EventLog;
import sell.event.EventSource;
import sell.shop.Shop;

/** The open seller sockets, per shop; woken when a shop's log grows. */
public final class SellerSockets implements EventSource.Listener, AutoCloseable {
    private final EventLog log;
    private final long pingIntervalNanos;
    private final long pingTimeoutNanos;
    private final long maxLagBytes;
    private final PushMetrics metrics;

    private final Map<String, Set<SellerSocket>> byShop = new ConcurrentHashMap<>();
    private final Map<Session, SellerSocket> bySession = new ConcurrentHashMap<>();
    private final ExecutorService writers;
    private final int pushThreads;
    private final ScheduledExecutorService timer;
    private volatile boolean stopping;

    public SellerSockets(EventLog log, Duration pingInterval, Duration pingTimeout, long maxLagBytes, PushMetrics metrics) {
        this.log = log;
        this.metrics = metrics;
        this.pingIntervalNanos = pingInterval.toNanos();
        this.pingTimeoutNanos = pingTimeout.toNanos();
        this.maxLagBytes = maxLagBytes;
        AtomicInteger n = new AtomicInteger();
        this.pushThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.writers = Executors.newFixedThreadPool(pushThreads, r -> {
            Thread t = new Thread(r, "sell-push-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sell-ping");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(50, Math.min(1000, Math.min(pingInterval.toMillis(), pingTimeout.toMillis()) / 4));
        timer.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }
    /**
     * Registers a socket, then tells it where the log stands. Registering first means no commit
     * between the two can be missed: the writer reads the log, not the notifications.
     */
    void open(Session session, Shop shop, Long since, String epoch, String sessionHash, String tokenHash) {
        if (stopping) {
            session.close(SellerSocket.CLOSE_GOING_AWAY, "server is restarting", org.eclipse.jetty.websocket.api.Callback.NOOP);
            return;
        }
        SellerSocket socket = new SellerSocket(session, shop.shopId(), sessionHash, tokenHash, log, writers, maxLagBytes,
                metrics);
        bySession.put(session, socket);
        byShop.computeIfAbsent(shop.shopId(), s -> ConcurrentHashMap.newKeySet()).add(socket);
        long head = log.head(shop.shopId());
        // the heartbeat's interval, so that a page's silence watchdog follows SELL_PING_INTERVAL
        String hello = "{\"type\":\"hello\",\"headSeq\":" + head + ",\"epoch\":\"" + shop.epoch()
                + "\",\"heartbeatMs\":" + pingIntervalNanos / 1_000_000 + "}";
        if (since == null) {
            socket.start(head, hello);
        } else if ((epoch != null && !epoch.equals(shop.epoch())) || since > head
                || since < log.oldest(shop.shopId()) - 1) {
            socket.start(head, hello, reset(head));
        } else {
            socket.start(since, hello);
        }
    }

    void close(Session session) {
        SellerSocket socket = bySession.remove(session);
        if (socket == null) return;
        socket.closed();
        metrics.closed(socket.closedLabel());
        Set<SellerSocket> sockets = byShop.get(socket.shopId);
        if (sockets != null) sockets.remove(socket);
    }

    @Override
    public void logGrew(String shopId) {
        if (stopping) return;
        Set<SellerSocket> sockets = byShop.get(shopId);
        if (sockets == null || sockets.isEmpty()) return;
        // the committing request thread only hands this off, split over the push threads, each of
        // which runs the woken writers itself; it never waits for sockets
        List<SellerSocket> woken = new ArrayList<>(sockets);
        int parts = Math.max(1, Math.min(pushThreads, woken.size() / 32));
        try {
            for (int part = 0; part < parts; part++) {
                int from = woken.size() * part / parts;
                int to = woken.size() * (part + 1) / parts;
                writers.execute(() -> {
                    for (int i = from; i < to; i++) woken.get(i).wake(true);
                });
            }
        } catch (RejectedExecutionException e) {
            // stopping: the order is committed; sockets resume it with since after the restart
        }
    }

    public int count() {
        return bySession.size();
    }

    /** The shops with a socket open here. */
    public Set<String> shops() {
        Set<String> shops = new java.util.HashSet<>();
        byShop.forEach((shop, sockets) -> {
            if (!sockets.isEmpty()) shops.add(shop);
        });
        return shops;
    }

    /** True when a socket of the shop is open here. */
    public boolean watches(String shopId) {
        Set<SellerSocket> sockets = byShop.get(shopId);
        return sockets != null && !sockets.isEmpty();
    }

    /** The console sessions that have a socket open here. */
    public Set<String> sessions() {
        Set<String> sessions = new java.util.HashSet<>();
        for (SellerSocket socket : bySession.values()) if (socket.sessionHash != null) sessions.add(socket.sessionHash);
        return sessions;
    }

    /** Closes every socket with 1001 (going away) and refuses new ones; clients resume with since after a restart. */
    public void closeAll() {
        stopping = true;
        for (SellerSocket socket : bySession.values()) socket.close(SellerSocket.Why.RESTART);
    }

    /** Closes what is left and stops the writer threads, once no request can commit any more. */
    @Override
    public void close() {
        closeAll();
        timer.shutdownNow();
        writers.shutdown();
        try {
            writers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A console session was signed out: its sockets end too (they would otherwise outlive it). */
    public void closeSession(String sessionHash) {
        for (SellerSocket socket : bySession.values()) {
            if (sessionHash.equals(socket.sessionHash)) socket.close(SellerSocket.Why.SIGNED_OUT);
        }
    }

    /** Closes the sockets opened with another token than their shop's current one (currentHashes: shop → hash). */
    public void closeRotated(Map<String, String> currentHashes) {
        for (SellerSocket socket : bySession.values()) {
            if (!java.util.Objects.equals(currentHashes.get(socket.shopId), socket.tokenHash)) {
                socket.close(SellerSocket.Why.TOKEN_ROTATED);
            }
        }
    }

    void ponged(Session session) {
        SellerSocket socket = session == null ? null : bySession.get(session);
        if (socket != null) socket.ponged();
    }

    private void tick() {
        long now = System.nanoTime();
        for (SellerSocket socket : bySession.values()) {
            try {
                socket.tick(now, pingIntervalNanos, pingTimeoutNanos,
                        "{\"type\":\"heartbeat\",\"headSeq\":" + socket.lastSeq() + "}");
            } catch (RuntimeException e) {
                socket.close(SellerSocket.Why.PING_FAILED);
            }
        }
    }

    private static String reset(long head) {
        return "{\"type\":\"reset\",\"headSeq\":" + head + "}";
    }
}
