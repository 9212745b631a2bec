package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Every order transition, allowed and refused, with its one event or none; the seller list; products. On both stores. */
@ParameterizedClass
@EnumSource(Store.class)
class LifecycleTest extends ServerAndSocketTest {
    LifecycleTest(Store store) {
        super(store);
    }

    // ---- helpers ----

    private String seller(String orderId, String action) {
        return "/sell/api/seller/orders/" + orderId + "/" + action;
    }

    private TestServer.Reply act(String orderId, String action) {
        return server.sellerPost(seller(orderId, action), "");
    }

    private TestServer.Reply buyerCancel(String orderId, String openid) {
        return server.post("/sell/api/orders/" + orderId + "/cancel?openid=" + openid, "");
    }

    /** Places an order and consumes its order.created event, checking its seq. */
    private JsonNode place(String openid, String productId, int quantity, long expectedSeq) {
        JsonNode order = server.placeOrder(openid, productId, quantity);
        JsonNode event = socket.nextEvent();
        // the seller's menu changes before it are events of the shop too
        while (event.get("type").asText().equals("product.updated")) event = socket.nextEvent();
        assertEquals("order.created", event.get("type").asText());
        assertEquals(expectedSeq, event.get("seq").asLong());
        assertEquals(order.get("orderId").asText(), event.get("order").get("orderId").asText());
        return order;
    }

    /** A successful transition: 200 with the new state, then exactly one order.updated with the next seq. */
    private JsonNode allowed(TestServer.Reply reply, String orderId, String status, String payStatus, long seq) {
        assertEquals(200, reply.status(), reply.toString());
        JsonNode order = reply.json();
        assertEquals(orderId, order.get("orderId").asText());
        assertEquals(status, order.get("orderStatus").asText());
        assertEquals(payStatus, order.get("payStatus").asText());
        JsonNode event = socket.nextEvent();
        assertEquals("order.updated", event.get("type").asText());
        assertEquals(seq, event.get("seq").asLong());
        assertEquals(order, event.get("order"), "the event carries the order as answered");
        assertEquals(List.of(), socket.drain(200), "exactly one event per transition");
        assertEquals(seq, server.headSeq());
        return order;
    }

    /** A refused transition: exactly 409 invalid_transition, no event, head unchanged, order unchanged. */
    private void refused(TestServer.Reply reply, String orderId, long head) {
        assertEquals(409, reply.status(), reply.toString());
        assertEquals("invalid_transition", reply.errorCode(), reply.body());
        assertFalse(reply.json().get("error").get("message").asText().isBlank());
        assertEquals(List.of(), socket.drain(200), "a refused transition sends nothing");
        assertEquals(head, server.headSeq());
    }

    private JsonNode sellerView(String orderId) {
        TestServer.Reply reply = server.sellerGet("/sell/api/seller/orders/" + orderId);
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }

    // ---- transitions ----

    @Test
    void finishOnceThenNothingElse() {
        JsonNode order = place("buyer-f", "mapo-tofu", 2, 1);
        String id = order.get("orderId").asText();
        assertEquals(98, server.stockOf("mapo-tofu"));

        JsonNode finished = allowed(act(id, "finish"), id, "FINISHED", "WAIT", 2);
        assertEquals(order.get("createTime"), finished.get("createTime"));
        assertEquals("19.8", finished.get("orderAmount").asText());

        refused(act(id, "finish"), id, 2);
        refused(act(id, "cancel"), id, 2);
        refused(buyerCancel(id, "buyer-f"), id, 2);
        assertEquals(finished, sellerView(id));
        assertEquals(98, server.stockOf("mapo-tofu"), "finishing keeps the stock taken");
    }

    @Test
    void buyerDetailsComeBackAsSent() {
        // phones in their usual shapes; names in plain ASCII and in other scripts
        String[][] buyers = {{"+86 (10) 6552-1234", "\u674e\u96f7"}, {"010.6552.1234", "Zo\u00eb O'Brien"},
                {"123", "Ann"}, {"+1 800 555 0199", "Ren\u00e9e \ud83c\udf5c"}};
        long seq = 0;
        for (String[] buyer : buyers) {
            TestServer.Reply placed = server.post("/sell/api/orders", "{\"buyerName\":\"" + buyer[1]
                    + "\",\"buyerPhone\":\"" + buyer[0] + "\",\"buyerAddress\":\"2 High St\",\"buyerOpenid\":\"buyer-d\","
                    + "\"items\":[{\"productId\":\"milk-tea\",\"productQuantity\":1}]}");
            assertEquals(201, placed.status(), placed.toString());
            assertEquals(buyer[0], placed.json().get("buyerPhone").asText());
            assertEquals(buyer[1], placed.json().get("buyerName").asText());
            JsonNode event = socket.nextEvent();
            assertEquals(++seq, event.get("seq").asLong());
            assertEquals(buyer[1], event.get("order").get("buyerName").asText());
            assertEquals(buyer[0], sellerView(placed.json().get("orderId").asText()).get("buyerPhone").asText());
        }
        assertEquals(196, server.stockOf("milk-tea"));
    }

