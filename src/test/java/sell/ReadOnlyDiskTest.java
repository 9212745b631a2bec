package sell;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database's file system turned read-only under a running server, as the kernel does to an
 * ext4 file system on a disk error (errors=remount-ro). A plain read-only remount is refused while
 * the server holds its files open for writing, so the test has the kernel do it: an ext4 image on a
 * loop device, and ext4's own switch for a file-system error.
 */
class ReadOnlyDiskTest {
    @TempDir
    Path dir;
    private Path image;
    private Path disk;
    private TestServer server;

    @BeforeEach
    void mount() throws Exception {
        Mounts.assumeRoot("the read-only disk test");
        image = dir.resolve("ext4.img");
        disk = Mounts.ext4(image, dir.resolve("disk"), 16);
    }

    @AfterEach
    void unmount() throws Exception {
        if (server != null) server.close();
        if (disk != null) Mounts.unmount(disk);
    }

    @Test
    void aFileSystemTurnedReadOnlyRefusesWritesWith503KeepsReadsAndLosesNothingAcknowledged() throws Exception {
        server = TestServer.start(new Config(0, disk.resolve("sell.db").toString(), disk, TestServer.TOKEN, 0));
        String productId = server.createProduct("Noodles", "2", 1000);
        Map<String, Integer> acknowledged = new HashMap<>();
        Map<String, String> ids = new HashMap<>();
        for (int n = 0; n < 30; n++) {
            ids.put("ro-" + n, server.placeOrder("ro-" + n, productId, 1 + n % 3).get("orderId").asText());
            acknowledged.put("ro-" + n, 1 + n % 3);
        }

        Mounts.failExt4(disk);
        AtomicInteger attempt = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String openid = "refused-" + attempt.incrementAndGet();
            TestServer.Reply reply = server.post("/sell/api/orders", TestServer.orderJson(openid, productId, 1));
            if (reply.status() == 201) {
                acknowledged.put(openid, 1);
                ids.put(openid, reply.json().get("orderId").asText());
            }
            return reply.status() == 503 && reply.errorCode().equals("unavailable");
        });
        TestServer.Reply health = server.get("/sell/health");
        assertEquals(503, health.status(), health.body());
        assertEquals("DOWN", health.json().get("status").asText());
        TestServer.Reply finish = server.sellerPost("/sell/api/seller/orders/" + ids.get("ro-3") + "/finish", "");
        assertEquals(503, finish.status(), finish.body());
        assertEquals("unavailable", finish.errorCode());
        // what was committed is still read
        TestServer.Reply order = server.get("/sell/api/orders/" + ids.get("ro-4") + "?openid=ro-4");
        assertEquals(200, order.status(), order.body());
        assertEquals("NEW", order.json().get("orderStatus").asText());
        assertEquals(2, order.json().get("items").get(0).get("productQuantity").asInt());
        assertEquals(200, server.sellerGet("/sell/api/seller/orders?limit=10").status());
        assertEquals(200, server.get("/sell/api/products").status());

        // what an operator does: stop, repair the file system, mount it again, start
        server.stop();
        Mounts.unmount(disk);
        Mounts.fsck(image);
        Mounts.mountExt4(image, disk);
        assertEquals(acknowledged, StoredOrders.quantities(disk.resolve("sell.db")),
                "every order answered 201 is stored with its items, and none refused");
        server.startAgain();
        assertEquals(200, server.get("/sell/health").status());
        for (Map.Entry<String, Integer> entry : acknowledged.entrySet()) {
            TestServer.Reply again = server.get("/sell/api/orders/" + ids.get(entry.getKey()) + "?openid=" + entry.getKey());
            assertEquals(200, again.status(), again.body());
            assertEquals(entry.getValue(), again.json().get("items").get(0).get("productQuantity").asInt());
        }
        server.placeOrder("after-repair", productId, 1);
        assertEquals(acknowledged.size() + 1, server.orderCount());
    }
}
