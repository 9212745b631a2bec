package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The tutorial's form-encoded buyer API, in its {"code","msg","data"} envelope, sharing the v1 logic. On both stores. */
@ParameterizedClass
@EnumSource(Store.class)
class CompatApiTest extends ServerAndSocketTest {
    CompatApiTest(Store store) {
        super(store);
    }

    private static final String OK_MSG = "成功";


    // ---- helpers ----

    private TestServer.Reply create(String name, String phone, String address, String openid, String items) {
        FormBody.Builder form = new FormBody.Builder();
        if (name != null) form.add("name", name);
        if (phone != null) form.add("phone", phone);
        if (address != null) form.add("address", address);
        if (openid != null) form.add("openid", openid);
        if (items != null) form.add("items", items);
        return server.call(new Request.Builder().url(server.url("/sell/buyer/order/create")).post(form.build()).build());
    }

    private TestServer.Reply create(String openid, String items) {
        return create("Li Lei", "13800138000", "3 West Rd", openid, items);
    }

    private static String items(String productId, int quantity) {
        return "[{\"productId\":\"" + productId + "\",\"productQuantity\":" + quantity + "}]";
    }

    /** A successful answer: HTTP 200, code 0, msg 成功; returns data. */
    private static JsonNode ok(TestServer.Reply reply) {
        assertEquals(200, reply.status(), reply.toString());
        JsonNode body = reply.json();
        assertEquals(0, body.get("code").asInt(), reply.body());
        assertTrue(body.get("code").isInt(), "code is a number: " + reply.body());
        assertEquals(OK_MSG, body.get("msg").asText());
        return body.get("data");
    }

    /** A refusal in the tutorial's envelope: HTTP 200, its numeric code, a message, no data. */
    private static void refused(TestServer.Reply reply, int code, String what) {
        failed(reply, 200, code, what);
    }

    /** A refusal in the old envelope with the HTTP status given (200 but for 413, 415, 429, 5xx and unknown paths). */
    private static void failed(TestServer.Reply reply, int status, int code, String what) {
        assertEquals(status, reply.status(), what + ": " + reply);
        JsonNode body = reply.json();
        assertTrue(body.get("code").isInt(), what + ": " + reply.body());
        assertEquals(code, body.get("code").asInt(), what + ": " + reply.body());
        assertTrue(body.get("msg").isTextual() && !body.get("msg").asText().isBlank(), what + ": " + reply.body());
        assertFalse(body.get("msg").asText().equals(OK_MSG), what);
        assertFalse(body.has("error"), "the old envelope, not the v1 one: " + reply.body());
        assertFalse(body.has("data"), what + ": " + reply.body());
    }

    /** The fields of an order in the tutorial's API document, in its order. */
    private static final List<String> ORDER_FIELDS = List.of("orderId", "buyerName", "buyerPhone", "buyerAddress",
            "buyerOpenid", "orderAmount", "orderStatus", "payStatus", "createTime", "updateTime", "orderDetailList");
    private static final List<String> DETAIL_FIELDS = List.of("detailId", "orderId", "productId", "productName",
            "productPrice", "productQuantity", "productIcon");