    @Test
    void cancelGivesBackExactlyTheStockTaken() {
        int pork = server.stockOf("braised-pork-rice");
        int tea = server.stockOf("milk-tea");
        int dumplings = server.stockOf("pork-dumplings");
        assertEquals(100, pork);
        assertEquals(200, tea);
        TestServer.Reply placed = server.post("/sell/api/orders", "{\"buyerName\":\"Cid\",\"buyerPhone\":\"+86 138-0013-8000\","
                + "\"buyerAddress\":\"2 High St\",\"buyerOpenid\":\"buyer-c\",\"items\":["
                + "{\"productId\":\"braised-pork-rice\",\"productQuantity\":3},"
                + "{\"productId\":\"milk-tea\",\"productQuantity\":7},"
                + "{\"productId\":\"braised-pork-rice\",\"productQuantity\":2}]}");
        assertEquals(201, placed.status(), placed.toString());
        String id = placed.json().get("orderId").asText();
        assertEquals("110", placed.json().get("orderAmount").asText(), "5 x 12.90 + 7 x 6.50");
        assertEquals(1, socket.nextEvent().get("seq").asLong());
        assertEquals(95, server.stockOf("braised-pork-rice"));
        assertEquals(193, server.stockOf("milk-tea"));

        allowed(act(id, "cancel"), id, "CANCELLED", "WAIT", 2);
        assertEquals(pork, server.stockOf("braised-pork-rice"));
        assertEquals(tea, server.stockOf("milk-tea"));
        assertEquals(dumplings, server.stockOf("pork-dumplings"));

        refused(act(id, "pay"), id, 2);
        refused(act(id, "finish"), id, 2);
        refused(act(id, "cancel"), id, 2);
        refused(buyerCancel(id, "buyer-c"), id, 2);
        JsonNode view = sellerView(id);
        assertEquals("CANCELLED", view.get("orderStatus").asText());
        assertEquals("WAIT", view.get("payStatus").asText());
        assertEquals(pork, server.stockOf("braised-pork-rice"), "a refused cancel gives nothing back twice");
        assertEquals(tea, server.stockOf("milk-tea"));
    }

    @Test
    void payOnNewThenFinishKeepsPaid() {
        String id = place("buyer-p", "lemon-tea", 4, 1).get("orderId").asText();
        allowed(act(id, "pay"), id, "NEW", "SUCCESS", 2);
        refused(act(id, "pay"), id, 2);
        allowed(act(id, "finish"), id, "FINISHED", "SUCCESS", 3);
        refused(act(id, "pay"), id, 3);
        JsonNode view = sellerView(id);
        assertEquals("FINISHED", view.get("orderStatus").asText());
        assertEquals("SUCCESS", view.get("payStatus").asText());
        assertEquals("20", view.get("orderAmount").asText());
        assertEquals(196, server.stockOf("lemon-tea"));
    }

    @Test
    void payAfterFinish() {
        String id = place("buyer-q", "kung-pao-chicken", 1, 1).get("orderId").asText();
        allowed(act(id, "finish"), id, "FINISHED", "WAIT", 2);
        allowed(act(id, "pay"), id, "FINISHED", "SUCCESS", 3);
        refused(act(id, "pay"), id, 3);
        refused(act(id, "cancel"), id, 3);
        assertEquals(99, server.stockOf("kung-pao-chicken"));
    }

