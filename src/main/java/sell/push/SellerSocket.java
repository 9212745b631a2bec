package sell.push;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * flight at a time, so a slow socket holds no queue in memory; it only falls behind in the log.
 */
final class SellerSocket {
    private static final Logger LOG = LoggerFactory.getLogger(SellerSocket.class);
    private static final int BATCH = 256;

    final Session session;
    final String shopId;
    private final EventLog log;
    private final Executor executor;
    private final Queue<String> control = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Event> batch = new ArrayDeque<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean wanted;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile long lastSeq;

    SellerSocket(Session session, String shopId, EventLog log, Executor executor) {
        this.session = session;
        this.shopId = shopId;
        this.log = log;
        this.executor = executor;
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
        if (!started || closed) return;
        wanted = true;
        if (running.compareAndSet(false, true)) executor.execute(this::pump);
    }

    long lastSeq() {
        return lastSeq;
    }

    void closed() {
        closed = true;
    }

    private void pump() {
        try {
            while (!closed) {
                wanted = false;
                String text = control.poll();
                long seq = -1;
                if (text == null) {
                    if (batch.isEmpty()) batch.addAll(log.readAfter(shopId, lastSeq, BATCH));
                    Event event = batch.poll();
                    if (event != null) {
                        text = event.json();
                        seq = event.seq();
                    }
                }
                if (text == null) {
                    running.set(false);
                    if (wanted && !closed && running.compareAndSet(false, true)) continue;
                    return;
                }
                long sentSeq = seq;
                session.sendText(text, Callback.from(() -> sent(sentSeq), this::failed));
                return;
            }
            running.set(false);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void sent(long seq) {
        if (seq > 0) lastSeq = seq;
        executor.execute(this::pump);
    }

    private void failed(Throwable error) {
        running.set(false);
        if (closed) return;
        closed = true;
        LOG.debug("closing seller socket of shop {} after a failed send: {}", shopId, error.toString());
        session.close(1011, "send failed", Callback.NOOP);
    }
}
