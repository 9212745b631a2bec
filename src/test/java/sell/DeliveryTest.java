package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeliveryTest {
    @Test
    void socketsResumingWhileOrdersPourInGetEveryEventOnceInOrder() throws Exception {
        int writers = 4;
        int ordersEach = 60;
        try (TestServer server = TestServer.start()) {
            String productId = server.createProduct("Water", "1", 10_000);
            long menuEvents = server.headSeq();
            Map<String, Long> seqOfOrder = new ConcurrentHashMap<>();
            AtomicInteger placed = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < ordersEach; i++) {
                        server.placeOrder("pour-" + writer, productId, 1);
                        placed.incrementAndGet();
                    }
                    return null;
                }));
            }
            // connect sockets at different moments, each resuming from wherever the log then stood
            List<Socket> sockets = new ArrayList<>();
            List<Long> sinces = new ArrayList<>();
            while (placed.get() < writers * ordersEach * 3 / 4) {
                long since = Math.max(0, server.headSeq() - 5);
                sockets.add(Socket.connect(server, "since=" + since));
                sinces.add(since);
                Thread.sleep(15);
            }
            for (Future<?> f : done) f.get();
            pool.shutdown();
            long head = server.headSeq();
            assertEquals(menuEvents + writers * ordersEach, head);
            for (int s = 0; s < sockets.size(); s++) {
                try (Socket socket = sockets.get(s)) {
                    assertEquals("hello", socket.next().get("type").asText());
                    long since = sinces.get(s);
                    List<JsonNode> events = socket.nextEvents((int) (head - since));
                    for (int i = 0; i < events.size(); i++) {
                        JsonNode event = events.get(i);
                        assertEquals(since + i + 1, event.get("seq").asLong(), "socket " + s + " event " + i);
                        if (!event.has("order")) continue; // the product's own event
                        Long earlier = seqOfOrder.putIfAbsent(event.get("order").get("orderId").asText(),
                                event.get("seq").asLong());
                        if (earlier != null) assertEquals(earlier, event.get("seq").asLong(), "one seq per order");
                    }
                    assertEquals(List.of(), socket.drain(100), "socket " + s + " got nothing twice");
                }
            }
            assertEquals(true, sockets.size() >= 3, "sockets connected while orders were placed: " + sockets.size());
        }
    }

    @Test
    void aResumeFromBeforeWhatIsKeptGetsResetNotASilentGap() throws Exception {
        Path dir = Files.createTempDirectory("sell-retention");
        Config config = TestServer.config(dir, 0).withEventRetention(Duration.ofMillis(300));
        try (TestServer server = TestServer.start(config)) {
            for (int i = 0; i < 3; i++) server.placeOrder("old-" + i, "lemon-tea", 1);
            long end = System.currentTimeMillis() + 10_000;
            while (server.sellerGet("/sell/api/seller/events?since=0").json().get("events").size() > 0
                    && System.currentTimeMillis() < end) {
                Thread.sleep(100);
            }
            assertEquals(0, server.sellerGet("/sell/api/seller/events?since=0").json().get("events").size());
            assertEquals(3, server.headSeq(), "pruning keeps the head");
            try (Socket socket = Socket.connect(server, "since=1")) {
                assertEquals("hello", socket.next().get("type").asText());
                JsonNode reset = socket.next();
                assertEquals("reset", reset.get("type").asText());
                assertEquals(3, reset.get("headSeq").asLong());
                String live = server.placeOrder("new-1", "lemon-tea", 1).get("orderId").asText();
                JsonNode next = socket.nextEvent();
                assertEquals(4, next.get("seq").asLong());
                assertEquals(live, next.get("order").get("orderId").asText());
            }
            try (Socket upToDate = Socket.connect(server, "since=4")) {
                assertEquals("hello", upToDate.next().get("type").asText());
                assertEquals(List.of(), upToDate.drain(300), "a client that has everything gets no reset");
            }
        }
    }
}
