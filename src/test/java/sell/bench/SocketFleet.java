package sell.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many seller sockets on the JDK's non-blocking WebSocket client (a selector thread, not a thread
 * per socket). Each socket checks its seqs for gaps and duplicates and records, per order, the
 * time from just before its POST was sent to the moment the event arrived.
 */
final class SocketFleet implements AutoCloseable {
    private final HttpClient client = HttpClient.newHttpClient();
    final List<Member> members = new ArrayList<>();
    /** openid of each benchmark order → System.nanoTime() just before its POST was sent. */
    final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final long[] latencies;
    private final AtomicInteger latencyCount = new AtomicInteger();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong gaps = new AtomicLong();

    SocketFleet(int expectedDeliveries) {
        latencies = new long[Math.max(1, expectedDeliveries)];
    }

    final class Member implements WebSocket.Listener {
        final String shop;
        private final StringBuilder partial = new StringBuilder();
        volatile long lastSeq = -1;
        final AtomicInteger created = new AtomicInteger();
        volatile WebSocket webSocket;

        Member(String shop) {
            this.shop = shop;
        }

        @Override
        public void onOpen(WebSocket ws) {
            webSocket = ws;
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                handle(partial.toString(), now);
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        private void handle(String message, long now) {
            if (message.startsWith("{\"type\":\"hello\"")) {
                lastSeq = number(message, "\"headSeq\":");
                return;
            }
            if (!message.startsWith("{\"type\":\"order.")) return;
            long seq = number(message, "\"seq\":");
            if (seq <= lastSeq) duplicates.incrementAndGet();
            else if (seq != lastSeq + 1) gaps.incrementAndGet();
            lastSeq = Math.max(lastSeq, seq);
            if (!message.startsWith("{\"type\":\"order.created\"")) return;
            created.incrementAndGet();
            int at = message.indexOf("\"buyerOpenid\":\"") + 15;
            Long sent = sentAt.get(message.substring(at, message.indexOf('"', at)));
            if (sent != null) {
                int i = latencyCount.getAndIncrement();
                if (i < latencies.length) latencies[i] = now - sent;
            }
        }
    }

    private static long number(String message, String key) {
        int at = message.indexOf(key) + key.length();
        int end = at;
        while (end < message.length() && Character.isDigit(message.charAt(end))) end++;
        return Long.parseLong(message.substring(at, end));
    }

    /** Opens count sockets to one shop, at most 200 handshakes at a time. */
    void connect(ServiceUnderTest service, String shop, String token, int count) throws Exception {
        Semaphore inFlight = new Semaphore(200);
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Member member = new Member(shop);
            members.add(member);
            inFlight.acquire();
            CompletableFuture<WebSocket> open = client.newWebSocketBuilder()
                    .buildAsync(URI.create(service.wsUrl("/sell/webSocket?token=" + token)), member)
                    .whenComplete((ws, e) -> inFlight.release());
            opening.add(open);
        }
        for (CompletableFuture<WebSocket> open : opening) open.get(60, TimeUnit.SECONDS);
    }

    /** Sorted latencies recorded so far, in nanoseconds. */
    long[] latencies() {
        int n = Math.min(latencyCount.get(), latencies.length);
        long[] copy = java.util.Arrays.copyOf(latencies, n);
        java.util.Arrays.sort(copy);
        return copy;
    }

    @Override
    public void close() {
        for (Member member : members) {
            if (member.webSocket != null) member.webSocket.abort();
        }
    }
}
