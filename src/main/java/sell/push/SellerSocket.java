package sell.push;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sell.event.Event;
import sell.event.EventLog;

/**
 * One seller connection and its single writer. The writer sends control messages first, then
 * every event of the shop after the last one it sent, read from the log: replay after ?since=
 * and live delivery are the same loop, so nothing is skipped or sent twice. One frame is in
 * flight at a time, so a slow socket holds no queue in memory; it only falls behind in the log,
 * and is closed when it falls too far behind or stops answering pings.
 */
final class SellerSocket {
    static final int CLOSE_GOING_AWAY = 1001;
    static final int CLOSE_POLICY = 1008;
    static final int CLOSE_SERVER_ERROR = 1011;

    /** Why the server closes a socket: the close code, the reason the client reads, and the metric's label. */
    enum Why {
        RESTART(CLOSE_GOING_AWAY, "server is restarting", "restart"),
        NO_PONG(CLOSE_GOING_AWAY, "no pong", "no_pong"),
        LAG(CLOSE_POLICY, "too far behind; resume with since", "lag"),
        SIGNED_OUT(CLOSE_POLICY, "signed out", "signed_out"),
        TOKEN_ROTATED(CLOSE_POLICY, "the seller token was rotated", "token_rotated"),
        SEND_FAILED(CLOSE_SERVER_ERROR, "send failed", "send_failed"),
        PING_FAILED(CLOSE_SERVER_ERROR, "ping failed", "ping_failed");

        final int code;
        final String reason;
        final String label;

        Why(int code, String reason, String label) {
            this.code = code;
            this.reason = reason;
            this.label = label;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(SellerSocket.class);
    private static final int BATCH = 256;
    private static final ByteBuffer PING = ByteBuffer.allocate(0);

    final Session session;
    final String shopId;
    /** The console session that opened it, or null for a token. */
    final String sessionHash;
    /** The shop's token hash when it opened: once the shop's token is another, it closes. */
    final String tokenHash;
    private final EventLog log;
    private final Executor executor;
    private final long maxLagBytes;
    private final PushMetrics metrics;
    /** Events committed before this are replayed, not pushed: their delivery is not timed. */
    private final long openedNanos = System.nanoTime();
    /** Why the server closed it; null while open or when the client closed it. */
    private volatile Why closedBecause;
    private final Queue<String> control = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Event> batch = new ArrayDeque<>();
    private final AtomicBoolean running = new AtomicBoolean();
    /** SENDING while sendText runs; a callback that completes inside it leaves DONE_INLINE behind. */
    private final AtomicInteger sendState = new AtomicInteger(IDLE);
    private static final int IDLE = 0;
    private static final int SENDING = 1;
    private static final int DONE_INLINE = 2;
    private volatile boolean wanted;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile long lastSeq;
    private volatile long lastPingNanos = System.nanoTime();
    private volatile long awaitingPongSince;
    private volatile long closingSince;

    SellerSocket(Session session, String shopId, String sessionHash, String tokenHash, EventLog log, Executor executor,
                 long maxLagBytes, PushMetrics metrics) {
        this.session = session;
        this.tokenHash = tokenHash;
        this.metrics = metrics;
        this.shopId = shopId;
        this.sessionHash = sessionHash;
        this.log = log;
        this.executor = executor;
        this.maxLagBytes = maxLagBytes;
    }

    /** Begins delivery after seq; the given control messages go out first, in order. */
    void start(long afterSeq, String... first) {
        lastSeq = afterSeq;
        for (String message : first) control.add(message);
        started = true;
        wake();
    }

    void enqueue(String controlMessage) {
        control.add(controlMessage);
        wake();
    }

    /** Something may be waiting: make sure the writer runs (at most one runs at a time). */
    void wake() {
        wake(false);
    }

    /**
     * Like wake; inline runs the writer on the calling thread (already a push thread) instead of
     * queueing it, since a send never blocks.
     */
    void wake(boolean inline) {
        if (!started || closed) return;
        wanted = true;
        if (running.compareAndSet(false, true)) {
            if (inline) pump();
            else executor.execute(this::pump);
        } else if (log.bytesAfter(shopId, lastSeq) > maxLagBytes) {
            close(Why.LAG);
        }
    }

    /**
     * Called about once a second: pings when the interval has passed, and closes a socket whose
     * pong has not come within the timeout (a dead peer or a stuck reader).
     */
    void tick(long now, long pingIntervalNanos, long pingTimeoutNanos, String heartbeat) {
        if (closed) {
            // still registered a second after our close frame: the peer is not reading, so drop it
            if (closingSince != 0 && now - closingSince > 1_000_000_000L) {
                closingSince = 0;
                session.disconnect();
            }
            return;
        }
        long waiting = awaitingPongSince;
        if (waiting != 0) {
            if (now - waiting > pingTimeoutNanos) close(Why.NO_PONG);
            return;
        }
        if (now - lastPingNanos >= pingIntervalNanos) {
            lastPingNanos = now;
            awaitingPongSince = now;
            session.sendPing(PING.duplicate(), Callback.NOOP);
            enqueue(heartbeat);
        }
    }

    void ponged() {
        awaitingPongSince = 0;
    }

    long lastSeq() {
        return lastSeq;
    }

    /** The peer closed or the server is stopping: stop writing. */
    void closed() {
        closed = true;
    }

    /** Closes with why's code and reason; a peer that does not read is disconnected a second later. */
    void close(Why why) {
        if (closed) return;
        closed = true;
        closedBecause = why;
        closingSince = System.nanoTime();
        LOG.info("closing a seller socket of shop {}: {} {}", shopId, why.code, why.reason);
        session.close(why.code, why.reason, Callback.NOOP);
    }

    /** The metric's word for why it closed: the server's reason, or "client" when the peer closed first. */
    String closedLabel() {
        Why why = closedBecause;
        return why == null ? "client" : why.label;
    }

    private void pump() {
        try {
            while (!closed) {
                wanted = false;
                String text = control.poll();
                long seq = -1;
                long committed = 0;
                if (text == null) {
                    if (batch.isEmpty()) batch.addAll(log.readAfter(shopId, lastSeq, BATCH));
                    Event event = batch.poll();
                    if (event != null) {
                        text = event.json();
                        seq = event.seq();
                        committed = event.committedNanos();
                    }
                }
                if (text == null) {
                    running.set(false);
                    if (wanted && !closed && running.compareAndSet(false, true)) continue;
                    return;
                }
                long sentSeq = seq;
                long pushedSince = committed > openedNanos ? committed : 0;
                sendState.set(SENDING);
                session.sendText(text, Callback.from(() -> sent(sentSeq, pushedSince), this::failed));
                // most sends complete at once: then keep going here instead of hopping threads
                if (sendState.compareAndSet(SENDING, IDLE)) return;
            }
            running.set(false);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void sent(long seq, long committedNanos) {
        if (seq > 0) lastSeq = seq;
        if (committedNanos != 0) metrics.delivered(System.nanoTime() - committedNanos);
        if (sendState.compareAndSet(SENDING, DONE_INLINE)) return;
        executor.execute(this::pump);
    }

    private void failed(Throwable error) {
        running.set(false);
        if (closed) return;
        LOG.debug("a send to a seller socket of shop {} failed: {}", shopId, error.toString());
        close(Why.SEND_FAILED);
    }
}
