package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import sell.db.Database;

/** Runs on both stores. */
@ParameterizedClass
@EnumSource(Store.class)
class StockConcurrencyTest extends ServerTest {
    StockConcurrencyTest(Store store) {
        super(store);
    }

    @Test
    void fiftyBuyersRacingForTwentyItemsNeverOversell() throws Exception {
        String productId = server.createProduct("Last twenty buns", "3.5", 20);
        // the product's own event comes first; the orders' follow it
        long firstOrderSeq = server.headSeq() + 1;
        int buyers = 50;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(buyers);
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        Set<String> orderIds = ConcurrentHashMap.newKeySet();
        List<Future<?>> done = new ArrayList<>();
        try (Socket socket = Socket.connect(server, "")) {
            socket.next();
            for (int i = 0; i < buyers; i++) {
                String openid = "racer-" + i;
                done.add(pool.submit(() -> {
                    go.await();
                    TestServer.Reply reply = server.post("/sell/api/orders", TestServer.orderJson(openid, productId, 1));
                    statuses.merge(reply.status(), 1, Integer::sum);
                    if (reply.status() == 201) orderIds.add(reply.json().get("orderId").asText());
                    else assertEquals("out_of_stock", reply.errorCode());
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get();
            assertEquals(Map.of(201, 20, 409, 30), statuses);
            assertEquals(20, orderIds.size());
            assertEquals(0, server.stockOf(productId));
            assertEquals(20, server.orderCount());

            Set<String> pushed = new HashSet<>();
            List<Long> seqs = new ArrayList<>();
            for (JsonNode event : socket.nextEvents(20)) {
                pushed.add(event.get("order").get("orderId").asText());
                seqs.add(event.get("seq").asLong());
                assertEquals("3.5", event.get("order").get("orderAmount").asText());
            }
            assertEquals(orderIds, pushed);
            List<Long> expected = new ArrayList<>();
            for (long s = firstOrderSeq; s < firstOrderSeq + 20; s++) expected.add(s);
            assertEquals(expected, seqs, "events arrive once each, in seq order");
            assertEquals(List.of(), socket.drain(300));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCancelGivesTheStockBackAndItCanBeSoldAgain() {
        String productId = server.createProduct("One cake", "20", 1);
        JsonNode order = server.placeOrder("cake-1", productId, 1);
        assertEquals(409, server.post("/sell/api/orders", TestServer.orderJson("cake-2", productId, 1)).status());
        assertEquals(0, server.stockOf(productId));
        assertEquals(200, server.sellerPost("/sell/api/seller/orders/" + order.get("orderId").asText() + "/cancel", "").status());
        assertEquals(1, server.stockOf(productId));
        assertEquals(201, server.post("/sell/api/orders", TestServer.orderJson("cake-2", productId, 1)).status());
        assertEquals(0, server.stockOf(productId));
    }

    @Test
    void anOrderFailingOnItsSecondLineTakesNoStockForItsFirst() {
        String plenty = server.createProduct("Plenty", "1", 10);
        String scarce = server.createProduct("Scarce", "1", 1);
        long head = server.headSeq();
        String body = "{\"buyerName\":\"Two lines\",\"buyerPhone\":\"123456\",\"buyerAddress\":\"x\",\"buyerOpenid\":\"two\","
                + "\"items\":[{\"productId\":\"" + plenty + "\",\"productQuantity\":4},"
                + "{\"productId\":\"" + scarce + "\",\"productQuantity\":2}]}";
        TestServer.Reply reply = server.post("/sell/api/orders", body);
        assertEquals(409, reply.status());
        assertEquals("out_of_stock", reply.errorCode());
        assertEquals("items[1].productQuantity", reply.json().get("error").get("field").asText());
        assertEquals(10, server.stockOf(plenty));
        assertEquals(1, server.stockOf(scarce));
        assertEquals(0, server.orderCount());
        assertEquals(head, server.headSeq(), "a refused order appends nothing");
    }

    @Test
    void aSellerRenamingAProductWhileBuyersOrderItLosesNoneOfTheirStock() throws Exception {
        String productId = server.createProduct("Dumplings", "8", 1_000);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        List<Future<Integer>> done = new ArrayList<>();
        try {
            for (int b = 0; b < 8; b++) {
                String openid = "hungry-" + b;
                done.add(pool.submit(() -> {
                    go.await();
                    int bought = 0;
                    for (int i = 0; i < 25; i++) {
                        TestServer.Reply reply = server.post("/sell/api/orders", TestServer.orderJson(openid, productId, 2));
                        if (reply.status() == 201) bought += 2;
                        else assertEquals("menu_changed", reply.errorCode(), reply.body());
                    }
                    return bought;
                }));
            }
            // the seller edits the product (never its stock) while the orders go in, often in their batches
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 40; i++) {
                    assertEquals(200, server.sellerPut("/sell/api/seller/products/" + productId,
                            "{\"productDescription\":\"batch " + i + "\"}").status());
                }
                return 0;
            }));
            go.countDown();
            int bought = 0;
            for (Future<Integer> f : done) bought += f.get();
            assertEquals(1_000 - bought, server.stockOf(productId), "every order's stock stayed taken");
            assertEquals(bought / 2, server.orderCount());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aPriceChangedElsewhereIsChargedNotTheOneThisInstanceRemembered() throws Exception {
        String productId = server.createProduct("Soup", "5", 10);
        assertEquals("5", server.placeOrder("price-1", productId, 1).get("orderAmount").asText());
        // another writer on the same database changes the price (one server per SQLite file, but
        // the file can be written from outside it, and PostgreSQL will have several instances);
        // this server still remembers 5
        try (Database other = Database.open(Database.Location.of(server.db.startsWith("jdbc:") ? server.db : "jdbc:sqlite:" + server.db), false)) {
            int changed = other.write(h -> h.execute("UPDATE product SET product_price = 725 WHERE product_id = ?",
                    productId));
            assertEquals(1, changed);
        }
        JsonNode order = server.placeOrder("price-2", productId, 2);
        assertEquals("14.5", order.get("orderAmount").asText());
        assertEquals("7.25", order.get("items").get(0).get("productPrice").asText());
        assertEquals(7, server.stockOf(productId));
        assertEquals(2, server.orderCount());
    }
}
