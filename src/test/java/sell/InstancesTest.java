package sell;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two instances on one PostgreSQL database, as behind a load balancer: every seller is rung from either. */
class InstancesTest {
    private TestServer a;
    private TestServer b;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void startTwoInstances() {
        // no check of the heads within a test: whatever reaches the other instance was rung there
        a = TestServer.start(Store.POSTGRES, config -> config.withDbCheckInterval(Duration.ofHours(1)));
        b = a.another();
    }

    @AfterEach
    void stop() {
        sockets.forEach(Socket::close);
        b.close();
        a.close();
    }

    private Socket connect(TestServer server, String query) {
        Socket socket = Socket.connect(server, query);
        sockets.add(socket);
        JsonNode hello = socket.next();
        assertEquals("hello", hello.get("type").asText());
        return socket;
    }

    @Test
    void aBuyersLiveViewOnOneInstanceFollowsChangesMadeOnTheOtherAndRemindersRingBoth() throws Exception {
        Socket onA = connect(a, "");
        String orderId = a.placeOrder("live-1", "milk-tea", 1).get("orderId").asText();
        assertEquals("order.created", onA.nextEvent().get("type").asText());
        try (EventStream view = EventStream.open(b.url("/sell/api/orders/" + orderId + "/events?openid=live-1"), null)) {
            assertEquals("1", view.next().id());
            // a reminder on B rings the seller on A, and holds for two minutes on A too
            assertEquals(202, b.post("/sell/api/orders/" + orderId + "/remind?openid=live-1", "").status());
            JsonNode reminded = onA.nextEvent();
            assertEquals("order.reminded", reminded.get("type").asText());
            assertEquals(2, reminded.get("seq").asLong());
            assertEquals(429, a.post("/sell/api/orders/" + orderId + "/remind?openid=live-1", "").status());

            a.sellerPost("/sell/api/seller/orders/" + orderId + "/finish", "");
            EventStream.Message finished = view.next();
            assertEquals("3", finished.id());
            assertEquals("FINISHED", sell.core.Json.mapper().readTree(finished.data()).get("orderStatus").asText());
            assertNull(view.next());
        }
    }

    @Test
    void anOrderOnOneInstanceRingsTheSellersOfBoth() {
        Socket onA = connect(a, "");
        Socket onB = connect(b, "");
        JsonNode order = a.placeOrder("both-1", "milk-tea", 2);
        for (Socket socket : List.of(onA, onB)) {
            JsonNode event = socket.nextEvent();
            assertEquals("order.created", event.get("type").asText());
            assertEquals(1, event.get("seq").asLong());
            assertEquals(order.get("orderId").asText(), event.get("order").get("orderId").asText());
            assertEquals("13", event.get("order").get("orderAmount").asText());
        }
        JsonNode finished = b.sellerPost("/sell/api/seller/orders/" + order.get("orderId").asText() + "/finish", "").json();
        assertEquals("FINISHED", finished.get("orderStatus").asText());
        for (Socket socket : List.of(onA, onB)) {
            JsonNode event = socket.nextEvent();
            assertEquals("order.updated", event.get("type").asText());
            assertEquals(2, event.get("seq").asLong());
            assertEquals("FINISHED", event.get("order").get("orderStatus").asText());
        }
        assertEquals(2, a.headSeq());
        assertEquals(2, b.headSeq());
    }

    @Test
    void threeHundredOrdersAlternatingInstancesReachEverySocketInOneOrderWithTheSameSeqs() throws Exception {
        String productId = a.createProduct("Rice", "2.5", 1_000);
        long menu = a.headSeq(); // the product's own event: the sockets start after it
        List<Socket> all = List.of(connect(a, ""), connect(a, ""), connect(b, ""), connect(b, ""));
        Set<String> placed = ConcurrentHashMap.newKeySet();
        ExecutorService buyers = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                done.add(buyers.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        TestServer on = (thread + i) % 2 == 0 ? a : b;
                        placed.add(on.placeOrder("alt-" + thread + "-" + i, productId, 1).get("orderId").asText());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        } finally {
            buyers.shutdown();
        }
        assertEquals(300, placed.size(), "every order has its own id");
        Map<Long, String> first = null;
        for (Socket socket : all) {
            Map<Long, String> bySeq = new HashMap<>();
            for (JsonNode event : socket.nextEvents(300)) {
                long seq = event.get("seq").asLong();
                assertEquals(menu + bySeq.size() + 1, seq, "seqs arrive in order, each once");
                bySeq.put(seq, event.get("order").get("orderId").asText());
            }
            assertEquals(placed, new HashSet<>(bySeq.values()));
            if (first == null) first = bySeq;
            else assertEquals(first, bySeq, "every socket has the same order at the same seq");
        }
        assertEquals(700, a.stockOf(productId));
        assertEquals(menu + 300, b.headSeq());
    }

