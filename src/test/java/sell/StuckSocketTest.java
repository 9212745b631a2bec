package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StuckSocketTest {
    @Test
    void aSocketThatNeverReadsIsClosedWithoutHoldingUpOthersOrOrders() throws Exception {
        Path dir = Files.createTempDirectory("sell-stuck");
        long queueBytes = 64 * 1024;
        Config config = TestServer.config(dir, 0).withPush(Duration.ofSeconds(25), Duration.ofSeconds(20), queueBytes);
        int orders = 2000;
        try (TestServer server = TestServer.start(config)) {
            String productId = server.createProduct("Soup of the day", "7.5", 100_000);
            List<Socket> healthy = new ArrayList<>();
            for (int i = 0; i < 3; i++) healthy.add(Socket.connect(server, ""));
            try (RawSocket stuck = new RawSocket(server.app().port(), "/sell/webSocket?token=" + TestServer.TOKEN, 4096)) {
                assertEquals("HTTP/1.1 101 Switching Protocols", stuck.handshakeStatusLine);
                // the server counts a socket once its open handler has run, just after the 101 is sent
                long opened = System.currentTimeMillis() + 5_000;
                while (server.get("/sell/health").json().get("sockets").asInt() != 4 && System.currentTimeMillis() < opened) {
                    Thread.sleep(10);
                }
                assertEquals(4, server.get("/sell/health").json().get("sockets").asInt());
                Runtime runtime = Runtime.getRuntime();
                System.gc();
                long heapBefore = runtime.totalMemory() - runtime.freeMemory();

                java.util.Map<String, Long> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
                ExecutorService buyers = Executors.newFixedThreadPool(8);
                List<Future<?>> done = new ArrayList<>();
                for (int b = 0; b < 8; b++) {
                    int buyer = b;
                    done.add(buyers.submit(() -> {
                        for (int i = 0; i < orders / 8; i++) {
                            long sent = System.nanoTime();
                            sentAt.put(server.placeOrder("stuck-" + buyer, productId, 1).get("orderId").asText(), sent);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) f.get();
                buyers.shutdown();

                for (Socket socket : healthy) {
                    assertEquals("hello", socket.next().get("type").asText());
                    List<JsonNode> events = socket.nextEvents(orders);
                    // after the product's own event, seq 1
                    for (int i = 0; i < orders; i++) assertEquals(i + 2, events.get(i).get("seq").asLong());
                    assertEquals(false, socket.closed.isDone(), "a healthy socket stays open");
                }
                long end = System.currentTimeMillis() + 5_000;
                while (server.get("/sell/health").json().get("sockets").asInt() != 3 && System.currentTimeMillis() < end) {
                    Thread.sleep(50);
                }
                assertEquals(3, server.get("/sell/health").json().get("sockets").asInt(), "the stuck socket was closed");
                assertTrue(stuck.serverClosed(3_000), "its connection is gone");
                System.gc();
                long heapAfter = runtime.totalMemory() - runtime.freeMemory();
                List<Long> latencies = new ArrayList<>();
                for (Socket socket : healthy) {
                    sentAt.forEach((id, sent) -> latencies.add(socket.createdArrivals.get(id) - sent));
                }
                latencies.sort(null);
                assertEquals(orders * healthy.size(), latencies.size());
                System.out.printf("stuck socket: heap before %d KiB, after %d orders %d KiB; healthy sockets' latency "
                                + "from POST to event: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        heapBefore / 1024, orders, heapAfter / 1024, latencies.get(latencies.size() / 2) / 1e6,
                        latencies.get(latencies.size() * 99 / 100) / 1e6, latencies.get(latencies.size() - 1) / 1e6);
            } finally {
                healthy.forEach(Socket::close);
            }
            assertEquals(1 + orders, server.headSeq());
        }
    }
}
