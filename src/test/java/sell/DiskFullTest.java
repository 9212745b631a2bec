package sell;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up under the database, for real: a small tmpfs holds the SQLite file and its
 * log. Writes are refused with 503 while nothing fits, reads go on, and the service comes back by
 * itself once there is room again, with every order it acknowledged and none it refused.
 */
class DiskFullTest {
    @TempDir
    Path dir;
    private Path disk;
    private TestServer server;

    @BeforeEach
    void mount() throws Exception {
        Mounts.assumeRoot("the disk-full test");
        disk = Mounts.tmpfs(dir.resolve("disk"), 8192);
    }

    @AfterEach
    void unmount() throws Exception {
        if (server != null) server.close();
        if (disk != null) Mounts.unmount(disk);
    }

    @Test
    void aFullDiskRefusesWritesWith503KeepsReadsAndServiceReturnsByItselfWhenThereIsRoom() throws Exception {
        server = TestServer.start(new Config(0, disk.resolve("sell.db").toString(), disk, TestServer.TOKEN, 0)
                .withMetrics("127.0.0.1", 0));
        String productId = server.createProduct("Rice", "1", 1_000_000);
        // openid → quantity of every order answered 201, and the openids of those refused
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        Map<String, String> ids = new ConcurrentHashMap<>();
        Map<String, Integer> refused = new ConcurrentHashMap<>();
        for (int n = 0; n < 20; n++) place(productId, "before-" + n, 1 + n % 3, acknowledged, ids, refused);
        assertEquals(20, acknowledged.size());

        // the disk is left with room for some more orders, taken by buyers ordering from several
        // threads until the disk refuses: batches run into the wall half-way
        long filled = Mounts.fill(disk.resolve("filler"));
        try (var filler = java.nio.channels.FileChannel.open(disk.resolve("filler"), java.nio.file.StandardOpenOption.WRITE)) {
            filler.truncate(filled - 1024 * 1024);
        }
        AtomicBoolean full = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService buyers = Executors.newFixedThreadPool(4);
        for (int b = 0; b < 4; b++) {
            int buyer = b;
            buyers.submit(() -> {
                for (int n = 0; !full.get() && sent.incrementAndGet() < 100_000; n++) {
                    if (place(productId, "full-" + buyer + "-" + n, 1 + n % 3, acknowledged, ids, refused) == 503) full.set(true);
                }
                return null;
            });
        }
        buyers.shutdown();
        assertTrue(buyers.awaitTermination(120, TimeUnit.SECONDS));
        assertTrue(full.get(), "orders were refused once the disk was full");

        // then no room at all: what the log had taken beyond its last commit still holds a small
        // write or two, and once that is used up every write is refused
        long more = Mounts.fill(disk.resolve("filler-2"));
        AtomicInteger attempt = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).until(() -> place(productId, "while-full-" + attempt.incrementAndGet(), 1,
                acknowledged, ids, refused) == 503 && server.get("/sell/health").status() == 503);
        TestServer.Reply refusal = server.post("/sell/api/orders", TestServer.orderJson("while-full", productId, 1));
        assertEquals(503, refusal.status(), refusal.body());
        assertEquals("unavailable", refusal.errorCode());
        assertEquals("1", refusal.headers().get("Retry-After"));
        refused.put("while-full", 1);
        TestServer.Reply health = server.get("/sell/health");
        assertEquals(503, health.status(), health.body());
        assertEquals("DOWN", health.json().get("status").asText());
        // a change that needs no new page may still fit where an order does not: kept whole, or refused
        TestServer.Reply menuChange = server.sellerPut("/sell/api/seller/products/" + productId, "{\"productName\":\"Rice bowl\"}");
        assertTrue(menuChange.status() == 200 || menuChange.status() == 503 && menuChange.errorCode().equals("unavailable"),
                menuChange.toString());
        assertEquals(503, server.get("/sell/health").status(), "health stays down while orders are refused");
        // every 503 is counted for the alert: each refused order, and health's own answers (at least two above)
        double unavailable = MetricsTest.samples(server.call(new okhttp3.Request.Builder()
                .url("http://127.0.0.1:" + server.app().metricsPort() + "/metrics").build()).body())
                .get("sell_unavailable_total");
        assertTrue(unavailable >= refused.size() + 2, unavailable + " counted, " + refused.size() + " orders refused");

        // reads go on: an order, the seller's list, the menu
        String someId = ids.get("before-7");
        TestServer.Reply order = server.get("/sell/api/orders/" + someId + "?openid=before-7");
        assertEquals(200, order.status(), order.body());
        assertEquals(2, order.json().get("items").get(0).get("productQuantity").asInt());
        TestServer.Reply list = server.sellerGet("/sell/api/seller/orders?limit=100");
        assertEquals(200, list.status(), list.body());
        assertEquals(Math.min(100, acknowledged.size()), list.json().get("orders").size());
        assertEquals(200, server.get("/sell/api/products").status());
        System.out.printf("disk full: %d orders acknowledged, %d refused, fillers %d + %d KiB%n", acknowledged.size(),
                refused.size(), filled / 1024, more / 1024);

        // room again: health comes back by itself, with no write from anyone, then orders do
        Files.delete(disk.resolve("filler"));
        Files.delete(disk.resolve("filler-2"));
        await().atMost(Duration.ofSeconds(30)).until(() -> server.get("/sell/health").status() == 200);
        assertEquals("UP", server.get("/sell/health").json().get("status").asText());
        assertEquals(201, place(productId, "after-1", 2, acknowledged, ids, refused));
        for (int n = 0; n < 20; n++) assertEquals(201, place(productId, "after-more-" + n, 1, acknowledged, ids, refused));

        // what the server keeps in memory beside the database went back with each refused batch
        int stock = 1_000_000 - acknowledged.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(stock, server.stockOf(productId));

        server.stop();
        Map<String, Integer> stored = StoredOrders.quantities(disk.resolve("sell.db"));
        assertEquals(acknowledged, stored, "every order answered 201 is stored with its items, and none refused");
        assertEquals(stock, StoredOrders.stock(disk.resolve("sell.db"), productId));

        server.startAgain();
        for (Map.Entry<String, Integer> entry : new HashMap<>(acknowledged).entrySet()) {
            TestServer.Reply again = server.get("/sell/api/orders/" + ids.get(entry.getKey()) + "?openid=" + entry.getKey());
            assertEquals(200, again.status(), again.body());
            assertEquals(entry.getValue(), again.json().get("items").get(0).get("productQuantity").asInt());
        }
        assertEquals(acknowledged.size(), server.orderCount());
    }

    /** Places an order and records the answer; returns its status (201 or 503, anything else fails the test). */
    private int place(String productId, String openid, int quantity, Map<String, Integer> acknowledged,
                      Map<String, String> ids, Map<String, Integer> refused) {
        TestServer.Reply reply = server.post("/sell/api/orders", TestServer.orderJson(openid, productId, quantity));
        if (reply.status() == 201) {
            acknowledged.put(openid, quantity);
            ids.put(openid, reply.json().get("orderId").asText());
        } else if (reply.status() == 503 && reply.errorCode().equals("unavailable")) {
            refused.put(openid, quantity);
        } else {
            throw new AssertionError("expected 201 or 503, got " + reply);
        }
        return reply.status();
    }
}