    @Test
    void theBuyerCancelsOnlyWithTheMatchingOpenid() {
        JsonNode order = place("buyer-b", "beef-noodle-soup", 3, 1);
        String id = order.get("orderId").asText();
        assertEquals(97, server.stockOf("beef-noodle-soup"));

        TestServer.Reply wrong = buyerCancel(id, "someone-else");
        TestServer.Reply unknown = buyerCancel("1000000000000000000", "buyer-b");
        assertEquals(404, wrong.status(), wrong.toString());
        assertEquals("not_found", wrong.errorCode());
        assertEquals(unknown.status(), wrong.status(), "a wrong openid looks like an unknown order");
        assertEquals(unknown.errorCode(), wrong.errorCode());
        assertEquals(unknown.json().get("error").has("field"), wrong.json().get("error").has("field"));
        TestServer.Reply missing = server.post("/sell/api/orders/" + id + "/cancel", "");
        assertEquals(400, missing.status(), missing.toString());
        assertEquals("missing_parameter", missing.errorCode());
        assertEquals("openid", missing.json().get("error").get("field").asText());
        assertEquals(List.of(), socket.drain(200));
        assertEquals(1, server.headSeq());
        JsonNode unchanged = sellerView(id);
        assertEquals(order, unchanged, "the order is exactly as placed");
        assertEquals(97, server.stockOf("beef-noodle-soup"));

        JsonNode cancelled = allowed(buyerCancel(id, "buyer-b"), id, "CANCELLED", "WAIT", 2);
        assertEquals(100, server.stockOf("beef-noodle-soup"));
        assertEquals(order.get("createTime"), cancelled.get("createTime"));
        refused(buyerCancel(id, "buyer-b"), id, 2);
        assertEquals(100, server.stockOf("beef-noodle-soup"));
    }

    @Test
    void theBuyerReadsOnlyWithTheMatchingOpenid() {
        JsonNode order = place("buyer-r", "pork-dumplings", 2, 1);
        String id = order.get("orderId").asText();
        TestServer.Reply mine = server.get("/sell/api/orders/" + id + "?openid=buyer-r");
        assertEquals(200, mine.status(), mine.toString());
        assertEquals(order, mine.json());
        assertEquals(sellerView(id), mine.json());
        assertEquals("21.6", mine.json().get("orderAmount").asText());

        TestServer.Reply wrong = server.get("/sell/api/orders/" + id + "?openid=buyer-x");
        TestServer.Reply unknown = server.get("/sell/api/orders/1000000000000000000?openid=buyer-r");
        assertEquals(404, wrong.status());
        assertEquals("not_found", wrong.errorCode());
        assertEquals(unknown.status(), wrong.status());
        assertEquals(unknown.errorCode(), wrong.errorCode());
        assertFalse(wrong.body().contains("buyer-r"), "a wrong openid learns nothing: " + wrong.body());

        TestServer.Reply missing = server.get("/sell/api/orders/" + id);
        assertEquals(400, missing.status(), missing.toString());
        assertEquals("missing_parameter", missing.errorCode());
        assertEquals("openid", missing.json().get("error").get("field").asText());
        assertEquals(List.of(), socket.drain(200), "reading sends nothing");
        assertEquals(1, server.headSeq());
    }

    @Test
    void racingTransitionsLetExactlyOneWin() throws Exception {
        String id = place("buyer-race", "kung-pao-chicken", 6, 1).get("orderId").asText();
        assertEquals(94, server.stockOf("kung-pao-chicken"));
        int racers = 24;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<TestServer.Reply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                String action = switch (i % 3) {
                    case 0 -> "seller-cancel";
                    case 1 -> "buyer-cancel";
                    default -> "finish";
                };
                replies.add(pool.submit(() -> {
                    go.await();
                    return switch (action) {
                        case "seller-cancel" -> act(id, "cancel");
                        case "buyer-cancel" -> buyerCancel(id, "buyer-race");
                        default -> act(id, "finish");
                    };
                }));
            }
            go.countDown();
            int won = 0;
            String winner = null;
            for (java.util.concurrent.Future<TestServer.Reply> f : replies) {
                TestServer.Reply reply = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                if (reply.status() == 200) {
                    won++;
                    winner = reply.json().get("orderStatus").asText();
                } else {
                    assertEquals(409, reply.status(), reply.toString());
                    assertEquals("invalid_transition", reply.errorCode());
                }
            }
            assertEquals(1, won, "exactly one transition wins");
            JsonNode event = socket.nextEvent();
            assertEquals("order.updated", event.get("type").asText());
            assertEquals(2, event.get("seq").asLong());
            assertEquals(winner, event.get("order").get("orderStatus").asText());
            assertEquals(List.of(), socket.drain(300));
            assertEquals(2, server.headSeq());
            assertEquals(winner, sellerView(id).get("orderStatus").asText());
            assertEquals(winner.equals("CANCELLED") ? 100 : 94, server.stockOf("kung-pao-chicken"),
                    "stock given back at most once");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void transitionsMoveUpdateTimeOnly() throws Exception {
        JsonNode order = place("buyer-t", "milk-tea", 1, 1);
        String id = order.get("orderId").asText();
        assertEquals(order.get("createTime"), order.get("updateTime"));
        Thread.sleep(20);
        JsonNode paid = allowed(act(id, "pay"), id, "NEW", "SUCCESS", 2);
        assertEquals(order.get("createTime"), paid.get("createTime"));
        java.time.Instant created = java.time.Instant.parse(order.get("createTime").asText());
        java.time.Instant updated = java.time.Instant.parse(paid.get("updateTime").asText());
        assertTrue(updated.isAfter(created), created + " then " + updated);
        assertTrue(paid.get("updateTime").asText().endsWith("Z"), "UTC: " + paid.get("updateTime"));
        assertEquals(order.get("items"), paid.get("items"));
        assertEquals(order.get("orderAmount"), paid.get("orderAmount"));
        // a paid NEW order can still be cancelled by the seller, and its stock comes back
        allowed(act(id, "cancel"), id, "CANCELLED", "SUCCESS", 3);
        assertEquals(200, server.stockOf("milk-tea"));
    }

