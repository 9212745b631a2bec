package sell;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table of requests the server must refuse, each with its exact status, error code and field;
 * afterwards nothing may have changed: no order, no event, no stock taken, nothing pushed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadRequestTest {
    private static final String ORDERS = "/sell/api/orders";
    private static final String BEARER = "Bearer " + TestServer.TOKEN;

    private TestServer server;
    private Socket socket;
    private String offSaleId;
    /** The set-up's menu changes are the shop's first events: two products added, one taken off sale. */
    private static final long MENU_EVENTS = 3;
    private String scarceId;
    private final Map<String, Integer> seededStock = new LinkedHashMap<>();
    private int casesRun;

    /** One refusal: how to build the request, and exactly what must come back. */
    record Case(String name, Function<TestServer, Request> request, int status, String code, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void start() {
        server = TestServer.start();
        offSaleId = server.createProduct("Retired special", "8.80", 10);
        TestServer.Reply off = server.sellerPut("/sell/api/seller/products/" + offSaleId, "{\"productStatus\":\"OFF_SALE\"}");
        assertEquals(200, off.status(), off.toString());
        assertEquals("OFF_SALE", off.json().get("productStatus").asText());
        scarceId = server.createProduct("Scarce special", "3.00", 2);
        for (JsonNode category : server.get("/sell/api/products").json().get("categories")) {
            for (JsonNode product : category.get("products")) {
                seededStock.put(product.get("productId").asText(), product.get("productStock").asInt());
            }
        }
        assertEquals(8, seededStock.size(), "7 demo products and the scarce one: " + seededStock);
        assertEquals(100, seededStock.get("beef-noodle-soup"));
        assertEquals(200, seededStock.get("milk-tea"));
        assertEquals(2, seededStock.get(scarceId));
        assertFalse(seededStock.containsKey(offSaleId));
        socket = Socket.connect(server, "");
        JsonNode hello = socket.next();
        assertEquals("hello", hello.get("type").asText());
        assertEquals(MENU_EVENTS, hello.get("headSeq").asLong());
    }

    @AfterAll
    void stop() {
        if (socket != null) socket.close();
        if (server != null) server.close();
    }

    // ---- request builders ----

    private static Function<TestServer, Request> postJson(String json) {
        return s -> new Request.Builder().url(s.url(ORDERS)).post(RequestBody.create(json, TestServer.JSON)).build();
    }

    private static Function<TestServer, Request> postRaw(byte[] body, String contentType) {
        return s -> new Request.Builder().url(s.url(ORDERS))
                .post(RequestBody.create(body, contentType == null ? null : MediaType.get(contentType))).build();
    }

    private static Function<TestServer, Request> withKey(String key) {
        return s -> new Request.Builder().url(s.url(ORDERS)).header("Idempotency-Key", key)
                .post(RequestBody.create(valid(), TestServer.JSON)).build();
    }

    private static Function<TestServer, Request> get(String path, String authorization) {
        return s -> {
            Request.Builder b = new Request.Builder().url(s.url(path)).get();
            if (authorization != null) b.header("Authorization", authorization);
            return b.build();
        };
    }

    private static Function<TestServer, Request> post(String path, String authorization) {
        return s -> {
            Request.Builder b = new Request.Builder().url(s.url(path)).post(RequestBody.create("", TestServer.JSON));
            if (authorization != null) b.header("Authorization", authorization);
            return b.build();
        };
    }

    private static Function<TestServer, Request> method(String method, String path) {
        return s -> new Request.Builder().url(s.url(path))
                .method(method, method.equals("GET") || method.equals("DELETE") ? null
                        : RequestBody.create("{}", TestServer.JSON)).build();
    }

    /** A valid order body; each case changes one thing. */
    static String valid() {
        return order("\"Ann\"", "\"13800138000\"", "\"1 Main St\"", "\"ann-1\"",
                "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1}]");
    }

    static String order(String name, String phone, String address, String openid, String items) {
        StringBuilder json = new StringBuilder("{");
        List<String> parts = new ArrayList<>();
        if (name != null) parts.add("\"buyerName\":" + name);
        if (phone != null) parts.add("\"buyerPhone\":" + phone);
        if (address != null) parts.add("\"buyerAddress\":" + address);
        if (openid != null) parts.add("\"buyerOpenid\":" + openid);
        if (items != null) parts.add("\"items\":" + items);
        return json.append(String.join(",", parts)).append("}").toString();
    }

    static String withName(String name) {
        return order(name, "\"13800138000\"", "\"1 Main St\"", "\"ann-1\"",
                "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1}]");
    }

    static String withPhone(String phone) {
        return order("\"Ann\"", quoted(phone), "\"1 Main St\"", "\"ann-1\"",
                "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1}]");
    }

    static String withItems(String items) {
        return order("\"Ann\"", "\"13800138000\"", "\"1 Main St\"", "\"ann-1\"", items);
    }

    static String quantity(String quantity) {
        return withItems("[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":" + quantity + "}]");
    }

    static String quoted(String s) {
        return "\"" + s + "\"";
    }

    static Case c(String name, Function<TestServer, Request> request, int status, String code, String field) {
        return new Case(name, request, status, code, field);
    }

    Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        // malformed bodies: 400
        cases.add(c("malformed JSON", postJson("{\"buyerName\":"), 400, "malformed_request", null));
        cases.add(c("not JSON at all", postJson("hello"), 400, "malformed_request", null));
        cases.add(c("empty body", postJson(""), 400, "malformed_request", null));
        cases.add(c("whitespace only body", postJson("  \n "), 400, "malformed_request", null));
        cases.add(c("JSON array instead of object", postJson("[" + valid() + "]"), 400, "malformed_request", null));
        cases.add(c("JSON string instead of object", postJson("\"order\""), 400, "malformed_request", null));
        cases.add(c("JSON null instead of object", postJson("null"), 400, "malformed_request", null));
        cases.add(c("duplicate key", postJson("{\"buyerName\":\"Ann\"," + valid().substring(1)), 400,
                "malformed_request", null));
        cases.add(c("duplicate key inside an item", postJson(withItems(
                "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1,\"productQuantity\":2}]")), 400,
                "malformed_request", null));
        cases.add(c("trailing object after the object", postJson(valid() + "{}"), 400, "malformed_request", null));
        cases.add(c("trailing garbage after the object", postJson(valid() + " x"), 400, "malformed_request", null));
        cases.add(c("nesting deeper than 32", postJson("{\"extra\":" + "[".repeat(40) + "]".repeat(40) + ","
                + valid().substring(1)), 400, "malformed_request", null));
        cases.add(c("invalid UTF-8", postRaw(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                "application/json"), 400, "malformed_request", null));
        cases.add(c("raw NUL byte inside a string", postRaw(withName("\"An\u0000n\"")
                .getBytes(StandardCharsets.UTF_8), "application/json"), 400, "malformed_request", null));
        cases.add(c("NUL bytes where UTF-32 would have them", postRaw(("{\u0000\u0000\u0000" + valid().substring(1))
                .getBytes(StandardCharsets.UTF_8), "application/json"), 400, "malformed_request", null));
        cases.add(c("UTF-16 body without a charset (JSON must be UTF-8)", postRaw(valid().getBytes(StandardCharsets.UTF_16BE),
                "application/json"), 400, "malformed_request", null));

        // missing required fields: 422
        cases.add(c("missing buyerName", postJson(order(null, "\"13800138000\"", "\"1 Main St\"", "\"ann-1\"",
                "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1}]")), 422, "invalid_field", "buyerName"));
        cases.add(c("missing buyerPhone", postJson(order("\"Ann\"", null, "\"1 Main St\"", "\"ann-1\"",
                "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1}]")), 422, "invalid_field", "buyerPhone"));
        cases.add(c("missing buyerAddress", postJson(order("\"Ann\"", "\"13800138000\"", null, "\"ann-1\"",
                "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1}]")), 422, "invalid_field", "buyerAddress"));
        cases.add(c("missing buyerOpenid", postJson(order("\"Ann\"", "\"13800138000\"", "\"1 Main St\"", null,
                "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1}]")), 422, "invalid_field", "buyerOpenid"));
        cases.add(c("missing items", postJson(order("\"Ann\"", "\"13800138000\"", "\"1 Main St\"", "\"ann-1\"", null)),
                422, "invalid_field", "items"));
        cases.add(c("null buyerName", postJson(withName("null")), 422, "invalid_field", "buyerName"));
        cases.add(c("items null", postJson(withItems("null")), 422, "invalid_field", "items"));
        cases.add(c("missing productId", postJson(withItems("[{\"productQuantity\":1}]")), 422, "invalid_field",
                "items[0].productId"));
        cases.add(c("missing productQuantity", postJson(withItems("[{\"productId\":\"beef-noodle-soup\"}]")), 422,
                "invalid_field", "items[0].productQuantity"));
        cases.add(c("empty object", postJson("{}"), 422, "invalid_field", "buyerName"));

        // wrong types: 422
        cases.add(c("productQuantity as string \"2\"", postJson(quantity("\"2\"")), 422, "invalid_field",
                "items[0].productQuantity"));
        cases.add(c("productQuantity 1.5", postJson(quantity("1.5")), 422, "invalid_field", "items[0].productQuantity"));
        cases.add(c("productQuantity 2.0", postJson(quantity("2.0")), 422, "invalid_field", "items[0].productQuantity"));
        cases.add(c("productQuantity true", postJson(quantity("true")), 422, "invalid_field", "items[0].productQuantity"));
        cases.add(c("buyerName as number", postJson(withName("42")), 422, "invalid_field", "buyerName"));
        cases.add(c("buyerName as array", postJson(withName("[\"Ann\"]")), 422, "invalid_field", "buyerName"));
        cases.add(c("items as object", postJson(withItems("{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1}")),
                422, "invalid_field", "items"));
        cases.add(c("items as string", postJson(withItems("\"beef-noodle-soup\"")), 422, "invalid_field", "items"));
        cases.add(c("item as number", postJson(withItems("[1]")), 422, "invalid_field", "items[0]"));
        cases.add(c("second item null", postJson(withItems(
                "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1},null]")), 422, "invalid_field", "items[1]"));
        cases.add(c("productId as number", postJson(withItems("[{\"productId\":7,\"productQuantity\":1}]")), 422,
                "invalid_field", "items[0].productId"));

        // out of range: 422
        cases.add(c("productQuantity 0", postJson(quantity("0")), 422, "invalid_field", "items[0].productQuantity"));
        cases.add(c("productQuantity -1", postJson(quantity("-1")), 422, "invalid_field", "items[0].productQuantity"));
        cases.add(c("productQuantity 1000", postJson(quantity("1000")), 422, "invalid_field", "items[0].productQuantity"));
        cases.add(c("productQuantity 99999999999999999999", postJson(quantity("99999999999999999999")), 422,
                "invalid_field", "items[0].productQuantity"));
        cases.add(c("productQuantity 4294967297 (wraps to 1 as int)", postJson(quantity("4294967297")), 422,
                "invalid_field", "items[0].productQuantity"));
        cases.add(c("empty items", postJson(withItems("[]")), 422, "invalid_field", "items"));
        String line = "{\"productId\":\"milk-tea\",\"productQuantity\":1}";
        cases.add(c("101 items", postJson(withItems("[" + String.join(",", java.util.Collections.nCopies(101, line)) + "]")),
                422, "invalid_field", "items"));
        cases.add(c("third item quantity 0", postJson(withItems("[" + line + "," + line
                + ",{\"productId\":\"milk-tea\",\"productQuantity\":0}]")), 422, "invalid_field",
                "items[2].productQuantity"));

        // text rules: 422
        cases.add(c("empty buyerName", postJson(withName("\"\"")), 422, "invalid_field", "buyerName"));
        cases.add(c("blank buyerName", postJson(withName("\"   \"")), 422, "invalid_field", "buyerName"));
        cases.add(c("blank buyerAddress", postJson(order("\"Ann\"", "\"13800138000\"", "\"\\t \"", "\"ann-1\"",
                "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1}]")), 422, "invalid_field", "buyerAddress"));
        cases.add(c("blank productId", postJson(withItems("[{\"productId\":\" \",\"productQuantity\":1}]")), 422,
                "invalid_field", "items[0].productId"));
        cases.add(c("buyerName 65 characters", postJson(withName(quoted("n".repeat(65)))), 422, "invalid_field",
                "buyerName"));
        cases.add(c("buyerAddress 257 characters", postJson(order("\"Ann\"", "\"13800138000\"", quoted("a".repeat(257)),
                "\"ann-1\"", "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1}]")), 422, "invalid_field",
                "buyerAddress"));
        cases.add(c("buyerOpenid 65 characters", postJson(order("\"Ann\"", "\"13800138000\"", "\"1 Main St\"",
                quoted("o".repeat(65)), "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1}]")), 422,
                "invalid_field", "buyerOpenid"));
        cases.add(c("productId 65 characters", postJson(withItems("[{\"productId\":\"" + "p".repeat(65)
                + "\",\"productQuantity\":1}]")), 422, "invalid_field", "items[0].productId"));
        cases.add(c("NUL in buyerName", postJson(withName("\"An\\u0000n\"")), 422, "invalid_field", "buyerName"));
        cases.add(c("bell character in buyerName", postJson(withName("\"An\\u0007n\"")), 422, "invalid_field",
                "buyerName"));
        cases.add(c("escape character in buyerAddress", postJson(order("\"Ann\"", "\"13800138000\"",
                "\"1 Main\\u001b[31m St\"", "\"ann-1\"", "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1}]")),
                422, "invalid_field", "buyerAddress"));
        cases.add(c("C1 control in buyerName", postJson(withName("\"An\\u0085n\"")), 422, "invalid_field", "buyerName"));
        cases.add(c("lone surrogate in buyerName", postJson(withName("\"An\\ud800n\"")), 422, "invalid_field",
                "buyerName"));
        cases.add(c("space inside buyerOpenid", postJson(order("\"Ann\"", "\"13800138000\"", "\"1 Main St\"",
                "\"ann 1\"", "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1}]")), 422, "invalid_field",
                "buyerOpenid"));
        cases.add(c("letters as phone", postJson(order("\"Ann\"", "\"call me\"", "\"1 Main St\"", "\"ann-1\"",
                "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1}]")), 422, "invalid_field", "buyerPhone"));
        cases.add(c("phone with two digits", postJson(order("\"Ann\"", "\"12\"", "\"1 Main St\"", "\"ann-1\"",
                "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1}]")), 422, "invalid_field", "buyerPhone"));
        cases.add(c("phone with 21 digits", postJson(order("\"Ann\"", quoted("1".repeat(21)), "\"1 Main St\"",
                "\"ann-1\"", "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1}]")), 422, "invalid_field",
                "buyerPhone"));
        cases.add(c("phone as number", postJson(order("\"Ann\"", "13800138000", "\"1 Main St\"", "\"ann-1\"",
                "[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":1}]")), 422, "invalid_field", "buyerPhone"));
        // the phone's shape: an optional +, a digit, then digits and the usual separators
        for (String phone : List.of("+", "++8613800138000", "(010) 6552 1234", "+ 8613800138000", "138x0013800",
                "\uff11\uff13\uff18\uff10\uff10", "010/65521234", "")) {
            cases.add(c("phone " + quoted(phone), postJson(withPhone(phone)), 422, "invalid_field", "buyerPhone"));
        }

        // products and stock
        cases.add(c("unknown productId", postJson(withItems("[{\"productId\":\"no-such-dish\",\"productQuantity\":1}]")),
                422, "unknown_product", "items[0].productId"));
        cases.add(c("unknown productId on the second line", postJson(withItems("[" + line
                + ",{\"productId\":\"no-such-dish\",\"productQuantity\":1}]")), 422, "unknown_product",
                "items[1].productId"));
        cases.add(c("off-sale product", postJson(withItems("[{\"productId\":\"" + offSaleId
                + "\",\"productQuantity\":1}]")), 409, "off_sale", "items[0].productId"));
        cases.add(c("not enough stock", postJson(withItems("[{\"productId\":\"" + scarceId
                + "\",\"productQuantity\":3}]")), 409, "out_of_stock", "items[0].productQuantity"));
        cases.add(c("not enough stock on the second line (first line's stock must come back)", postJson(withItems(
                "[{\"productId\":\"milk-tea\",\"productQuantity\":5},{\"productId\":\"lemon-tea\",\"productQuantity\":999}]")),
                409, "out_of_stock", "items[1].productQuantity"));
        cases.add(c("same product twice, together more than the stock", postJson(withItems(
                "[{\"productId\":\"" + scarceId + "\",\"productQuantity\":2},{\"productId\":\"" + scarceId
                + "\",\"productQuantity\":1}]")), 409, "out_of_stock", "items[1].productQuantity"));

        // media type and size
        cases.add(c("Content-Type text/plain", postRaw(valid().getBytes(StandardCharsets.UTF_8), "text/plain"), 415,
                "unsupported_media_type", null));
        cases.add(c("form-encoded body", s -> new Request.Builder().url(s.url(ORDERS))
                .post(new FormBody.Builder().add("buyerName", "Ann").build()).build(), 415, "unsupported_media_type", null));
        cases.add(c("no Content-Type", postRaw(valid().getBytes(StandardCharsets.UTF_8), null), 415,
                "unsupported_media_type", null));
        cases.add(c("JSON in ISO-8859-1", postRaw(valid().getBytes(StandardCharsets.ISO_8859_1),
                "application/json; charset=iso-8859-1"), 415, "unsupported_media_type", null));
        byte[] big = (valid() + " ".repeat(64 * 1024)).getBytes(StandardCharsets.UTF_8);
        cases.add(c("body over 64 KiB", postRaw(big, "application/json"), 413, "payload_too_large", null));

        // Idempotency-Key
        cases.add(c("Idempotency-Key of 256 characters", withKey("k".repeat(256)), 400, "invalid_header",
                "Idempotency-Key"));
        cases.add(c("empty Idempotency-Key", withKey(""), 400, "invalid_header", "Idempotency-Key"));
        cases.add(c("Idempotency-Key with a tab", withKey("key\twith-tab"), 400, "invalid_header", "Idempotency-Key"));

        // buyer endpoints
        cases.add(c("buyer GET of an unknown order", get(ORDERS + "/999999999?openid=ann-1", null), 404, "not_found",
                null));
        cases.add(c("buyer GET without openid", get(ORDERS + "/999999999", null), 400, "missing_parameter", "openid"));
        cases.add(c("buyer GET with blank openid", get(ORDERS + "/999999999?openid=%20", null), 400,
                "missing_parameter", "openid"));
        cases.add(c("buyer cancel of an unknown order", post(ORDERS + "/999999999/cancel?openid=ann-1", null), 404,
                "not_found", null));
        cases.add(c("buyer cancel without openid", post(ORDERS + "/999999999/cancel", null), 400, "missing_parameter",
                "openid"));

        // seller endpoints
        cases.add(c("seller list without token", get("/sell/api/seller/orders", null), 401, "unauthorized", null));
        cases.add(c("seller list with a wrong token", get("/sell/api/seller/orders", "Bearer wrong-token-0000000000"),
                401, "unauthorized", null));
        cases.add(c("seller list with the token as Basic", get("/sell/api/seller/orders", "Basic " + TestServer.TOKEN),
                401, "unauthorized", null));
        cases.add(c("seller list with the token without Bearer", get("/sell/api/seller/orders", TestServer.TOKEN),
                401, "unauthorized", null));
        cases.add(c("seller GET without token", get("/sell/api/seller/orders/999999999", null), 401, "unauthorized",
                null));
        cases.add(c("seller finish without token", post("/sell/api/seller/orders/999999999/finish", null), 401,
                "unauthorized", null));
        cases.add(c("seller cancel with a wrong token", post("/sell/api/seller/orders/999999999/cancel",
                "Bearer nope-nope-nope-nope"), 401, "unauthorized", null));
        cases.add(c("seller pay without token", post("/sell/api/seller/orders/999999999/pay", null), 401,
                "unauthorized", null));
        cases.add(c("seller events without token", get("/sell/api/seller/events?since=0", null), 401, "unauthorized",
                null));
        cases.add(c("seller product create without token", s -> new Request.Builder()
                .url(s.url("/sell/api/seller/products")).post(RequestBody.create(
                        "{\"productName\":\"Free lunch\",\"productPrice\":0,\"productStock\":5}", TestServer.JSON)).build(),
                401, "unauthorized", null));
        cases.add(c("seller product update without token", s -> new Request.Builder()
                .url(s.url("/sell/api/seller/products/milk-tea")).put(RequestBody.create(
                        "{\"productStock\":0}", TestServer.JSON)).build(), 401, "unauthorized", null));
        cases.add(c("seller GET of an unknown order", get("/sell/api/seller/orders/999999999", BEARER), 404,
                "not_found", null));
        cases.add(c("seller finish of an unknown order", post("/sell/api/seller/orders/999999999/finish", BEARER), 404,
                "not_found", null));
        cases.add(c("seller cancel of an unknown order", post("/sell/api/seller/orders/999999999/cancel", BEARER), 404,
                "not_found", null));
        cases.add(c("seller pay of an unknown order", post("/sell/api/seller/orders/999999999/pay", BEARER), 404,
                "not_found", null));
        cases.add(c("seller list status=bogus", get("/sell/api/seller/orders?status=bogus", BEARER), 422,
                "invalid_field", "status"));
        cases.add(c("seller list status=WAIT (a pay status)", get("/sell/api/seller/orders?status=WAIT", BEARER), 422,
                "invalid_field", "status"));
        cases.add(c("seller list limit=0", get("/sell/api/seller/orders?limit=0", BEARER), 422, "invalid_field",
                "limit"));
        cases.add(c("seller list limit=101", get("/sell/api/seller/orders?limit=101", BEARER), 422, "invalid_field",
                "limit"));
        cases.add(c("seller list limit=-5", get("/sell/api/seller/orders?limit=-5", BEARER), 422, "invalid_field",
                "limit"));
        cases.add(c("seller list limit=abc", get("/sell/api/seller/orders?limit=abc", BEARER), 422, "invalid_field",
                "limit"));
        cases.add(c("seller list limit=2.5", get("/sell/api/seller/orders?limit=2.5", BEARER), 422, "invalid_field",
                "limit"));
        cases.add(c("seller list before=garbage", get("/sell/api/seller/orders?before=!!!", BEARER), 422,
                "invalid_field", "before"));
        cases.add(c("seller list before=a raw order id", get("/sell/api/seller/orders?before=12345", BEARER), 422,
                "invalid_field", "before"));
        cases.add(c("seller list before=cursor of order 0", get("/sell/api/seller/orders?before=bzA", BEARER), 422,
                "invalid_field", "before"));
        cases.add(c("seller events since=-1", get("/sell/api/seller/events?since=-1", BEARER), 422, "invalid_field",
                "since"));
        cases.add(c("seller events since=x", get("/sell/api/seller/events?since=x", BEARER), 422, "invalid_field",
                "since"));
        cases.add(c("seller product update of an unknown product", s -> new Request.Builder()
                .url(s.url("/sell/api/seller/products/no-such-dish")).header("Authorization", BEARER)
                .put(RequestBody.create("{\"productStock\":0}", TestServer.JSON)).build(), 404, "not_found", null));

        // a valid order and a valid seller change, each with a broken percent-escape in its query:
        // refused before the handler, so no order, no stock taken, no event (checked at the end)
        cases.add(c("valid order, broken escape in the query", s -> new Request.Builder()
                .url(s.url(ORDERS + "?ref=%ZZ")).post(RequestBody.create(valid(), TestServer.JSON)).build(), 400,
                "malformed_request", null));
        cases.add(c("valid stock change, query ending in %", s -> new Request.Builder()
                .url(s.url("/sell/api/seller/products/beef-noodle-soup?x=%")).header("Authorization", BEARER)
                .put(RequestBody.create("{\"productStock\":0}", TestServer.JSON)).build(), 400, "malformed_request", null));

        // routing
        cases.add(c("unknown route", get("/sell/api/nothing-here", null), 404, "not_found", null));
        cases.add(c("unknown route under orders", get(ORDERS + "/1/2/3", null), 404, "not_found", null));
        cases.add(c("GET on the create endpoint", method("GET", ORDERS), 405, "method_not_allowed", null));
        cases.add(c("PUT on the create endpoint", method("PUT", ORDERS), 405, "method_not_allowed", null));
        cases.add(c("DELETE an order", method("DELETE", ORDERS + "/999999999"), 405, "method_not_allowed", null));
        cases.add(c("GET on seller finish", get("/sell/api/seller/orders/999999999/finish", BEARER), 405,
                "method_not_allowed", null));
        return cases.stream().map(Arguments::of);
    }

    @Order(1)
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void isRefusedExactly(Case bad) {
        casesRun++;
        TestServer.Reply reply = server.call(bad.request().apply(server));
        String where = bad.name() + " -> " + reply.status() + " " + reply.body();
        assertEquals(bad.status(), reply.status(), where);
        JsonNode error = reply.json().get("error");
        assertNotNull(error, "no error envelope: " + where);
        assertEquals(bad.code(), error.path("code").asText(), where);
        assertTrue(error.path("message").isTextual() && !error.path("message").asText().isBlank(),
                "no message: " + where);
        if (bad.field() == null) {
            assertFalse(error.has("field"), "unexpected field: " + where);
        } else {
            assertEquals(bad.field(), error.path("field").asText(), where);
        }
        String contentType = reply.headers().get("Content-Type");
        assertTrue(contentType != null && contentType.startsWith("application/json"), "content type " + contentType
                + ": " + where);
    }

    @Order(2)
    @Test
    void nothingChangedAndTheServerStillWorks() {
        assertTrue(casesRun >= 40, "only " + casesRun + " cases ran");
        Map<String, Integer> now = new LinkedHashMap<>();
        for (JsonNode category : server.get("/sell/api/products").json().get("categories")) {
            for (JsonNode product : category.get("products")) {
                now.put(product.get("productId").asText(), product.get("productStock").asInt());
            }
        }
        int orders = server.orderCount();
        long head = server.headSeq();
        JsonNode events = server.sellerGet("/sell/api/seller/events?since=0").json().get("events");
        List<JsonNode> pushed = socket.drain(300);
        // the server still takes a valid order; what was read above is judged at the end, every part reported
        JsonNode order = server.placeOrder("ann-1", "beef-noodle-soup", 2);
        assertEquals("26", order.get("orderAmount").asText());
        assertEquals("NEW", order.get("orderStatus").asText());
        assertEquals(now.get("beef-noodle-soup") - 2, server.stockOf("beef-noodle-soup"));
        JsonNode event = socket.nextEvent();
        assertEquals("order.created", event.get("type").asText());
        assertEquals(head + 1, event.get("seq").asLong());
        assertEquals(order.get("orderId").asText(), event.get("order").get("orderId").asText());
        assertEquals(orders + 1, server.orderCount());
        assertEquals(head + 1, server.headSeq());

        assertAll("a refused request changes nothing",
                () -> assertEquals(0, orders, "orders in the seller list"),
                () -> assertEquals(MENU_EVENTS, head, "event log head: the set-up's menu changes only"),
                () -> assertEquals(MENU_EVENTS, events.size(), "events: " + events),
                () -> assertEquals(seededStock, now, "stock"),
                () -> assertEquals(List.of(), pushed, "pushed to the socket"));
    }
}