    @Test
    void whatBuyersTypeComesBackExactlyWhenManyOrdersGoOutTogether() throws Exception {
        // orders in one batch are sent to PostgreSQL as arrays of values: quotes, braces,
        // backslashes, commas, the word NULL and characters beyond ASCII must survive that
        String[] names = {"Ann \"{a,b}\"", "Bo \\ back\\slash", "NULL", "O'Hara, {x}", "李雷 😀", "tab\u200d join", "{}", "\"\""};
        ExecutorService buyers = Executors.newFixedThreadPool(8);
        try {
            List<Future<JsonNode>> placed = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 32; i++) {
                String name = names[i % names.length];
                String body = TestServer.MAPPER.writeValueAsString(java.util.Map.of("buyerName", name,
                        "buyerPhone", "13800138000", "buyerAddress", name + " Road", "buyerOpenid", "quote-" + i,
                        "items", List.of(java.util.Map.of("productId", "milk-tea", "productQuantity", 1))));
                TestServer on = i % 2 == 0 ? a : b;
                placed.add(buyers.submit(() -> {
                    go.await();
                    TestServer.Reply reply = on.post("/sell/api/orders", body);
                    assertEquals(201, reply.status(), reply.body());
                    return reply.json();
                }));
            }
            go.countDown();
            for (int i = 0; i < placed.size(); i++) {
                JsonNode order = placed.get(i).get(30, TimeUnit.SECONDS);
                JsonNode stored = b.get("/sell/api/orders/" + order.get("orderId").asText() + "?openid=quote-" + i).json();
                assertEquals(names[i % names.length], stored.get("buyerName").asText());
                assertEquals(names[i % names.length] + " Road", stored.get("buyerAddress").asText());
                assertEquals("Milk tea", stored.get("items").get(0).get("productName").asText());
            }
        } finally {
            buyers.shutdown();
        }
        assertEquals(200 - 32, a.stockOf("milk-tea"));
        assertEquals(32, b.headSeq());
    }

    @Test
    void buyersOnBothInstancesNeverOversell() throws Exception {
        String productId = a.createProduct("Last buns", "3", 40);
        AtomicInteger sold = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService buyers = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                TestServer on = t % 2 == 0 ? a : b;
                int thread = t;
                done.add(buyers.submit(() -> {
                    go.await();
                    for (int i = 0; i < 6; i++) {
                        TestServer.Reply reply = on.post("/sell/api/orders", TestServer.orderJson("race-" + thread, productId, 1));
                        if (reply.status() == 201) {
                            sold.incrementAndGet();
                        } else {
                            assertEquals(409, reply.status(), reply.body());
                            assertEquals("out_of_stock", reply.errorCode());
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        } finally {
            buyers.shutdown();
        }
        assertEquals(40, sold.get());
        assertEquals(96 - 40, refused.get());
        assertEquals(0, a.stockOf(productId));
        assertEquals(0, b.stockOf(productId));
        assertEquals(40, a.orderCount());
        assertEquals(1 + 40, b.headSeq(), "the product's event and one per order sold");
    }

    private TestServer.Reply create(TestServer on, String key, String body) {
        return on.call(new Request.Builder().url(on.url("/sell/api/orders")).header("Idempotency-Key", key)
                .post(RequestBody.create(body, TestServer.JSON)).build());
    }

    @Test
    void aRetryOnTheOtherInstanceReturnsTheFirstOrder() throws Exception {
        String body = TestServer.orderJson("idem-1", "pork-dumplings", 2);
        TestServer.Reply first = create(a, "key-a-1", body);
        assertEquals(201, first.status());
        TestServer.Reply retry = create(b, "key-a-1", body);
        assertEquals(201, retry.status());
        assertEquals("true", retry.headers().get("Idempotent-Replayed"));
        assertEquals(first.json().get("orderId"), retry.json().get("orderId"));
        TestServer.Reply other = create(b, "key-a-1", TestServer.orderJson("idem-1", "pork-dumplings", 3));
        assertEquals(422, other.status());
        assertEquals("idempotency_key_reused", other.errorCode());

        // the same key sent to both at once: one order, and every answer names it
        String racing = TestServer.orderJson("idem-2", "milk-tea", 1);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<TestServer.Reply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                TestServer on = i % 2 == 0 ? a : b;
                replies.add(clients.submit(() -> {
                    go.await();
                    return create(on, "key-race", racing);
                }));
            }
            go.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<TestServer.Reply> reply : replies) {
                TestServer.Reply answer = reply.get(30, TimeUnit.SECONDS);
                assertEquals(201, answer.status(), answer.body());
                ids.add(answer.json().get("orderId").asText());
            }
            assertEquals(1, ids.size(), "one order for one key: " + ids);
        } finally {
            clients.shutdown();
        }
        assertEquals(2, a.orderCount());
        assertEquals(98, b.stockOf("pork-dumplings"));
        assertEquals(199, b.stockOf("milk-tea"));
        assertEquals(2, a.headSeq());
    }

    @Test
    void aSellerResumesOnTheOtherInstanceWithoutGapOrDuplicate() {
        Socket first = connect(a, "");
        String epoch = a.sellerGet("/sell/api/seller/events?since=0").json().get("epoch").asText();
        for (int i = 0; i < 5; i++) (i % 2 == 0 ? a : b).placeOrder("resume-" + i, "lemon-tea", 1);
        List<JsonNode> seen = first.nextEvents(5);
        assertEquals(5, seen.get(4).get("seq").asLong());
        first.close();
        List<String> missed = new ArrayList<>();
        for (int i = 5; i < 10; i++) missed.add((i % 2 == 0 ? a : b).placeOrder("resume-" + i, "lemon-tea", 1).get("orderId").asText());

        Socket resumed = connect(b, "since=5&epoch=" + epoch);
        List<JsonNode> replayed = resumed.nextEvents(5);
        for (int i = 0; i < 5; i++) {
            assertEquals(6 + i, replayed.get(i).get("seq").asLong());
            assertEquals(missed.get(i), replayed.get(i).get("order").get("orderId").asText());
        }
        String live = a.placeOrder("resume-live", "lemon-tea", 1).get("orderId").asText();
        JsonNode next = resumed.nextEvent();
        assertEquals(11, next.get("seq").asLong());
        assertEquals(live, next.get("order").get("orderId").asText());
    }

    @Test
    void theMenuIsSharedAProductAddedOrRepricedOnOneIsSoldAtItsPriceOnTheOther() {
        String productId = a.createProduct("Congee", "4.2", 10);
        JsonNode onB = b.placeOrder("menu-1", productId, 2).get("items").get(0);
        assertEquals("Congee", onB.get("productName").asText());
        assertEquals("4.2", onB.get("productPrice").asText());

        assertEquals(200, a.sellerPut("/sell/api/seller/products/" + productId,
                "{\"productPrice\":5.5,\"productName\":\"Rice congee\"}").status());
        JsonNode repriced = b.placeOrder("menu-2", productId, 1);
        assertEquals("5.5", repriced.get("orderAmount").asText());
        assertEquals("Rice congee", repriced.get("items").get(0).get("productName").asText());

        assertEquals(200, a.sellerPut("/sell/api/seller/products/" + productId, "{\"productStatus\":\"OFF_SALE\"}").status());
        TestServer.Reply offSale = b.post("/sell/api/orders", TestServer.orderJson("menu-3", productId, 1));
        assertEquals(409, offSale.status(), offSale.body());
        assertEquals("off_sale", offSale.errorCode());
        // back on sale: the refused order took nothing
        assertEquals(200, b.sellerPut("/sell/api/seller/products/" + productId, "{\"productStatus\":\"ON_SALE\"}").status());
        assertEquals(7, a.stockOf(productId));
        assertEquals(2, b.orderCount());
        assertEquals(6, a.headSeq(), "four menu changes and two orders");
    }

    @Test
    void aShopAddedOnOneInstanceSignsInOnTheOtherAndASignOutEndsItsSocketsOnBoth() throws Exception {
        sell.shop.ShopAdmin.NewShop added = a.app().addShop("Second shop");
        await().atMost(Duration.ofSeconds(10)).until(() -> b.call(new Request.Builder()
                .url(b.url("/sell/api/seller/session")).header("Authorization", "Bearer " + added.token()).build())
                .status() == 200);

        TestServer.Reply signedIn = b.call(new Request.Builder().url(b.url("/sell/api/seller/session"))
                .header("Origin", b.url(""))
                .post(RequestBody.create("{\"token\":\"" + TestServer.TOKEN + "\"}", TestServer.JSON)).build());
        assertEquals(200, signedIn.status());
        String setCookie = signedIn.headers().get("Set-Cookie");
        String cookie = setCookie.substring("sell_session=".length(), setCookie.indexOf(';'));
        Socket onA = Socket.open(a, "/sell/webSocket", null, "sell_session=" + cookie, a.url(""));
        sockets.add(onA);
        onA.awaitOpen();
        assertEquals("hello", onA.next().get("type").asText());

        TestServer.Reply signedOut = b.call(new Request.Builder().url(b.url("/sell/api/seller/session"))
                .header("Cookie", "sell_session=" + cookie).header("Origin", b.url(""))
                .delete().build());
        assertEquals(204, signedOut.status());
        assertEquals(1008, (int) onA.closed.get(10, TimeUnit.SECONDS));
        assertEquals(401, a.call(new Request.Builder().url(a.url("/sell/api/seller/orders"))
                .header("Cookie", "sell_session=" + cookie).build()).status());
    }
}