    // ---- seller list ----

    @Test
    void theSellerListIsNewestFirstFilteredAndKeysetPaged() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) ids.add(place("lister-" + i, "milk-tea", 1, i + 1).get("orderId").asText());
        List<String> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);

        JsonNode all = server.sellerGet("/sell/api/seller/orders").json();
        assertEquals(newestFirst, idsOf(all));
        assertTrue(all.get("next").isNull());

        // page with limit=3: 3, 3, 1, every order exactly once, in order
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String next = null;
        do {
            TestServer.Reply reply = server.sellerGet("/sell/api/seller/orders?limit=3"
                    + (next == null ? "" : "&before=" + next));
            assertEquals(200, reply.status(), reply.toString());
            JsonNode page = reply.json();
            sizes.add(page.get("orders").size());
            seen.addAll(idsOf(page));
            next = page.get("next").isNull() ? null : page.get("next").asText();
            assertTrue(sizes.size() <= 3, "paging does not end");
        } while (next != null);
        assertEquals(List.of(3, 3, 1), sizes);
        assertEquals(newestFirst, seen);

        // change states: finish #0 and #1, cancel #2
        allowed(act(ids.get(0), "finish"), ids.get(0), "FINISHED", "WAIT", 8);
        allowed(act(ids.get(1), "finish"), ids.get(1), "FINISHED", "WAIT", 9);
        allowed(act(ids.get(2), "cancel"), ids.get(2), "CANCELLED", "WAIT", 10);

        assertEquals(List.of(ids.get(6), ids.get(5), ids.get(4), ids.get(3)), listIds("status=NEW"));
        assertEquals(List.of(ids.get(6), ids.get(5), ids.get(4), ids.get(3)), listIds("status=new"));
        assertEquals(List.of(ids.get(1), ids.get(0)), listIds("status=FINISHED"));
        assertEquals(List.of(ids.get(1), ids.get(0)), listIds("status=finished"));
        assertEquals(List.of(ids.get(2)), listIds("status=CANCELLED"));
        assertEquals(List.of(ids.get(2)), listIds("status=Cancelled"));
        assertEquals(newestFirst, listIds("status=all"));
        assertEquals(newestFirst, listIds("status=ALL"));
        assertEquals(newestFirst, listIds("status="));
        for (JsonNode order : server.sellerGet("/sell/api/seller/orders?status=finished").json().get("orders")) {
            assertEquals("FINISHED", order.get("orderStatus").asText());
        }

        // every status, paged by two: each page the newest across the three statuses (#2 cancelled,
        // #1 finished and #0 finished share pages with NEW orders), every order exactly once
        List<String> mixed = new ArrayList<>();
        List<Integer> mixedSizes = new ArrayList<>();
        String before = null;
        do {
            JsonNode page = server.sellerGet("/sell/api/seller/orders?limit=2" + (before == null ? "" : "&before=" + before)).json();
            mixedSizes.add(page.get("orders").size());
            mixed.addAll(idsOf(page));
            before = page.get("next").isNull() ? null : page.get("next").asText();
            assertTrue(mixedSizes.size() <= 4, "paging does not end");
        } while (before != null);
        assertEquals(List.of(2, 2, 2, 1), mixedSizes);
        assertEquals(newestFirst, mixed);

        // a filtered list pages too: NEW with limit=3 is 3 then 1
        JsonNode first = server.sellerGet("/sell/api/seller/orders?status=NEW&limit=3").json();
        assertEquals(List.of(ids.get(6), ids.get(5), ids.get(4)), idsOf(first));
        assertFalse(first.get("next").isNull());
        JsonNode second = server.sellerGet("/sell/api/seller/orders?status=NEW&limit=3&before="
                + first.get("next").asText()).json();
        assertEquals(List.of(ids.get(3)), idsOf(second));
        assertTrue(second.get("next").isNull());

        // a page that ends exactly at the last order has next null
        JsonNode exact = server.sellerGet("/sell/api/seller/orders?status=FINISHED&limit=2").json();
        assertEquals(List.of(ids.get(1), ids.get(0)), idsOf(exact));
        assertTrue(exact.get("next").isNull(), "no further page: " + exact.get("next"));
        JsonNode one = server.sellerGet("/sell/api/seller/orders?limit=1").json();
        assertEquals(List.of(ids.get(6)), idsOf(one));
        assertEquals(7, server.orderCount());
        assertEquals(10, server.headSeq());
    }

    private List<String> listIds(String query) {
        TestServer.Reply reply = server.sellerGet("/sell/api/seller/orders?" + query);
        assertEquals(200, reply.status(), query + " -> " + reply);
        assertTrue(reply.json().get("next").isNull(), query);
        return idsOf(reply.json());
    }

    private static List<String> idsOf(JsonNode page) {
        List<String> ids = new ArrayList<>();
        for (JsonNode order : page.get("orders")) ids.add(order.get("orderId").asText());
        return ids;
    }

    // ---- products ----

    @Test
    void aNewProductKeepsItsPriceToTheCent() {
        TestServer.Reply created = server.sellerPost("/sell/api/seller/products",
                "{\"productName\":\"Sesame pancake\",\"productPrice\":12.35,\"productStock\":10,"
                        + "\"productDescription\":\"Crisp, with scallion\",\"categoryType\":2}");
        assertEquals(201, created.status(), created.toString());
        JsonNode product = created.json();
        String id = product.get("productId").asText();
        assertFalse(id.isBlank());
        assertEquals("Sesame pancake", product.get("productName").asText());
        assertEquals("12.35", product.get("productPrice").decimalValue().toPlainString());
        assertTrue(created.body().contains("\"productPrice\":12.35"), created.body());
        assertEquals(10, product.get("productStock").asInt());
        assertEquals("ON_SALE", product.get("productStatus").asText());
        assertEquals(2, product.get("categoryType").asInt());

        JsonNode onMenu = menuProduct(id);
        assertEquals("12.35", onMenu.get("productPrice").decimalValue().toPlainString());
        assertEquals(10, onMenu.get("productStock").asInt());
        assertEquals("Crisp, with scallion", onMenu.get("productDescription").asText());
        assertEquals("Noodles & dumplings", categoryOf(id));

        JsonNode order = place("buyer-s", id, 3, 2);
        assertEquals("37.05", order.get("orderAmount").decimalValue().toPlainString());
        assertEquals("12.35", order.get("items").get(0).get("productPrice").decimalValue().toPlainString());
        assertEquals("Sesame pancake", order.get("items").get(0).get("productName").asText());
        assertEquals(7, server.stockOf(id));

        TestServer.Reply plain = server.sellerPost("/sell/api/seller/products",
                "{\"productName\":\"Rice\",\"productPrice\":2,\"productStock\":0}");
        assertEquals(201, plain.status(), plain.toString());
        assertEquals(1, plain.json().get("categoryType").asInt(), "the first category by default");
        assertEquals(0, server.stockOf(plain.json().get("productId").asText()));
        assertEquals(3, server.headSeq(), "a product added is an event of the shop: two products, one order");
    }

    @Test
    void updatesChangePriceStockAndSale() {
        String id = server.createProduct("Spring roll", "4.20", 5);
        assertEquals(5, server.stockOf(id));
        JsonNode before = place("buyer-u", id, 2, 2);
        assertEquals("8.4", before.get("orderAmount").decimalValue().toPlainString());
        assertEquals(3, server.stockOf(id));

        TestServer.Reply price = server.sellerPut("/sell/api/seller/products/" + id, "{\"productPrice\":5.05}");
        assertEquals(200, price.status(), price.toString());
        assertEquals("5.05", price.json().get("productPrice").decimalValue().toPlainString());
        assertEquals("Spring roll", price.json().get("productName").asText(), "untouched fields are kept");
        assertEquals(3, price.json().get("productStock").asInt());
        assertEquals("5.05", menuProduct(id).get("productPrice").decimalValue().toPlainString());
        assertEquals("8.4", sellerView(before.get("orderId").asText()).get("orderAmount").decimalValue().toPlainString(),
                "an order keeps the price it was placed at");

        TestServer.Reply stock = server.sellerPut("/sell/api/seller/products/" + id,
                "{\"productStock\":40,\"productName\":\"Spring rolls (3)\"}");
        assertEquals(200, stock.status(), stock.toString());
        assertEquals(40, server.stockOf(id));
        assertEquals("Spring rolls (3)", menuProduct(id).get("productName").asText());
        JsonNode after = place("buyer-u", id, 4, 5);
        assertEquals("20.2", after.get("orderAmount").decimalValue().toPlainString());
        assertEquals(36, server.stockOf(id));

        TestServer.Reply off = server.sellerPut("/sell/api/seller/products/" + id, "{\"productStatus\":\"OFF_SALE\"}");
        assertEquals(200, off.status(), off.toString());
        assertEquals("OFF_SALE", off.json().get("productStatus").asText());
        assertEquals(null, menuProductOrNull(id), "off sale is off the menu");
        for (JsonNode category : server.get("/sell/api/products").json().get("categories")) {
            assertNotEquals(0, category.get("products").size(), "no empty category on the menu");
        }
        TestServer.Reply refused = server.post("/sell/api/orders", TestServer.orderJson("buyer-u", id, 1));
        assertEquals(409, refused.status(), refused.toString());
        assertEquals("off_sale", refused.errorCode());
        assertEquals("items[0].productId", refused.json().get("error").get("field").asText());

        // cancelling an order of an off-sale product still gives its stock back
        assertEquals("product.updated", socket.nextEvent().get("type").asText());
        allowed(act(after.get("orderId").asText(), "cancel"), after.get("orderId").asText(), "CANCELLED", "WAIT", 7);

        TestServer.Reply on = server.sellerPut("/sell/api/seller/products/" + id, "{\"productStatus\":\"ON_SALE\"}");
        assertEquals(200, on.status(), on.toString());
        assertEquals(40, server.stockOf(id));
        assertEquals("5.05", menuProduct(id).get("productPrice").decimalValue().toPlainString());

        TestServer.Reply bad = server.sellerPut("/sell/api/seller/products/" + id, "{\"productPrice\":1.234}");
        assertEquals(422, bad.status(), bad.toString());
        assertEquals("invalid_field", bad.errorCode());
        assertEquals("productPrice", bad.json().get("error").get("field").asText());
        TestServer.Reply badStatus = server.sellerPut("/sell/api/seller/products/" + id, "{\"productStatus\":\"SOLD\"}");
        assertEquals(422, badStatus.status(), badStatus.toString());
        assertEquals("productStatus", badStatus.json().get("error").get("field").asText());
        assertEquals("5.05", menuProduct(id).get("productPrice").decimalValue().toPlainString());
        assertEquals(40, server.stockOf(id));
    }

    private JsonNode menuProduct(String productId) {
        JsonNode product = menuProductOrNull(productId);
        if (product == null) throw new AssertionError(productId + " is not on the menu");
        return product;
    }

    private JsonNode menuProductOrNull(String productId) {
        for (JsonNode category : server.get("/sell/api/products").json().get("categories")) {
            for (JsonNode product : category.get("products")) {
                if (product.get("productId").asText().equals(productId)) return product;
            }
        }
        return null;
    }

    private String categoryOf(String productId) {
        for (JsonNode category : server.get("/sell/api/products").json().get("categories")) {
            for (JsonNode product : category.get("products")) {
                if (product.get("productId").asText().equals(productId)) return category.get("categoryName").asText();
            }
        }
        throw new AssertionError(productId + " is not on the menu");
    }
}