    private static List<String> fieldsOf(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The tutorial's order, checked against the v1 order it shows: every field, its type and its value. */
    private static void assertTutorialOrder(JsonNode order, JsonNode v1, boolean withDetails) {
        assertEquals(ORDER_FIELDS, fieldsOf(order));
        for (String field : List.of("orderId", "buyerName", "buyerPhone", "buyerAddress", "buyerOpenid")) {
            assertTrue(order.get(field).isTextual(), field);
            assertEquals(v1.get(field).asText(), order.get(field).asText(), field);
        }
        assertTrue(order.get("orderAmount").isNumber());
        assertEquals(0, v1.get("orderAmount").decimalValue().compareTo(order.get("orderAmount").decimalValue()));
        assertTrue(order.get("orderStatus").isInt() && order.get("payStatus").isInt(), order.toString());
        assertEquals(List.of("NEW", "FINISHED", "CANCELLED").indexOf(v1.get("orderStatus").asText()),
                order.get("orderStatus").asInt());
        assertEquals(v1.get("payStatus").asText().equals("SUCCESS") ? 1 : 0, order.get("payStatus").asInt());
        assertTrue(order.get("createTime").isIntegralNumber() && order.get("updateTime").isIntegralNumber());
        assertEquals(java.time.Instant.parse(v1.get("createTime").asText()).getEpochSecond(), order.get("createTime").asLong());
        assertEquals(java.time.Instant.parse(v1.get("updateTime").asText()).getEpochSecond(), order.get("updateTime").asLong());
        if (!withDetails) {
            assertTrue(order.get("orderDetailList").isNull(), "a listed order has orderDetailList null");
            return;
        }
        JsonNode details = order.get("orderDetailList");
        assertEquals(v1.get("items").size(), details.size());
        java.util.Set<String> detailIds = new java.util.HashSet<>();
        for (int i = 0; i < details.size(); i++) {
            JsonNode detail = details.get(i);
            JsonNode item = v1.get("items").get(i);
            assertEquals(DETAIL_FIELDS, fieldsOf(detail));
            assertTrue(detailIds.add(detail.get("detailId").asText()), "detailIds differ");
            assertEquals(v1.get("orderId").asText(), detail.get("orderId").asText());
            assertEquals(item.get("productId").asText(), detail.get("productId").asText());
            assertEquals(item.get("productName").asText(), detail.get("productName").asText());
            assertEquals(item.get("productPrice"), detail.get("productPrice"));
            assertEquals(item.get("productQuantity").asInt(), detail.get("productQuantity").asInt());
            assertEquals(item.get("productIcon").asText(), detail.get("productIcon").asText());
        }
    }

    private String placeCompat(String openid, String items) {
        JsonNode data = ok(create(openid, items));
        String orderId = data.get("orderId").asText();
        assertFalse(orderId.isBlank());
        return orderId;
    }

    private Map<String, Integer> stocks() {
        Map<String, Integer> stock = new LinkedHashMap<>();
        for (JsonNode category : server.get("/sell/api/products").json().get("categories")) {
            for (JsonNode product : category.get("products")) {
                stock.put(product.get("productId").asText(), product.get("productStock").asInt());
            }
        }
        return stock;
    }

    private static List<String> idsOf(JsonNode orders) {
        List<String> ids = new ArrayList<>();
        for (JsonNode order : orders) ids.add(order.get("orderId").asText());
        return ids;
    }

    // ---- tests ----

    @Test
    void theProductListIsTheV1MenuInTheOldShape() {
        TestServer.Reply reply = server.get("/sell/buyer/product/list");
        JsonNode data = ok(reply);
        JsonNode menu = server.get("/sell/api/products").json().get("categories");
        assertTrue(data.isArray());
        assertEquals(3, data.size());
        assertEquals(menu.size(), data.size());
        int foods = 0;
        for (int i = 0; i < menu.size(); i++) {
            JsonNode category = data.get(i);
            JsonNode v1 = menu.get(i);
            assertEquals(v1.get("categoryName").asText(), category.get("name").asText());
            assertEquals(v1.get("categoryType").asInt(), category.get("type").asInt());
            assertEquals(v1.get("products").size(), category.get("foods").size());
            for (int j = 0; j < v1.get("products").size(); j++) {
                JsonNode food = category.get("foods").get(j);
                JsonNode product = v1.get("products").get(j);
                assertEquals(product.get("productId").asText(), food.get("id").asText());
                assertEquals(product.get("productName").asText(), food.get("name").asText());
                assertEquals(product.get("productPrice"), food.get("price"));
                assertEquals(product.get("productDescription").asText(), food.get("description").asText());
                assertEquals(product.get("productIcon").asText(), food.get("icon").asText());
                foods++;
            }
        }
        assertEquals(7, foods);
        assertEquals("Hot dishes", data.get(0).get("name").asText());
        assertEquals(1, data.get(0).get("type").asInt());
        JsonNode pork = data.get(0).get("foods").get(0);
        assertEquals("braised-pork-rice", pork.get("id").asText());
        assertEquals("12.9", pork.get("price").decimalValue().toPlainString());
        assertEquals("Slow-braised pork belly over rice", pork.get("description").asText());

        // an off-sale product leaves both menus alike
        assertEquals(200, server.sellerPut("/sell/api/seller/products/mapo-tofu", "{\"productStatus\":\"OFF_SALE\"}").status());
        JsonNode after = ok(server.get("/sell/buyer/product/list"));
        List<String> hot = new ArrayList<>();
        for (JsonNode food : after.get(0).get("foods")) hot.add(food.get("id").asText());
        assertEquals(List.of("braised-pork-rice", "kung-pao-chicken"), hot);
    }

    @Test
    void aFormOrderIsAV1OrderAndIsPushed() {
        TestServer.Reply reply = create("Li Lei", "13800138000", "3 West Rd", "wx-open-1",
                "[{\"productId\":\"braised-pork-rice\",\"productQuantity\":2},{\"productId\":\"milk-tea\",\"productQuantity\":1}]");
        JsonNode data = ok(reply);
        String orderId = data.get("orderId").asText();
        assertFalse(orderId.isBlank());

        JsonNode event = socket.nextEvent();
        assertEquals("order.created", event.get("type").asText());
        assertEquals(1, event.get("seq").asLong());
        JsonNode pushed = event.get("order");
        assertEquals(orderId, pushed.get("orderId").asText());
        assertEquals("32.3", pushed.get("orderAmount").decimalValue().toPlainString(), "2 x 12.90 + 6.50");

        TestServer.Reply v1 = server.get("/sell/api/orders/" + orderId + "?openid=wx-open-1");
        assertEquals(200, v1.status(), v1.toString());
        JsonNode order = v1.json();
        assertEquals(pushed, order);
        assertEquals("Li Lei", order.get("buyerName").asText());
        assertEquals("13800138000", order.get("buyerPhone").asText());
        assertEquals("3 West Rd", order.get("buyerAddress").asText());
        assertEquals("wx-open-1", order.get("buyerOpenid").asText());
        assertEquals("NEW", order.get("orderStatus").asText());
        assertEquals("WAIT", order.get("payStatus").asText());
        assertEquals(2, order.get("items").size());
        assertEquals("braised-pork-rice", order.get("items").get(0).get("productId").asText());
        assertEquals(2, order.get("items").get(0).get("productQuantity").asInt());
        assertEquals("12.9", order.get("items").get(0).get("productPrice").decimalValue().toPlainString());
        assertEquals("milk-tea", order.get("items").get(1).get("productId").asText());
        assertEquals(98, server.stockOf("braised-pork-rice"));
        assertEquals(199, server.stockOf("milk-tea"));
        assertEquals(1, server.orderCount());
        assertEquals(1, server.headSeq());
        assertEquals(order, server.sellerGet("/sell/api/seller/orders/" + orderId).json());

        // and the compatible detail shows the same order, as the tutorial's document does
        JsonNode detail = ok(server.get("/sell/buyer/order/detail?openid=wx-open-1&orderId=" + orderId));
        assertTutorialOrder(detail, order, true);
        assertEquals(0, detail.get("orderStatus").asInt());
        assertEquals(0, detail.get("payStatus").asInt());
        assertEquals("32.3", detail.get("orderAmount").decimalValue().toPlainString());
        assertEquals("12.9", detail.get("orderDetailList").get(0).get("productPrice").decimalValue().toPlainString());
        assertEquals(2, detail.get("orderDetailList").get(0).get("productQuantity").asInt());
        long now = System.currentTimeMillis() / 1000;
        assertTrue(Math.abs(now - detail.get("createTime").asLong()) < 60, "createTime in Unix seconds");

        // paid and finished, as integers
        server.sellerPost("/sell/api/seller/orders/" + orderId + "/pay", "");
        server.sellerPost("/sell/api/seller/orders/" + orderId + "/finish", "");
        JsonNode done = ok(server.get("/sell/buyer/order/detail?openid=wx-open-1&orderId=" + orderId));
        assertEquals(1, done.get("orderStatus").asInt());
        assertEquals(1, done.get("payStatus").asInt());
        assertTutorialOrder(done, server.get("/sell/api/orders/" + orderId + "?openid=wx-open-1").json(), true);
    }

    @Test
    void theListPagesOnlyThatBuyersOrders() {
        String a1 = placeCompat("buyer-a", items("milk-tea", 1));
        String b1 = placeCompat("buyer-b", items("lemon-tea", 2));
        String a2 = placeCompat("buyer-a", items("mapo-tofu", 1));
        String a3 = server.placeOrder("buyer-a", "kung-pao-chicken", 2).get("orderId").asText();
        assertEquals(4, socket.nextEvents(4).size());

        JsonNode all = ok(server.get("/sell/buyer/order/list?openid=buyer-a&page=0&size=10"));
        assertEquals(List.of(a3, a2, a1), idsOf(all), "newest first, v1 orders included");
        for (JsonNode order : all) {
            assertEquals("buyer-a", order.get("buyerOpenid").asText());
            assertTutorialOrder(order, server.get("/sell/api/orders/" + order.get("orderId").asText() + "?openid=buyer-a").json(),
                    false);
        }
        assertEquals("29", all.get(0).get("orderAmount").asText());
        assertEquals("9.9", all.get(1).get("orderAmount").decimalValue().toPlainString());
        assertEquals("6.5", all.get(2).get("orderAmount").decimalValue().toPlainString());

        assertEquals(List.of(a3, a2), idsOf(ok(server.get("/sell/buyer/order/list?openid=buyer-a&page=0&size=2"))));
        assertEquals(List.of(a1), idsOf(ok(server.get("/sell/buyer/order/list?openid=buyer-a&page=1&size=2"))));
        assertEquals(List.of(), idsOf(ok(server.get("/sell/buyer/order/list?openid=buyer-a&page=2&size=2"))));
        assertEquals(List.of(a3, a2, a1), idsOf(ok(server.get("/sell/buyer/order/list?openid=buyer-a"))),
                "page and size have defaults");
        assertEquals(List.of(b1), idsOf(ok(server.get("/sell/buyer/order/list?openid=buyer-b&page=0&size=10"))));
        assertEquals(List.of(), idsOf(ok(server.get("/sell/buyer/order/list?openid=buyer-z&page=0&size=10"))));

        refused(server.get("/sell/buyer/order/list?page=0&size=10"), 1, "list without openid");
        refused(server.get("/sell/buyer/order/list?openid=buyer-a&page=-1&size=10"), 1, "negative page");
        refused(server.get("/sell/buyer/order/list?openid=buyer-a&page=0&size=0"), 1, "size 0");
        refused(server.get("/sell/buyer/order/list?openid=buyer-a&page=0&size=101"), 1, "size 101");
        refused(server.get("/sell/buyer/order/list?openid=buyer-a&page=x&size=10"), 1, "page x");
        refused(server.get("/sell/buyer/order/list?openid=buyer-%FF&page=0&size=10"), 1, "openid not UTF-8");
    }

    @Test
    void detailOnlyForTheBuyer() {
        String id = placeCompat("buyer-d", items("beef-noodle-soup", 2));
        assertEquals(1, socket.nextEvent().get("seq").asLong());
        JsonNode detail = ok(server.get("/sell/buyer/order/detail?openid=buyer-d&orderId=" + id));
        assertEquals(id, detail.get("orderId").asText());
        assertEquals("26", detail.get("orderAmount").asText());
        assertEquals("Beef noodle soup", detail.get("orderDetailList").get(0).get("productName").asText());

        refused(server.get("/sell/buyer/order/detail?openid=buyer-x&orderId=" + id), 19, "another buyer's order");
        refused(server.get("/sell/buyer/order/detail?openid=buyer-d&orderId=1000000000000000000"), 12, "unknown order");
        refused(server.get("/sell/buyer/order/detail?orderId=" + id), 1, "missing openid");
        refused(server.get("/sell/buyer/order/detail?openid=buyer-d"), 1, "missing orderId");
        refused(server.get("/sell/buyer/order/detail?openid=buyer-d&orderId=%C3%28"), 1, "orderId not UTF-8");
        assertEquals(List.of(), socket.drain(200));
        assertEquals(1, server.headSeq());
    }

    @Test
    void cancelGivesTheStockBackOnce() {
        String id = placeCompat("buyer-c", "[{\"productId\":\"pork-dumplings\",\"productQuantity\":4},"
                + "{\"productId\":\"lemon-tea\",\"productQuantity\":3}]");
        assertEquals(1, socket.nextEvent().get("seq").asLong());
        assertEquals(96, server.stockOf("pork-dumplings"));
        assertEquals(197, server.stockOf("lemon-tea"));

        // another buyer's order, an unknown one, missing or broken parameters: refused, nothing changes
        refused(cancel("buyer-x", id), 19, "cancel with another buyer's openid");
        refused(cancel("buyer-c", "1000000000000000000"), 12, "cancel of an unknown order");
        refused(cancel(null, id), 1, "cancel without openid");
        refused(cancel("buyer-c", null), 1, "cancel without orderId");
        refused(server.call(new Request.Builder().url(server.url("/sell/buyer/order/cancel"))
                .post(RequestBody.create("openid=buyer-%FF&orderId=" + id, okhttp3.MediaType.get(
                        "application/x-www-form-urlencoded"))).build()), 1, "openid not UTF-8 in the form");
        assertEquals(List.of(), socket.drain(200));
        assertEquals(1, server.headSeq());
        assertEquals("NEW", server.sellerGet("/sell/api/seller/orders/" + id).json().get("orderStatus").asText());
        assertEquals(96, server.stockOf("pork-dumplings"));

        TestServer.Reply cancelled = cancel("buyer-c", id);
        ok(cancelled);
        assertTrue(cancelled.json().has("data") && cancelled.json().get("data").isNull(), "data: null on cancel");
        JsonNode event = socket.nextEvent();
        assertEquals("order.updated", event.get("type").asText());
        assertEquals(2, event.get("seq").asLong());
        assertEquals(id, event.get("order").get("orderId").asText());
        assertEquals("CANCELLED", event.get("order").get("orderStatus").asText());
        assertEquals(100, server.stockOf("pork-dumplings"));
        assertEquals(200, server.stockOf("lemon-tea"));
        assertEquals("CANCELLED", server.get("/sell/api/orders/" + id + "?openid=buyer-c").json()
                .get("orderStatus").asText());

        refused(cancel("buyer-c", id), 14, "cancel twice");
        assertEquals(List.of(), socket.drain(200));
        assertEquals(2, server.headSeq());
        assertEquals(100, server.stockOf("pork-dumplings"));

        // the tutorial also passes the parameters in the query
        String other = placeCompat("buyer-c", items("milk-tea", 2));
        assertEquals(3, socket.nextEvent().get("seq").asLong());
        assertEquals(198, server.stockOf("milk-tea"));
        ok(server.call(new Request.Builder().url(server.url("/sell/buyer/order/cancel?openid=buyer-c&orderId=" + other))
                .post(RequestBody.create(new byte[0], null)).build()));
        assertEquals(4, socket.nextEvent().get("seq").asLong());
        assertEquals(200, server.stockOf("milk-tea"));
    }

    private TestServer.Reply cancel(String openid, String orderId) {
        FormBody.Builder form = new FormBody.Builder();
        if (openid != null) form.add("openid", openid);
        if (orderId != null) form.add("orderId", orderId);
        return server.call(new Request.Builder().url(server.url("/sell/buyer/order/cancel")).post(form.build()).build());
    }

    @Test
    void refusedCreatesChangeNothing() {
        String scarce = server.createProduct("Last two", "1.00", 2);
        assertEquals("product.updated", socket.nextEvent().get("type").asText());
        Map<String, Integer> before = stocks();
        assertEquals(8, before.size());
        assertEquals(2, before.get(scarce));

        refused(create("wx-1", "[{\"productId\":\"milk-tea\""), 1, "items not JSON");
        refused(create("wx-1", "milk-tea x2"), 1, "items plain text");
        refused(create("wx-1", ""), 1, "items empty string");
        refused(create("wx-1", "{\"productId\":\"milk-tea\",\"productQuantity\":1}"), 1, "items an object");
        refused(create("wx-1", "[]"), 18, "an empty cart");
        refused(create("wx-1", "[{\"productId\":\"milk-tea\",\"productQuantity\":1}] x"), 1,
                "trailing content after items");
        refused(create("wx-1", "[{\"productId\":\"milk-tea\",\"productQuantity\":1,\"productQuantity\":2}]"), 1,
                "duplicate key in items");
        refused(create("wx-1", items("milk-tea", 0)), 1, "quantity 0");
        refused(create("wx-1", items("milk-tea", 1000)), 1, "quantity 1000");
        refused(create("wx-1", "[{\"productId\":\"milk-tea\",\"productQuantity\":\"2\"}]"), 1, "quantity \"2\"");
        refused(create("wx-1", "[{\"productId\":\"milk-tea\",\"productQuantity\":1.5}]"), 1, "quantity 1.5");
        refused(create("wx-1", items("no-such-dish", 1)), 10, "unknown product");
        refused(create("wx-1", items("milk-tea", 201)), 11, "more than the stock");
        refused(create("wx-1", items(scarce, 3)), 11, "more than the stock of a new product");
        refused(create("wx-1", "[{\"productId\":\"milk-tea\",\"productQuantity\":3},"
                + "{\"productId\":\"lemon-tea\",\"productQuantity\":999}]"), 11, "second line out of stock");
        refused(create(null, "13800138000", "3 West Rd", "wx-1", items("milk-tea", 1)), 1, "missing name");
        refused(create("Li Lei", null, "3 West Rd", "wx-1", items("milk-tea", 1)), 1, "missing phone");
        refused(create("Li Lei", "13800138000", null, "wx-1", items("milk-tea", 1)), 1, "missing address");
        refused(create("Li Lei", "13800138000", "3 West Rd", null, items("milk-tea", 1)), 1, "missing openid");
        refused(create("Li Lei", "13800138000", "3 West Rd", "wx-1", null), 1, "missing items");
        refused(create("  ", "13800138000", "3 West Rd", "wx-1", items("milk-tea", 1)), 1, "blank name");
        refused(create("Li\u0000Lei", "13800138000", "3 West Rd", "wx-1", items("milk-tea", 1)), 1, "NUL in name");
        refused(create("n".repeat(65), "13800138000", "3 West Rd", "wx-1", items("milk-tea", 1)), 1,
                "name 65 characters");
        refused(create("Li Lei", "phone", "3 West Rd", "wx-1", items("milk-tea", 1)), 1, "invalid phone");
        refused(create("Li Lei", "13800138000", "3 West Rd", "wx 1", items("milk-tea", 1)), 1, "space in openid");
        refused(server.call(new Request.Builder().url(server.url("/sell/buyer/order/create"))
                .post(RequestBody.create("name=Li%FFLei&phone=13800138000&address=3+West+Rd&openid=wx-1&items="
                        + java.net.URLEncoder.encode(items("milk-tea", 1), java.nio.charset.StandardCharsets.UTF_8),
                        okhttp3.MediaType.get("application/x-www-form-urlencoded"))).build()), 1, "name not UTF-8");
        failed(server.call(new Request.Builder().url(server.url("/sell/buyer/order/create"))
                .post(RequestBody.create("{\"name\":\"Li Lei\"}", TestServer.JSON)).build()), 415, 415, "JSON body");
        failed(server.get("/sell/buyer/order/create"), 405, 405, "GET on create");
        failed(server.get("/sell/buyer/nothing-here"), 404, 404, "an unknown path is no refusal of the tutorial's");

        assertEquals(before, stocks());
        assertEquals(0, server.orderCount());
        assertEquals(1, server.headSeq(), "the product's event only");
        assertEquals(List.of(), socket.drain(300));

        String id = placeCompat("wx-1", items("milk-tea", 201 - 1));
        assertEquals(0, server.stockOf("milk-tea"));
        assertEquals(2, socket.nextEvent().get("seq").asLong());
        assertEquals("1300", server.sellerGet("/sell/api/seller/orders/" + id).json().get("orderAmount").asText());
    }
}
