package sell;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import okhttp3.ConnectionPool;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.BufferedSink;
import okio.ByteString;
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
 * A corpus of hostile requests against every surface of the service: the v1 API, the compatible
 * form API, the seller API, static files, HTTP framing and headers, and the WebSocket. Each case
 * names the exact status and error code it must get, in a JSON envelope that leaks nothing; after
 * all of them nothing may have changed (no order, no event, the menu as seeded) and the server
 * still takes an order. It complements BadRequestTest (the table of ordinary bad requests).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {
    private static final String ORDERS = "/sell/api/orders";
    private static final String BEARER = "Bearer " + TestServer.TOKEN;
    private static final String COMPAT_CREATE = "/sell/buyer/order/create";
    private static final String OK_MSG = "成功";
    private static final String SQL_OR = "' OR 1=1 --";
    private static final String SQL_DROP = "1; DROP TABLE orders";
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String IMG = "<img src=x onerror=alert(1)>";
    private static final String ITEM = "{\"productId\":\"milk-tea\",\"productQuantity\":1}";
    private static final String ITEMS = "[" + ITEM + "]";
    /** What an answer must never show: a stack trace or names of the code behind it. */
    private static final List<String> LEAKS = List.of("Exception", "java.", "sell.", "org.eclipse", "io.javalin",
            "kotlin.", "\tat ", "Caused by", "com.fasterxml");

    private TestServer server;
    private OkHttpClient http;
    private String cookie;
    private Map<String, JsonNode> seededMenu;
    private int casesRun;

    // ---- answers, from OkHttp or from a raw socket ----

    record Answer(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        JsonNode json() {
            try {
                return TestServer.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + header("Content-Type") + " " + (body.length() > 400 ? body.substring(0, 400) + "…" : body);
        }
    }

    @FunctionalInterface
    interface Send {
        Answer send() throws Exception;
    }

    /** One hostile request and exactly what must come back: a v1 code, or the compat envelope's number. */
    record Case(String name, Send send, int status, String code, Integer legacy, Consumer<Answer> extra) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void start() {
        server = TestServer.start();
        // a fresh connection per request: a hostile request may leave its connection in any state
        http = server.http.newBuilder().connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .callTimeout(Duration.ofSeconds(15)).followRedirects(false).retryOnConnectionFailure(false).build();
        seededMenu = menu();
        assertEquals(7, seededMenu.size(), "the demo menu: " + seededMenu.keySet());
        cookie = signIn();
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    private Map<String, JsonNode> menu() {
        Map<String, JsonNode> products = new LinkedHashMap<>();
        for (JsonNode category : server.get("/sell/api/products").json().get("categories")) {
            for (JsonNode product : category.get("products")) products.put(product.get("productId").asText(), product);
        }
        return products;
    }

    private String origin() {
        return "http://localhost:" + server.app().port();
    }

    private String signIn() {
        Answer reply = call(new Request.Builder().url(server.url("/sell/api/seller/session")).header("Origin", origin())
                .post(RequestBody.create("{\"token\":\"" + TestServer.TOKEN + "\"}", TestServer.JSON)).build());
        assertEquals(200, reply.status(), reply.toString());
        String setCookie = reply.header("Set-Cookie");
        assertNotNull(setCookie);
        return setCookie.substring("sell_session=".length(), setCookie.indexOf(';'));
    }

    // ---- sending ----

    private Answer call(Request request) {
        try (Response response = http.newCall(request).execute()) {
            String body = response.body().string();
            ApiContract.served().check(request.method(), request.url().encodedPath(), response.code(),
                    response.header("Content-Type"), body);
            return new Answer(response.code(), response.headers().toMultimap(), body);
        } catch (IOException e) {
            throw new AssertionError("no answer to " + request.method() + " " + request.url() + ": " + e, e);
        }
    }

    private Request.Builder at(String pathAndQuery) {
        return new Request.Builder().url(server.url(pathAndQuery));
    }

    private Send get(String pathAndQuery, String... headers) {
        return () -> call(at(pathAndQuery).headers(Headers.of(headers)).get().build());
    }

    private Send postJson(String pathAndQuery, String json, String... headers) {
        return () -> call(at(pathAndQuery).headers(Headers.of(headers)).post(RequestBody.create(json, TestServer.JSON)).build());
    }

    private Send postBytes(String pathAndQuery, byte[] body, String contentType) {
        return () -> call(at(pathAndQuery).post(RequestBody.create(body, MediaType.get(contentType))).build());
    }

    private Send order(String json) {
        return postJson(ORDERS, json);
    }

    private Send seller(String method, String pathAndQuery, String json, String... headers) {
        return () -> call(at(pathAndQuery).headers(Headers.of(headers)).header("Authorization", BEARER)
                .method(method, json == null ? null : RequestBody.create(json, TestServer.JSON)).build());
    }

    private Send withCookie(String method, String pathAndQuery, String json, String... headers) {
        return () -> call(at(pathAndQuery).headers(Headers.of(headers)).header("Cookie", "sell_session=" + cookie)
                .method(method, json == null ? null : RequestBody.create(json, TestServer.JSON)).build());
    }

    /** A body OkHttp sends with Transfer-Encoding: chunked (its length is not told up front). */
    private Send chunked(String pathAndQuery, byte[] body, String contentType) {
        RequestBody streamed = new RequestBody() {
            @Override
            public MediaType contentType() {
                return MediaType.get(contentType);
            }

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                for (int i = 0; i < body.length; i += 4096) sink.write(body, i, Math.min(4096, body.length - i));
            }
        };
        return () -> call(at(pathAndQuery).post(streamed).build());
    }

    private Send compatForm(String path, String... fields) {
        return () -> {
            FormBody.Builder form = new FormBody.Builder();
            for (int i = 0; i < fields.length; i += 2) form.add(fields[i], fields[i + 1]);
            return call(at(path).post(form.build()).build());
        };
    }

    /** A valid compat order form with one field replaced (or left out when the value is null). */
    private Send compatOrder(String field, String value) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "Li Lei");
        form.put("phone", "13800138000");
        form.put("address", "3 West Rd");
        form.put("openid", "li-1");
        form.put("items", ITEMS);
        if (value == null) form.remove(field);
        else form.put(field, value);
        List<String> fields = new ArrayList<>();
        form.forEach((k, v) -> {
            fields.add(k);
            fields.add(v);
        });
        return compatForm(COMPAT_CREATE, fields.toArray(String[]::new));
    }

    /** Exactly these bytes on a fresh connection; the first answer is read back. */
    private Send raw(byte[] request, boolean halfClose) {
        return () -> exchange(server.app().port(), request, halfClose);
    }

    private Send raw(String request) {
        return raw(request.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    private String host() {
        return "Host: localhost:" + server.app().port() + "\r\n";
    }

    private Send rawGet(String target, String extraHeaders) {
        return raw("GET " + target + " HTTP/1.1\r\n" + host() + "Connection: close\r\n" + extraHeaders + "\r\n");
    }

    private Send rawPost(String target, String extraHeaders, String body) {
        return raw("POST " + target + " HTTP/1.1\r\n" + host() + "Connection: close\r\n" + extraHeaders + "\r\n" + body);
    }

    private Send wsHandshake(String target, String extraHeaders) {
        return raw("GET " + target + " HTTP/1.1\r\n" + host() + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n");
    }

    static Answer exchange(int port, byte[] request, boolean halfClose) throws IOException {
        try (java.net.Socket tcp = new java.net.Socket()) {
            tcp.connect(new InetSocketAddress("localhost", port), 5_000);
            tcp.setSoTimeout(10_000);
            OutputStream out = tcp.getOutputStream();
            try {
                out.write(request);
                out.flush();
                if (halfClose) tcp.shutdownOutput();
            } catch (IOException e) {
                // the server may answer and close before it has read everything; its answer is what counts
            }
            try {
                return readResponse(tcp.getInputStream());
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer within 10 s", e);
            }
        }
    }

    private static Answer readResponse(InputStream in) throws IOException {
        String statusLine = readLine(in);
        if (statusLine == null) throw new AssertionError("the connection closed without an answer");
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        byte[] body;
        List<String> length = headers.get("content-length");
        List<String> encoding = headers.get("transfer-encoding");
        if (status == 101 || status == 204 || status == 304) {
            body = new byte[0];
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
        } else if (encoding != null && encoding.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (true) {
                String size = readLine(in);
                if (size == null) break;
                int n = Integer.parseInt(size.split(";")[0].strip(), 16);
                if (n == 0) break;
                all.write(in.readNBytes(n));
                readLine(in);
            }
            body = all.toByteArray();
        } else {
            body = in.readAllBytes();
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') break;
            line.write(b);
        }
        if (b < 0 && line.size() == 0) return null;
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    // ---- bodies ----

    static String q(String text) {
        try {
            return TestServer.MAPPER.writeValueAsString(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** An order body from JSON fragments; null leaves the field out. */
    static String body(String name, String phone, String address, String openid, String items) {
        List<String> parts = new ArrayList<>();
        if (name != null) parts.add("\"buyerName\":" + name);
        if (phone != null) parts.add("\"buyerPhone\":" + phone);
        if (address != null) parts.add("\"buyerAddress\":" + address);
        if (openid != null) parts.add("\"buyerOpenid\":" + openid);
        if (items != null) parts.add("\"items\":" + items);
        return "{" + String.join(",", parts) + "}";
    }

    static String valid() {
        return body(q("Ann"), q("13800138000"), q("1 Main St"), q("ann-1"), ITEMS);
    }

    static String name(String fragment) {
        return body(fragment, q("13800138000"), q("1 Main St"), q("ann-1"), ITEMS);
    }

    static String phone(String fragment) {
        return body(q("Ann"), fragment, q("1 Main St"), q("ann-1"), ITEMS);
    }

    static String address(String fragment) {
        return body(q("Ann"), q("13800138000"), fragment, q("ann-1"), ITEMS);
    }

    static String openid(String fragment) {
        return body(q("Ann"), q("13800138000"), q("1 Main St"), fragment, ITEMS);
    }

    static String items(String fragment) {
        return body(q("Ann"), q("13800138000"), q("1 Main St"), q("ann-1"), fragment);
    }

    static String quantity(String raw) {
        return items("[{\"productId\":\"milk-tea\",\"productQuantity\":" + raw + "}]");
    }

    static String productId(String fragment) {
        return items("[{\"productId\":" + fragment + ",\"productQuantity\":1}]");
    }

    /** An order body that is valid but for an unknown field of the given raw JSON value inside the item. */
    static String itemExtra(String raw) {
        return items("[{\"productId\":\"milk-tea\",\"productQuantity\":1,\"productPrice\":" + raw + "}]");
    }

    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            else if (part instanceof byte[] b) out.writeBytes(b);
            else if (part instanceof Integer i) out.write(i);
            else throw new IllegalArgumentException(String.valueOf(part));
        }
        return out.toByteArray();
    }

    static String nested(char open, char close, int depth) {
        return String.valueOf(open).repeat(depth) + String.valueOf(close).repeat(depth);
    }

    static String nestedObject(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    // ---- the corpus ----

    static Case v1(String name, Send send, int status, String code) {
        return new Case(name, send, status, code, null, null);
    }

    /**
     * A refusal of the compatible API, given as v1 would answer it: the tutorial answers its
     * refusals with HTTP 200 and its code; what is no refusal by its rules (a wrong method, too
     * large, a wrong type, too many) keeps its status, which is then its code.
     */
    static Case compat(String name, Send send, int v1Status, int legacy) {
        boolean kept = java.util.Set.of(405, 413, 415, 429).contains(v1Status);
        return new Case(name, send, kept ? v1Status : 200, null, kept ? v1Status : legacy, null);
    }

    private Case socketRefused(String name, Send send, int status, String code) {
        return new Case("WebSocket handshake: " + name, send, status, code, null, a -> assertNoSocketOpen());
    }

    private Case upgradeRequired(String name, Send send) {
        return new Case("WebSocket handshake: " + name, send, 426, "upgrade_required", null, a -> {
            assertEquals("13", a.header("Sec-WebSocket-Version"), a.toString());
            assertEquals("websocket", a.header("Upgrade"), a.toString());
            assertNoSocketOpen();
        });
    }

    private void assertNoSocketOpen() {
        JsonNode health = server.get("/sell/health").json();
        assertEquals("UP", health.get("status").asText(), health.toString());
        assertEquals(0, health.get("sockets").asInt(), "a refused handshake left a socket open: " + health);
    }

    private static Case staticFile(String target, int status, String code, HostileInputTest t) {
        return new Case("static file " + target, t.rawGet(target, ""), status, code, null, a -> {
            assertFalse(a.body().contains("root:"), "a file outside static/seller: " + a);
            assertFalse(a.body().contains("<html") || a.body().contains("import "), "a console file: " + a);
        });
    }

    Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        String v = valid();

        // -- v1 create: truncated JSON at several points
        cases.add(v1("truncated after the opening brace", order("{"), 400, "malformed_request"));
        cases.add(v1("truncated inside a string value", order("{\"buyerName\":\"Ann\",\"buyerPhone\":\"1380"), 400,
                "malformed_request"));
        cases.add(v1("truncated inside a key", order("{\"buyerName\":\"Ann\",\"buyerPh"), 400, "malformed_request"));
        cases.add(v1("truncated after a colon", order(v.substring(0, v.indexOf("\"items\":") + 8)), 400,
                "malformed_request"));
        cases.add(v1("truncated inside the items array", order(v.substring(0, v.length() - 2)), 400,
                "malformed_request"));
        cases.add(v1("last brace missing", order(v.substring(0, v.length() - 1)), 400, "malformed_request"));
        cases.add(v1("truncated inside an escape", order("{\"buyerName\":\"Ann\\"), 400, "malformed_request"));
        cases.add(v1("truncated inside a \\u escape", order("{\"buyerName\":\"\\u00"), 400, "malformed_request"));
        cases.add(v1("truncated after a minus sign", order(quantity("-").replace("-}]}", "-")), 400,
                "malformed_request"));

        // -- v1 create: numbers as quantity
        cases.add(v1("quantity NaN", order(quantity("NaN")), 400, "malformed_request"));
        cases.add(v1("quantity Infinity", order(quantity("Infinity")), 400, "malformed_request"));
        cases.add(v1("quantity -Infinity", order(quantity("-Infinity")), 400, "malformed_request"));
        cases.add(v1("quantity hex 0x10", order(quantity("0x10")), 400, "malformed_request"));
        cases.add(v1("quantity with a leading plus", order(quantity("+1")), 400, "malformed_request"));
        cases.add(v1("quantity with a leading zero", order(quantity("01")), 400, "malformed_request"));
        cases.add(v1("quantity 1. (no digits after the point)", order(quantity("1.")), 400, "malformed_request"));
        cases.add(v1("quantity of 1000 digits", order(quantity("9".repeat(1000))), 400, "malformed_request"));
        cases.add(v1("quantity 1e2147483648 (exponent past int)", order(quantity("1e2147483648")), 400,
                "malformed_request"));
        cases.add(v1("quantity 1e-9744073709551617 (exponent past long)", order(quantity("1e-9744073709551617")), 400,
                "malformed_request"));
        cases.add(v1("an ignored field of 1.5e99999999999", order("{\"extra\":1.5e99999999999," + valid().substring(1)),
                400, "malformed_request"));
        cases.add(v1("quantity -0", order(quantity("-0")), 422, "invalid_field"));
        cases.add(v1("quantity 1e400", order(quantity("1e400")), 422, "invalid_field"));
        cases.add(v1("quantity 1e-400", order(quantity("1e-400")), 422, "invalid_field"));
        cases.add(v1("quantity 1E2 (a whole number written as a float)", order(quantity("1E2")), 422, "invalid_field"));
        cases.add(v1("quantity of 30 digits", order(quantity("123456789012345678901234567890")), 422, "invalid_field"));
        cases.add(v1("quantity 2147483648 (past int)", order(quantity("2147483648")), 422, "invalid_field"));
        cases.add(v1("quantity -2147483649", order(quantity("-2147483649")), 422, "invalid_field"));
        cases.add(v1("quantity 18446744073709551617 (wraps to 1 as long)", order(quantity("18446744073709551617")), 422,
                "invalid_field"));

        // -- v1 create: prices in the request (ignored as fields, but never parsed leniently)
        cases.add(v1("item productPrice NaN", order(itemExtra("NaN")), 400, "malformed_request"));
        cases.add(v1("item productPrice Infinity", order(itemExtra("Infinity")), 400, "malformed_request"));
        cases.add(v1("item productPrice -Infinity with quantity 0", order(items(
                "[{\"productId\":\"milk-tea\",\"productQuantity\":0,\"productPrice\":-Infinity}]")), 400,
                "malformed_request"));
        cases.add(v1("item productPrice 1e400 with quantity -0", order(items(
                "[{\"productId\":\"milk-tea\",\"productQuantity\":-0,\"productPrice\":1e400}]")), 422, "invalid_field"));

        // -- v1 create: NUL and other control characters
        cases.add(v1("escaped NUL in buyerAddress", order(address("\"1 Main\\u0000St\"")), 422, "invalid_field"));
        cases.add(v1("escaped NUL in buyerOpenid", order(openid("\"ann\\u0000-1\"")), 422, "invalid_field"));
        cases.add(v1("escaped NUL in productId", order(productId("\"milk-tea\\u0000\"")), 422, "invalid_field"));
        cases.add(v1("escaped NUL inside a key", order(valid().replace("\"buyerName\"", "\"buyer\\u0000Name\"")), 422,
                "invalid_field"));
        cases.add(v1("escaped ESC in buyerOpenid", order(openid("\"ann\\u001b-1\"")), 422, "invalid_field"));
        cases.add(v1("DEL in buyerName", order(name("\"Ann\\u007f\"")), 422, "invalid_field"));
        cases.add(v1("raw NUL byte inside a string", postBytes(ORDERS, bytes("{\"buyerName\":\"An", 0, "n\"",
                valid().substring(valid().indexOf(','))), "application/json"), 400, "malformed_request"));
        cases.add(v1("raw 0x1f byte inside a string", postBytes(ORDERS, bytes("{\"buyerName\":\"An", 0x1f, "n\"",
                valid().substring(valid().indexOf(','))), "application/json"), 400, "malformed_request"));
        cases.add(v1("raw newline inside a string", order(name("\"An\nn\"")), 400, "malformed_request"));

        // -- v1 create: surrogates and invalid UTF-8
        cases.add(v1("lone high surrogate at the end of buyerOpenid", order(openid("\"ann\\ud800\"")), 422,
                "invalid_field"));
        cases.add(v1("lone low surrogate in buyerAddress", order(address("\"1 Main \\udc00St\"")), 422,
                "invalid_field"));
        cases.add(v1("surrogates in the wrong order in buyerName", order(name("\"\\udc00\\ud800\"")), 422,
                "invalid_field"));
        cases.add(v1("lone surrogate in productId", order(productId("\"\\ud800\"")), 422, "invalid_field"));
        cases.add(v1("invalid UTF-8 byte 0xff", postBytes(ORDERS, bytes("{\"buyerName\":\"", 0xff, "\"",
                valid().substring(valid().indexOf(','))), "application/json"), 400, "malformed_request"));
        cases.add(v1("overlong UTF-8 encoding of '.'", postBytes(ORDERS, bytes("{\"buyerName\":\"", 0xc0, 0xae, "\"",
                valid().substring(valid().indexOf(','))), "application/json"), 400, "malformed_request"));
        cases.add(v1("UTF-8 encoded surrogate (CESU-8)", postBytes(ORDERS, bytes("{\"buyerName\":\"", 0xed, 0xa0, 0x80,
                "\"", valid().substring(valid().indexOf(','))), "application/json"), 400, "malformed_request"));
        cases.add(v1("UTF-8 sequence cut at the end of the body", postBytes(ORDERS, bytes(valid(), 0xe2, 0x82),
                "application/json"), 400, "malformed_request"));

        // -- v1 create: unicode direction overrides (Trojan-Source text shown to the seller)
        cases.add(v1("right-to-left override in buyerName", order(name(q("Ann\u202Egpj.exe"))), 422, "invalid_field"));

        // -- v1 create: deep nesting
        cases.add(v1("body of 10,000 nested arrays", order(nested('[', ']', 10_000)), 400, "malformed_request"));
        cases.add(v1("body of 10,000 nested objects", order(nestedObject(10_000)), 400, "malformed_request"));
        cases.add(v1("items of 10,000 nested arrays", order(items(nested('[', ']', 10_000))), 400, "malformed_request"));
        cases.add(v1("buyerName of 10,000 nested objects", order(name(nestedObject(10_000))), 400,
                "malformed_request"));

        // -- v1 create: sizes
        String sixty = "a".repeat(60 * 1024);
        cases.add(v1("buyerName of 60 KiB", order(name(q(sixty))), 422, "invalid_field"));
        cases.add(v1("buyerAddress of 60 KiB", order(address(q(sixty))), 422, "invalid_field"));
        cases.add(v1("productId of 60 KiB", order(productId(q(sixty))), 422, "invalid_field"));
        String line = "{\"productId\":\"milk-tea\",\"productQuantity\":1}";
        cases.add(v1("1,400 items (under the body cap)", order(items("[" + String.join(",",
                Collections.nCopies(1400, line)) + "]")), 422, "invalid_field"));
        byte[] over = valid().replace("\"Ann\"", q("A".repeat(80 * 1024))).getBytes(StandardCharsets.UTF_8);
        cases.add(v1("body of 80 KiB with Content-Length", postBytes(ORDERS, over, "application/json"), 413,
                "payload_too_large"));
        byte[] overValid = (valid().substring(0, valid().length() - 1) + ",\"pad\":" + q("x".repeat(80 * 1024)) + "}")
                .getBytes(StandardCharsets.UTF_8);
        cases.add(v1("valid order padded to 80 KiB, chunked (no Content-Length)", chunked(ORDERS, overValid,
                "application/json"), 413, "payload_too_large"));

        // -- v1: SQL injection in every string field, path and query
        cases.add(v1("SQL in buyerName (quantity 0)", order(body(q("Robert'); DROP TABLE orders;--"), q("13800138000"),
                q("1 Main St"), q("ann-1"), "[{\"productId\":\"milk-tea\",\"productQuantity\":0}]")), 422, "invalid_field"));
        cases.add(v1("SQL in buyerAddress (unknown product)", order(body(q("Ann"), q("13800138000"),
                q("1 Main St' ; UPDATE product SET product_stock = 0; --"), q("ann-1"),
                "[{\"productId\":\"no-such-dish\",\"productQuantity\":1}]")), 422, "unknown_product"));
        cases.add(v1("SQL in buyerPhone", order(phone(q(SQL_DROP))), 422, "invalid_field"));
        cases.add(v1("SQL in buyerOpenid", order(openid(q(SQL_OR))), 422, "invalid_field"));
        cases.add(v1("SQL in productId: ' OR 1=1 --", order(productId(q(SQL_OR))), 422, "unknown_product"));
        cases.add(v1("SQL in productId: milk-tea' --", order(productId(q("milk-tea' --"))), 422, "unknown_product"));
        cases.add(v1("SQL in productId: UNION SELECT", order(productId(q("x' UNION SELECT * FROM shop --"))), 422,
                "unknown_product"));
        cases.add(v1("SQL in productId: stacked UPDATE", order(productId(
                q("milk-tea'; UPDATE product SET product_price = 0; --"))), 422, "unknown_product"));
        cases.add(v1("SQL in the order id of a buyer GET", get(ORDERS + "/" + enc(SQL_OR) + "?openid=ann-1"), 404,
                "not_found"));
        cases.add(v1("broken percent-escape as the openid of a buyer GET", get(ORDERS + "/1?openid=%ZZ"), 400,
                "malformed_request"));
        cases.add(v1("percent at the end of the query of a buyer cancel", postJson(ORDERS + "/1/cancel?openid=ann-1%", ""),
                400, "malformed_request"));
        cases.add(v1("broken percent-escape in an optional parameter", rawGet("/sell/api/products?shop=%G1",
                ""), 400, "malformed_request"));
        cases.add(compat("compat: broken percent-escape as the openid of the list", get("/sell/buyer/order/list?openid=%ZZ"),
                400, 1));
        cases.add(v1("SQL in the openid of a buyer GET", get(ORDERS + "/1?openid=" + enc("x' OR '1'='1")), 404,
                "not_found"));
        cases.add(v1("SQL in the order id of a buyer cancel", postJson(ORDERS + "/" + enc("1; DELETE FROM orders; --")
                + "/cancel?openid=ann-1", ""), 404, "not_found"));
        cases.add(v1("SQL in the openid of a buyer cancel", postJson(ORDERS + "/1/cancel?openid=" + enc(SQL_OR), ""),
                404, "not_found"));
        cases.add(v1("SQL in ?shop= of the menu", get("/sell/api/products?shop=" + enc(SQL_OR)), 422, "invalid_field"));
        cases.add(v1("quote in ?shop= of the menu", get("/sell/api/products?shop=default'"), 422, "invalid_field"));
        cases.add(v1("unknown ?shop= of the menu", get("/sell/api/products?shop=no_such_shop"), 404, "not_found"));
        cases.add(v1("?shop= of 65 characters", get("/sell/api/products?shop=" + "s".repeat(65)), 422, "invalid_field"));
        cases.add(v1("NUL in ?shop=", get("/sell/api/products?shop=%00"), 422, "invalid_field"));

        // -- v1: HTML and script, reflected only inside JSON
        cases.add(v1("script as productId", order(productId(q(SCRIPT))), 422, "unknown_product"));
        cases.add(v1("img onerror as buyerOpenid", order(openid(q(IMG))), 422, "invalid_field"));
        cases.add(v1("HTML as buyerPhone", order(phone(q("<b>13800138000</b>"))), 422, "invalid_field"));
        cases.add(v1("script as order id of a buyer GET", get(ORDERS + "/" + enc(SCRIPT) + "?openid=ann-1"), 404,
                "not_found"));
        cases.add(v1("script as ?shop=", get("/sell/api/products?shop=" + enc(SCRIPT)), 422, "invalid_field"));

        // -- v1: path traversal and huge ids
        cases.add(v1("../ in a buyer GET path (raw)", rawGet(ORDERS + "/../../../etc/passwd?openid=x", ""), 404,
                "not_found"));
        cases.add(v1("%2e%2e%2f in a buyer GET order id (raw)", rawGet(ORDERS + "/%2e%2e%2f%2e%2e%2fetc?openid=x", ""),
                404, "not_found"));
        cases.add(v1("..%2f in a buyer cancel order id (raw)", raw("POST " + ORDERS + "/..%2f..%2f/cancel?openid=x"
                + " HTTP/1.1\r\n" + host() + "Connection: close\r\nContent-Length: 0\r\n\r\n"), 404, "not_found"));
        cases.add(v1("..%2f in a seller GET order id", seller("GET", "/sell/api/seller/orders/..%2F..%2Fproducts", null),
                404, "not_found"));
        cases.add(v1("%00 in a buyer GET order id (raw)", rawGet(ORDERS + "/x%00y?openid=x", ""), 400,
                "malformed_request"));
        cases.add(v1("order id of 10,000 characters", get(ORDERS + "/" + "9".repeat(10_000) + "?openid=ann-1"), 404,
                "not_found"));
        cases.add(v1("cancel an order id of 10,000 characters", postJson(ORDERS + "/" + "9".repeat(10_000)
                + "/cancel?openid=ann-1", ""), 404, "not_found"));
        cases.add(v1("seller GET of an order id of 10,000 characters", seller("GET", "/sell/api/seller/orders/"
                + "9".repeat(10_000), null), 404, "not_found"));
        cases.add(v1("openid of 10,000 characters", get(ORDERS + "/1?openid=" + "o".repeat(10_000)), 404, "not_found"));

        // -- v1: duplicate query parameters (the first one counts)
        cases.add(v1("two openids on a buyer GET", get(ORDERS + "/1?openid=ann-1&openid=" + enc(SQL_OR)), 404,
                "not_found"));
        cases.add(v1("blank openid first, a real one second, on a buyer cancel", postJson(ORDERS
                + "/1/cancel?openid=&openid=ann-1", ""), 400, "missing_parameter"));
        cases.add(v1("two shops on the menu, the first hostile", get("/sell/api/products?shop=x'&shop=default"), 422,
                "invalid_field"));

        // -- compatible form API: the old envelope with a non-zero code
        cases.add(compat("compat: items JSON cut short", compatOrder("items", "[{\"productId\":\"milk-tea\","), 422, 1));
        cases.add(compat("compat: items not JSON", compatOrder("items", "milk-tea x1"), 422, 1));
        cases.add(compat("compat: items with NaN", compatOrder("items",
                "[{\"productId\":\"milk-tea\",\"productQuantity\":NaN}]"), 422, 1));
        cases.add(compat("compat: items quantity 1e400", compatOrder("items",
                "[{\"productId\":\"milk-tea\",\"productQuantity\":1e400}]"), 422, 1));
        cases.add(compat("compat: items quantity 1e2147483648 (exponent past int)", compatOrder("items",
                "[{\"productId\":\"milk-tea\",\"productQuantity\":1e2147483648}]"), 422, 1));
        cases.add(compat("compat: items with a duplicate key", compatOrder("items",
                "[{\"productId\":\"milk-tea\",\"productId\":\"lemon-tea\",\"productQuantity\":1}]"), 422, 1));
        cases.add(compat("compat: items null", compatOrder("items", "null"), 422, 1));
        cases.add(compat("compat: items an object", compatOrder("items", ITEM), 422, 1));
        cases.add(compat("compat: items empty", compatOrder("items", ""), 422, 1));
        cases.add(compat("compat: items of 500 entries", compatOrder("items", "[" + String.join(",",
                Collections.nCopies(500, line)) + "]"), 422, 1));
        cases.add(compat("compat: items 10,000 levels deep", compatOrder("items", nested('[', ']', 10_000)), 422, 1));
        byte[] bigForm = ("name=Li&phone=13800138000&address=x&openid=li-1&items=" + enc(ITEMS) + "&pad="
                + "x".repeat(80 * 1024)).getBytes(StandardCharsets.US_ASCII);
        cases.add(compat("compat: form body of 80 KiB with Content-Length", postBytes(COMPAT_CREATE, bigForm,
                "application/x-www-form-urlencoded"), 413, 1));
        cases.add(compat("compat: valid form padded to 80 KiB, chunked", chunked(COMPAT_CREATE, bigForm,
                "application/x-www-form-urlencoded"), 413, 1));
        cases.add(compat("compat: name missing", compatOrder("name", null), 400, 1));
        cases.add(compat("compat: items missing", compatOrder("items", null), 400, 1));
        cases.add(compat("compat: empty form", compatForm(COMPAT_CREATE), 400, 1));
        cases.add(compat("compat: SQL in openid", compatOrder("openid", SQL_OR), 422, 1));
        cases.add(compat("compat: SQL in phone", compatOrder("phone", SQL_DROP), 422, 1));
        cases.add(compat("compat: SQL in productId", compatOrder("items",
                "[{\"productId\":\"" + SQL_OR + "\",\"productQuantity\":1}]"), 422, 10));
        cases.add(compat("compat: NUL in name", compatOrder("name", "Li\u0000Lei"), 422, 1));
        cases.add(compat("compat: name of 60 KiB", compatOrder("name", sixty), 422, 1));
        cases.add(compat("compat: script in openid", compatOrder("openid", IMG), 422, 1));
        cases.add(compat("compat: broken percent-encoding in the form (raw)", rawPost(COMPAT_CREATE,
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 11\r\n", "name=Li%ZZi"), 400, 1));
        cases.add(compat("compat: JSON instead of a form", postJson(COMPAT_CREATE, valid()), 415, 1));
        cases.add(compat("compat: SQL as orderId of detail", get("/sell/buyer/order/detail?openid=li-1&orderId="
                + enc(SQL_OR)), 404, 12));
        cases.add(compat("compat: detail without orderId", get("/sell/buyer/order/detail?openid=li-1"), 400, 1));
        cases.add(compat("compat: SQL as orderId of cancel", compatForm("/sell/buyer/order/cancel", "openid", "li-1",
                "orderId", "1' OR '1'='1"), 404, 12));
        cases.add(compat("compat: list page=-1", get("/sell/buyer/order/list?openid=li-1&page=-1"), 422, 1));
        cases.add(compat("compat: list size=100000", get("/sell/buyer/order/list?openid=li-1&size=100000"), 422, 1));
        cases.add(new Case("compat: list with SQL as openid finds nothing", get("/sell/buyer/order/list?openid="
                + enc("x' OR '1'='1")), 200, null, 0, a -> assertEquals(0, a.json().get("data").size(), a.toString())));

        // -- seller API: credentials
        String orders = "/sell/api/seller/orders";
        cases.add(v1("seller: no credentials, hostile product body", postJson("/sell/api/seller/products",
                "{\"productName\":" + q(SCRIPT) + ",\"productPrice\":0,\"productStock\":1}"), 401, "unauthorized"));
        cases.add(v1("seller: Bearer with an empty token", get(orders, "Authorization", "Bearer "), 401,
                "unauthorized"));
        cases.add(v1("seller: Bearer with only spaces (raw)", rawGet(orders, "Authorization: Bearer      \r\n"), 401,
                "unauthorized"));
        cases.add(v1("seller: Bearer with a 600-character token", get(orders, "Authorization",
                "Bearer " + "t".repeat(600)), 401, "unauthorized"));
        cases.add(v1("seller: Bearer with a 10,000-character token", get(orders, "Authorization",
                "Bearer " + "t".repeat(10_000)), 401, "unauthorized"));
        cases.add(v1("seller: Bearer with a 20 KB token (raw)", rawGet(orders, "Authorization: Bearer "
                + "t".repeat(20_000) + "\r\n"), 431, "headers_too_large"));
        cases.add(v1("seller: Bearer token with a space inside", get(orders, "Authorization",
                "Bearer " + TestServer.TOKEN.substring(0, 10) + " " + TestServer.TOKEN.substring(10)), 401,
                "unauthorized"));
        cases.add(v1("seller: Bearer token followed by a second word", get(orders, "Authorization",
                BEARER + " extra"), 401, "unauthorized"));
        cases.add(v1("seller: Bearer with SQL", get(orders, "Authorization", "Bearer " + SQL_OR), 401, "unauthorized"));
        cases.add(v1("seller: Bearer token with a NUL (raw)", rawGet(orders, "Authorization: " + BEARER + "\0\r\n"),
                400, "malformed_request"));
        cases.add(v1("seller: Basic auth with the token as password", get(orders, "Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("seller:" + TestServer.TOKEN).getBytes(StandardCharsets.UTF_8))),
                401, "unauthorized"));
        cases.add(v1("seller: forged sell_session cookie", get(orders, "Cookie", "sell_session=forged-session-value"),
                401, "unauthorized"));
        cases.add(v1("seller: sell_session cookie of 10 KB", get(orders, "Cookie", "sell_session=" + "c".repeat(10_000)),
                401, "unauthorized"));
        cases.add(v1("seller: sell_session cookie with SQL", get(orders, "Cookie", "sell_session=" + enc(SQL_OR)), 401,
                "unauthorized"));
        cases.add(v1("seller: the token itself as the cookie", get(orders, "Cookie", "sell_session=" + TestServer.TOKEN),
                401, "unauthorized"));

        // -- seller API: a valid cookie used cross-site on state-changing requests
        String unknownOrder = "/sell/api/seller/orders/999999999";
        cases.add(v1("cookie: finish from a cross-site Origin", withCookie("POST", unknownOrder + "/finish", "",
                "Origin", "http://evil.example"), 403, "cross_origin"));
        cases.add(v1("cookie: cancel with Sec-Fetch-Site cross-site", withCookie("POST", unknownOrder + "/cancel", "",
                "Sec-Fetch-Site", "cross-site"), 403, "cross_origin"));
        cases.add(v1("cookie: pay with Sec-Fetch-Site same-site", withCookie("POST", unknownOrder + "/pay", "",
                "Sec-Fetch-Site", "same-site"), 403, "cross_origin"));
        cases.add(v1("cookie: create a product from Origin null", withCookie("POST", "/sell/api/seller/products",
                "{\"productName\":\"Free lunch\",\"productPrice\":0,\"productStock\":5}", "Origin", "null"), 403,
                "cross_origin"));
        cases.add(v1("cookie: zero the stock from a look-alike Origin", withCookie("PUT",
                "/sell/api/seller/products/milk-tea", "{\"productStock\":0}", "Origin", origin() + ".evil.example"), 403,
                "cross_origin"));
        cases.add(v1("cookie: change a price from an https look-alike with a same-origin Referer", withCookie("PUT",
                "/sell/api/seller/products/lemon-tea", "{\"productPrice\":0.01}", "Origin", "https://evil.example",
                "Referer", origin() + "/sell/seller/"), 403, "cross_origin"));
        cases.add(v1("cookie: sign out from a cross-site Origin", withCookie("DELETE", "/sell/api/seller/session", null,
                "Origin", "http://evil.example"), 403, "cross_origin"));
        cases.add(v1("sign-in with the right token from a cross-site Origin", postJson("/sell/api/seller/session",
                "{\"token\":\"" + TestServer.TOKEN + "\"}", "Origin", "http://evil.example"), 403, "cross_origin"));
        cases.add(v1("sign-in with a 10,000-character token", postJson("/sell/api/seller/session",
                "{\"token\":" + q("t".repeat(10_000)) + "}", "Origin", origin()), 422, "invalid_field"));
        cases.add(v1("sign-in with SQL as the token", postJson("/sell/api/seller/session",
                "{\"token\":" + q(SQL_OR) + "}", "Origin", origin()), 401, "unauthorized"));

        // -- seller API: bad limit / before / status / since
        cases.add(v1("seller list limit=99999999999", seller("GET", orders + "?limit=99999999999", null), 422,
                "invalid_field"));
        cases.add(v1("seller list limit=1e2", seller("GET", orders + "?limit=1e2", null), 422, "invalid_field"));
        cases.add(v1("seller list limit=%00", seller("GET", orders + "?limit=%00", null), 422, "invalid_field"));
        cases.add(v1("seller list limit=abc then limit=5", seller("GET", orders + "?limit=abc&limit=5", null), 422,
                "invalid_field"));
        cases.add(v1("seller list status=SQL", seller("GET", orders + "?status=" + enc(SQL_OR), null), 422,
                "invalid_field"));
        cases.add(v1("seller list status=NEW'", seller("GET", orders + "?status=NEW'", null), 422, "invalid_field"));
        cases.add(v1("seller list before=cursor of order -5", seller("GET", orders + "?before=" + base64("o-5"), null),
                422, "invalid_field"));
        cases.add(v1("seller list before=cursor past long", seller("GET", orders + "?before="
                + base64("o99999999999999999999"), null), 422, "invalid_field"));
        cases.add(v1("seller list before=cursor with SQL", seller("GET", orders + "?before=" + base64("o1 OR 1=1"),
                null), 422, "invalid_field"));
        cases.add(v1("seller list before of 10,000 characters", seller("GET", orders + "?before=" + "A".repeat(10_000),
                null), 422, "invalid_field"));
        cases.add(v1("seller events since=99999999999999999999", seller("GET",
                "/sell/api/seller/events?since=99999999999999999999", null), 422, "invalid_field"));
        cases.add(v1("seller events since=1e3", seller("GET", "/sell/api/seller/events?since=1e3", null), 422,
                "invalid_field"));
        cases.add(v1("seller events since=SQL", seller("GET", "/sell/api/seller/events?since=" + enc("0 OR 1=1"), null),
                422, "invalid_field"));

        // -- seller API: product create / update with hostile fields
        String milk = "/sell/api/seller/products/milk-tea";
        String create = "/sell/api/seller/products";
        cases.add(v1("update price NaN", seller("PUT", milk, "{\"productPrice\":NaN}"), 400, "malformed_request"));
        cases.add(v1("update price Infinity", seller("PUT", milk, "{\"productPrice\":Infinity}"), 400,
                "malformed_request"));
        cases.add(v1("update price 1e400", seller("PUT", milk, "{\"productPrice\":1e400}"), 422, "invalid_field"));
        cases.add(v1("update price 1e-400", seller("PUT", milk, "{\"productPrice\":1e-400}"), 422, "invalid_field"));
        cases.add(v1("update price 1e-2147483649 (exponent past int)", seller("PUT", milk,
                "{\"productPrice\":1e-2147483649}"), 400, "malformed_request"));
        cases.add(v1("update price -0.01", seller("PUT", milk, "{\"productPrice\":-0.01}"), 422, "invalid_field"));
        cases.add(v1("update price 0.001", seller("PUT", milk, "{\"productPrice\":0.001}"), 422, "invalid_field"));
        cases.add(v1("update price of 30 digits", seller("PUT", milk,
                "{\"productPrice\":123456789012345678901234567890}"), 422, "invalid_field"));
        cases.add(v1("update price as a string", seller("PUT", milk, "{\"productPrice\":\"0.01\"}"), 422,
                "invalid_field"));
        cases.add(v1("update stock 1e9", seller("PUT", milk, "{\"productStock\":1e9}"), 422, "invalid_field"));
        cases.add(v1("update stock -1", seller("PUT", milk, "{\"productStock\":-1}"), 422, "invalid_field"));
        cases.add(v1("update stock 9223372036854775808", seller("PUT", milk,
                "{\"productStock\":9223372036854775808}"), 422, "invalid_field"));
        cases.add(v1("update name with NUL", seller("PUT", milk, "{\"productName\":\"Milk\\u0000tea\"}"), 422,
                "invalid_field"));
        cases.add(v1("update name with a lone surrogate", seller("PUT", milk, "{\"productName\":\"Milk\\ud800\"}"), 422,
                "invalid_field"));
        cases.add(v1("update name of 60 KiB", seller("PUT", milk, "{\"productName\":" + q(sixty) + "}"), 422,
                "invalid_field"));
        cases.add(v1("update status DELETED", seller("PUT", milk, "{\"productStatus\":\"DELETED\"}"), 422,
                "invalid_field"));
        cases.add(v1("update status with SQL", seller("PUT", milk, "{\"productStatus\":" + q("ON_SALE' --") + "}"),
                422, "invalid_field"));
        cases.add(v1("update categoryType 999", seller("PUT", milk, "{\"categoryType\":999}"), 422, "invalid_field"));
        cases.add(v1("update with a duplicate key", seller("PUT", milk, "{\"productStock\":1,\"productStock\":0}"), 400,
                "malformed_request"));
        cases.add(v1("update 10,000 levels deep", seller("PUT", milk, nestedObject(10_000)), 400, "malformed_request"));
        cases.add(v1("update of a product id with SQL", seller("PUT", create + "/" + enc(SQL_OR),
                "{\"productStock\":0}"), 404, "not_found"));
        cases.add(v1("update of a product id with a wildcard", seller("PUT", create + "/" + enc("%"),
                "{\"productStock\":0}"), 404, "not_found"));
        cases.add(v1("create with a script name and no price", seller("POST", create,
                "{\"productName\":" + q(SCRIPT) + ",\"productStock\":1}"), 422, "invalid_field"));
        cases.add(v1("create with SQL as name and stock -5", seller("POST", create,
                "{\"productName\":" + q(SQL_OR) + ",\"productPrice\":1,\"productStock\":-5}"), 422, "invalid_field"));
        cases.add(v1("create with price Infinity", seller("POST", create,
                "{\"productName\":\"x\",\"productPrice\":Infinity,\"productStock\":1}"), 400, "malformed_request"));
        cases.add(v1("create with price 1000000.01", seller("POST", create,
                "{\"productName\":\"x\",\"productPrice\":1000000.01,\"productStock\":1}"), 422, "invalid_field"));
        cases.add(v1("create with stock 1000000001", seller("POST", create,
                "{\"productName\":\"x\",\"productPrice\":1,\"productStock\":1000000001}"), 422, "invalid_field"));

        // -- static files: nothing outside static/seller
        cases.add(staticFile("/sell/seller/../../etc/passwd", 404, "not_found", this));
        cases.add(staticFile("/sell/seller/../../../etc/passwd", 400, "malformed_request", this));
        cases.add(staticFile("/sell/seller/../../../../../../../../etc/passwd", 400, "malformed_request", this));
        cases.add(staticFile("/sell/seller/%2e%2e/%2e%2e/etc/passwd", 404, "not_found", this));
        cases.add(staticFile("/sell/seller/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", 400, "malformed_request", this));
        cases.add(staticFile("/sell/seller/.%2e/.%2e/etc/passwd", 404, "not_found", this));
        cases.add(staticFile("/sell/seller/..%2f..%2fetc/passwd", 404, "not_found", this));
        cases.add(staticFile("/sell/seller/%252e%252e%252fetc/passwd", 404, "not_found", this));
        cases.add(staticFile("/sell/seller/..\\..\\etc\\passwd", 400, "malformed_request", this));
        cases.add(staticFile("/sell/seller/%5c..%5c..%5cetc%5cpasswd", 404, "not_found", this));
        cases.add(staticFile("/sell/seller/%00", 400, "malformed_request", this));
        cases.add(staticFile("/sell/seller/index.html%00.js", 400, "malformed_request", this));
        cases.add(staticFile("/sell/seller/%c0%ae%c0%ae/etc/passwd", 400, "malformed_request", this));
        cases.add(staticFile("/sell/seller/..;/..;/etc/passwd", 400, "malformed_request", this));
        cases.add(staticFile("/sell/seller/WEB-INF/web.xml", 404, "not_found", this));
        cases.add(staticFile("/sell/seller//etc/passwd", 404, "not_found", this));

        // -- headers and framing
        String json = "Content-Type: application/json\r\n";
        String unknown = body(q("Ann"), q("13800138000"), q("1 Main St"), q("ann-1"),
                "[{\"productId\":\"no-such-dish\",\"productQuantity\":1}]");
        // (raw: the server may answer these before the client has finished writing, which OkHttp reports as a failure)
        cases.add(v1("a 20 KB header (raw)", rawGet("/sell/api/products", "X-Padding: " + "p".repeat(20_000) + "\r\n"),
                431, "headers_too_large"));
        cases.add(v1("a 20 KB header on a create (raw)", rawPost(ORDERS, json + "X-Padding: " + "p".repeat(20_000)
                + "\r\nContent-Length: " + valid().length() + "\r\n", valid()), 431, "headers_too_large"));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 200; i++) many.append("X-Header-").append(i).append(": value-").append(i).append("\r\n");
        cases.add(v1("200 small headers on a refused create (raw)", rawPost(ORDERS, many + json
                + "Content-Length: " + unknown.length() + "\r\n", unknown), 422, "unknown_product"));
        StringBuilder large = new StringBuilder();
        for (int i = 0; i < 200; i++) large.append("X-Header-").append(i).append(": ").append("v".repeat(100)).append("\r\n");
        cases.add(v1("200 headers of 100 bytes (raw)", rawGet("/sell/api/products", large.toString()), 431,
                "headers_too_large"));
        cases.add(v1("a request line of 20 KB (raw)", rawGet("/sell/api/products?x=" + "a".repeat(20_000), ""), 414,
                "uri_too_long"));
        cases.add(v1("Content-Length abc (raw)", rawPost(ORDERS, json + "Content-Length: abc\r\n", valid()), 400,
                "malformed_request"));
        cases.add(v1("Content-Length -1 (raw)", rawPost(ORDERS, json + "Content-Length: -1\r\n", valid()), 400,
                "malformed_request"));
        cases.add(v1("two different Content-Lengths (raw)", rawPost(ORDERS, json + "Content-Length: 5\r\n"
                + "Content-Length: " + valid().length() + "\r\n", valid()), 400, "malformed_request"));
        cases.add(v1("Content-Length shorter than the body (raw)", rawPost(ORDERS, json + "Content-Length: 10\r\n",
                valid()), 400, "malformed_request"));
        cases.add(v1("Content-Length longer than the body, then end of stream (raw)", raw(("POST " + ORDERS
                + " HTTP/1.1\r\n" + host() + json + "Content-Length: 500\r\n\r\n" + valid())
                .getBytes(StandardCharsets.UTF_8), true), 400, "malformed_request"));
        String chunk = Integer.toHexString(valid().length()) + "\r\n" + valid() + "\r\n0\r\n\r\n";
        cases.add(v1("Content-Length and Transfer-Encoding together (raw)", rawPost(ORDERS, json + "Content-Length: "
                + valid().length() + "\r\nTransfer-Encoding: chunked\r\n", chunk), 400, "malformed_request"));
        cases.add(v1("Transfer-Encoding gzip (raw)", rawPost(ORDERS, json + "Transfer-Encoding: gzip\r\n", valid()),
                400, "malformed_request"));
        cases.add(v1("Transfer-Encoding chunked, gzip (raw)", rawPost(ORDERS, json
                + "Transfer-Encoding: chunked, gzip\r\n", chunk), 400, "malformed_request"));
        cases.add(v1("Transfer-Encoding xchunked (raw)", rawPost(ORDERS, json + "Transfer-Encoding: xchunked\r\n",
                chunk), 400, "malformed_request"));
        cases.add(v1("Transfer-Encoding chunked twice (raw)", rawPost(ORDERS, json + "Transfer-Encoding: chunked\r\n"
                + "Transfer-Encoding: chunked\r\n", chunk), 400, "malformed_request"));
        cases.add(v1("chunk size not hex (raw)", rawPost(ORDERS, json + "Transfer-Encoding: chunked\r\n",
                "zz\r\n" + valid() + "\r\n0\r\n\r\n"), 400, "malformed_request"));
        cases.add(v1("chunk size past long (raw)", rawPost(ORDERS, json + "Transfer-Encoding: chunked\r\n",
                "ffffffffffffffffff\r\n" + valid() + "\r\n0\r\n\r\n"), 400, "malformed_request"));
        cases.add(v1("obsolete header line folding (raw)", rawPost(ORDERS, json + "X-Folded: a\r\n b\r\n"
                + "Content-Length: " + unknown.length() + "\r\n", unknown), 400, "malformed_request"));
        cases.add(v1("space inside a header name (raw)", rawGet("/sell/api/products", "X Bad: 1\r\n"), 400,
                "malformed_request"));
        cases.add(v1("no Host header (raw)", raw("GET /sell/api/products HTTP/1.1\r\nConnection: close\r\n\r\n"), 400,
                "malformed_request"));
        cases.add(v1("Idempotency-Key of 10,000 characters (raw)", rawPost(ORDERS, json + "Idempotency-Key: "
                + "k".repeat(10_000) + "\r\nContent-Length: " + valid().length() + "\r\n", valid()), 400,
                "invalid_header"));
        cases.add(v1("Idempotency-Key with a NUL (raw)", rawPost(ORDERS, json + "Idempotency-Key: a\0b\r\n"
                + "Content-Length: " + valid().length() + "\r\n", valid()), 400, "malformed_request"));
        cases.add(v1("Idempotency-Key with a DEL (raw)", rawPost(ORDERS, json + "Idempotency-Key: a\u007fb\r\n"
                + "Content-Length: " + valid().length() + "\r\n", valid()), 400, "malformed_request"));
        cases.add(v1("Idempotency-Key with raw UTF-8 bytes (raw)", rawPost(ORDERS, json + "Idempotency-Key: \u00d0\u00ba\r\n"
                + "Content-Length: " + valid().length() + "\r\n", valid()), 400, "invalid_header"));
        cases.add(v1("Idempotency-Key of spaces only (raw)", rawPost(ORDERS, json + "Idempotency-Key:      \r\n"
                + "Content-Length: " + valid().length() + "\r\n", valid()), 400, "invalid_header"));
        cases.add(v1("Idempotency-Key with SQL on a refused create", () -> call(at(ORDERS).header("Idempotency-Key",
                SQL_OR).post(RequestBody.create(unknown, TestServer.JSON)).build()), 422, "unknown_product"));
        cases.add(v1("Content-Type charset utf-7", postBytes(ORDERS, valid().getBytes(StandardCharsets.UTF_8),
                "application/json; charset=utf-7"), 415, "unsupported_media_type"));
        cases.add(v1("Content-Type charset with an illegal name (raw)", rawPost(ORDERS,
                "Content-Type: application/json; charset=@@@\r\nContent-Length: " + valid().length() + "\r\n", valid()),
                415, "unsupported_media_type"));
        cases.add(compat("compat: form with charset utf-7", postBytes(COMPAT_CREATE, ("name=Li&phone=13800138000"
                + "&address=x&openid=li-1&items=" + enc(ITEMS)).getBytes(StandardCharsets.US_ASCII),
                "application/x-www-form-urlencoded; charset=utf-7"), 415, 1));
        cases.add(v1("Content-Type application/json, text/html (raw)", rawPost(ORDERS,
                "Content-Type: application/json, text/html\r\nContent-Length: " + valid().length() + "\r\n", valid()),
                415, "unsupported_media_type"));
        cases.add(v1("unknown method FOO (raw)", raw("FOO " + ORDERS + " HTTP/1.1\r\n" + host()
                + "Connection: close\r\n\r\n"), 405, "method_not_allowed"));

        // -- WebSocket handshake: refused with a status and a JSON code, no socket opened
        String ws = "/sell/webSocket";
        String token = "?token=" + TestServer.TOKEN;
        cases.add(socketRefused("no credentials", wsHandshake(ws, ""), 401, "unauthorized"));
        cases.add(socketRefused("wrong token", wsHandshake(ws + "?token=wrong-token-0123456789", ""), 401,
                "unauthorized"));
        cases.add(socketRefused("token of 10 KB", wsHandshake(ws + "?token=" + "t".repeat(10_240), ""), 401,
                "unauthorized"));
        cases.add(socketRefused("token with SQL", wsHandshake(ws + "?token=" + enc(SQL_OR), ""), 401, "unauthorized"));
        cases.add(socketRefused("wrong token first, the right one second", wsHandshake(ws + "?token=wrong&token="
                + TestServer.TOKEN, ""), 401, "unauthorized"));
        cases.add(socketRefused("wrong Bearer header", wsHandshake(ws, "Authorization: Bearer wrong-token-0123\r\n"), 401,
                "unauthorized"));
        cases.add(socketRefused("Basic auth", wsHandshake(ws, "Authorization: Basic " + Base64.getEncoder()
                .encodeToString(("seller:" + TestServer.TOKEN).getBytes(StandardCharsets.UTF_8)) + "\r\n"), 401,
                "unauthorized"));
        cases.add(socketRefused("since=-1", wsHandshake(ws + token + "&since=-1", ""), 422, "invalid_field"));
        cases.add(socketRefused("since=abc", wsHandshake(ws + token + "&since=abc", ""), 422, "invalid_field"));
        cases.add(socketRefused("since=99999999999999999999", wsHandshake(ws + token + "&since=99999999999999999999", ""),
                422, "invalid_field"));
        cases.add(socketRefused("epoch=<script>", wsHandshake(ws + token + "&epoch=" + enc(SCRIPT), ""), 422,
                "invalid_field"));
        cases.add(socketRefused("epoch of 65 characters", wsHandshake(ws + token + "&epoch=" + "e".repeat(65), ""), 422,
                "invalid_field"));
        cases.add(socketRefused("cookie from another Origin", wsHandshake(ws, "Cookie: sell_session=" + cookie
                + "\r\nOrigin: http://evil.example\r\n"), 403, "cross_origin"));
        cases.add(socketRefused("cookie from Origin null", wsHandshake(ws, "Cookie: sell_session=" + cookie
                + "\r\nOrigin: null\r\n"), 403, "cross_origin"));
        cases.add(socketRefused("cookie without Origin", wsHandshake(ws, "Cookie: sell_session=" + cookie + "\r\n"), 403,
                "cross_origin"));
        cases.add(socketRefused("forged cookie from this Origin", wsHandshake(ws, "Cookie: sell_session=forged\r\n"
                + "Origin: " + origin() + "\r\n"), 401, "unauthorized"));
        // another version of the protocol, or no handshake at all: 426 naming the version spoken here
        cases.add(upgradeRequired("version 8", raw("GET " + ws + token + " HTTP/1.1\r\n" + host()
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 8\r\n\r\n")));
        cases.add(upgradeRequired("no version", raw("GET " + ws + token + " HTTP/1.1\r\n" + host()
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")));
        cases.add(upgradeRequired("plain GET with a valid token", rawGet(ws + token, "")));
        cases.add(socketRefused("valid token but no Sec-WebSocket-Key", raw("GET " + ws + token + " HTTP/1.1\r\n" + host()
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n"), 400,
                "malformed_request"));
        return cases.stream().map(Arguments::of);
    }

    @Order(1)
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void isRefusedSafely(Case hostile) throws Exception {
        casesRun++;
        Answer answer = hostile.send().send();
        String where = hostile.name() + " -> " + answer;
        assertEquals(hostile.status(), answer.status(), where);
        assertSafe(answer, where);
        JsonNode body = answer.json();
        if (hostile.legacy() == null) {
            JsonNode error = body.get("error");
            assertNotNull(error, "no error envelope: " + where);
            assertEquals(hostile.code(), error.path("code").asText(), where);
            assertTrue(error.path("message").isTextual() && !error.path("message").asText().isBlank(),
                    "no message: " + where);
        } else {
            assertTrue(body.path("code").isInt(), "no numeric code: " + where);
            assertEquals((int) hostile.legacy(), body.get("code").asInt(), where);
            assertTrue(body.path("msg").isTextual() && !body.path("msg").asText().isBlank(), "no msg: " + where);
            if (hostile.legacy() != 0) {
                assertFalse(body.get("msg").asText().equals(OK_MSG), where);
                assertFalse(body.has("error"), "the old envelope, not the v1 one: " + where);
            }
        }
        if (hostile.extra() != null) hostile.extra().accept(answer);
    }

    /** JSON, no stack trace or class names, and markup only ever inside JSON that is never sniffed as HTML. */
    static void assertSafe(Answer answer, String where) {
        String type = answer.header("Content-Type");
        assertTrue(type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json"),
                "Content-Type " + type + ": " + where);
        for (String leak : LEAKS) assertFalse(answer.body().contains(leak), "leaks '" + leak + "': " + where);
        if (answer.body().contains("<")) {
            assertEquals("nosniff", answer.header("X-Content-Type-Options"), "markup without nosniff: " + where);
        }
        JsonNode body = answer.json();
        assertTrue(body.isObject(), "not a JSON object: " + where);
    }

    // ---- the WebSocket from an authenticated client ----

    /** A socket whose text frames are collected and whose close code is kept. */
    private final class Ws implements AutoCloseable {
        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Response> opened = new CompletableFuture<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final WebSocket socket;
        final long helloHead;

        Ws() {
            socket = server.http.newWebSocket(new Request.Builder().url(server.wsUrl("/sell/webSocket")).header(
                    "Authorization", BEARER).build(), new WebSocketListener() {
                @Override
                public void onOpen(WebSocket ws, Response response) {
                    opened.complete(response);
                }

                @Override
                public void onMessage(WebSocket ws, String text) {
                    try {
                        messages.add(TestServer.MAPPER.readTree(text));
                    } catch (IOException e) {
                        messages.add(TestServer.MAPPER.getNodeFactory().textNode("unparseable: " + text));
                    }
                }

                @Override
                public void onMessage(WebSocket ws, ByteString bytes) {
                    messages.add(TestServer.MAPPER.getNodeFactory().textNode("binary: " + bytes.hex()));
                }

                @Override
                public void onClosing(WebSocket ws, int code, String reason) {
                    closed.complete(code);
                    ws.close(1000, null);
                }

                @Override
                public void onFailure(WebSocket ws, Throwable t, Response response) {
                    opened.completeExceptionally(t);
                    closed.complete(-1);
                }
            });
            try {
                opened.get(10, TimeUnit.SECONDS);
                JsonNode hello = messages.poll(10, TimeUnit.SECONDS);
                assertNotNull(hello, "no hello");
                assertEquals("hello", hello.get("type").asText(), hello.toString());
                helloHead = hello.get("headSeq").asLong();
            } catch (Exception e) {
                throw new AssertionError("socket did not open", e);
            }
        }

        /** What arrived within the time, heartbeats left out. */
        List<JsonNode> drain(long millis) throws InterruptedException {
            List<JsonNode> rest = new ArrayList<>();
            long end = System.currentTimeMillis() + millis;
            while (true) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) break;
                JsonNode message = messages.poll(left, TimeUnit.MILLISECONDS);
                if (message != null && !message.path("type").asText().equals("heartbeat")) rest.add(message);
            }
            return rest;
        }

        @Override
        public void close() {
            socket.close(1000, null);
        }
    }

    private int socketsOpen() {
        return server.get("/sell/health").json().get("sockets").asInt();
    }

    private void awaitSockets(int expected) throws InterruptedException {
        long end = System.currentTimeMillis() + 5_000;
        while (socketsOpen() != expected && System.currentTimeMillis() < end) Thread.sleep(20);
        assertEquals(expected, socketsOpen(), "sockets open");
    }

    @Order(2)
    @Test
    void clientFramesAreIgnoredAndChangeNothing() throws Exception {
        long head = server.headSeq();
        int orders = server.orderCount();
        try (Ws sender = new Ws(); Ws watcher = new Ws()) {
            assertEquals(head, sender.helloHead);
            awaitSockets(2);
            String forged = "{\"type\":\"order.created\",\"seq\":1,\"order\":{\"orderId\":\"1\",\"orderAmount\":0}}";
            for (String text : List.of("{not json", "", "null", "[]", "\u0000", "{\"type\":\"reset\",\"headSeq\":0}",
                    forged, "{\"type\":\"hello\",\"headSeq\":999,\"epoch\":\"x\"}", SCRIPT, "{" + "\"a\":{".repeat(100))) {
                assertTrue(sender.socket.send(text), "could not queue " + text);
            }
            for (int i = 0; i < 1000; i++) assertTrue(sender.socket.send("{\"type\":\"ack\",\"seq\":" + i + "}"));
            List<JsonNode> toWatcher = watcher.drain(700);
            List<JsonNode> toSender = sender.drain(1);
            assertAll("client text changes nothing and is never relayed",
                    () -> assertEquals(List.of(), toWatcher, "frames pushed to another seller"),
                    () -> assertEquals(List.of(), toSender, "frames pushed back"),
                    () -> assertFalse(sender.closed.isDone(), "the sender was closed: " + sender.closed.getNow(null)),
                    () -> assertFalse(watcher.closed.isDone(), "the watcher was closed"),
                    () -> assertEquals(2, socketsOpen(), "sockets"),
                    () -> assertEquals(head, server.headSeq(), "event head"),
                    () -> assertEquals(orders, server.orderCount(), "orders"));
        }
        awaitSockets(0);
    }

    @Order(3)
    @Test
    void binaryFramesAreIgnored() throws Exception {
        long head = server.headSeq();
        try (Ws sender = new Ws(); Ws watcher = new Ws()) {
            assertTrue(sender.socket.send(ByteString.of((byte) 0, (byte) 1, (byte) 0xff, (byte) 0x7b)));
            assertTrue(sender.socket.send(ByteString.encodeUtf8("{\"type\":\"order.created\",\"seq\":1}")));
            assertTrue(sender.socket.send(ByteString.of(new byte[3000])));
            List<JsonNode> toWatcher = watcher.drain(500);
            assertAll("binary frames change nothing",
                    () -> assertEquals(List.of(), toWatcher, "frames pushed to another seller"),
                    () -> assertFalse(sender.closed.isDone(), "the sender was closed: " + sender.closed.getNow(null)),
                    () -> assertEquals(head, server.headSeq(), "event head"));
        }
        awaitSockets(0);
    }

    @Order(4)
    @Test
    void aTextFrameOverFourKibCloses1009AndOnlyThatSocket() throws Exception {
        try (Ws big = new Ws(); Ws other = new Ws()) {
            assertTrue(big.socket.send("{\"pad\":\"" + "x".repeat(5 * 1024) + "\"}"));
            assertEquals(1009, big.closed.get(10, TimeUnit.SECONDS), "close code of a 5 KB text frame");
            awaitSockets(1);
            assertFalse(other.closed.isDone(), "the other socket was closed too");
            JsonNode health = server.get("/sell/health").json();
            assertEquals("UP", health.get("status").asText());
        }
        awaitSockets(0);
    }

    @Order(5)
    @Test
    void aRefusedHandshakeLeavesNoServerSessionBehind() throws Exception {
        // a cookie set on a refused upgrade means the server allocated an HTTP session for an anonymous client
        for (String target : List.of("/sell/webSocket", "/sell/webSocket?token=wrong-token-0123456789",
                "/sell/webSocket?token=" + TestServer.TOKEN + "&since=-1")) {
            Answer answer = wsHandshake(target, "").send();
            assertTrue(answer.status() >= 400, target + " -> " + answer);
            assertNull(answer.header("Set-Cookie"), "a refused handshake set a cookie: " + target + " -> "
                    + answer.headers());
        }
        assertNoSocketOpen();
    }

    // ---- X-Forwarded-For ----

    @Test
    void forwardedForIsNotTrustedByDefault() throws Exception {
        Path dir = Files.createTempDirectory("sell-xff");
        Config config = new Config(0, dir.resolve("sell.db").toString(), dir, TestServer.TOKEN, 2);
        try (TestServer limited = TestServer.start(config)) {
            List<Integer> statuses = new ArrayList<>();
            TestServer.Reply last = null;
            String[][] spoofs = {
                    {"X-Forwarded-For", "10.0.0.1"}, {"X-Forwarded-For", "10.0.0.2, 10.0.0.3"},
                    {"X-Forwarded-For", "203.0.113.4"}, {"X-Real-IP", "198.51.100.5"},
                    {"X-Forwarded-For", "192.0.2.6"}};
            for (int i = 0; i < spoofs.length; i++) {
                last = limited.call(new Request.Builder().url(limited.url(ORDERS))
                        .header(spoofs[i][0], spoofs[i][1]).header("Forwarded", "for=192.0.2." + (100 + i))
                        .post(RequestBody.create(TestServer.orderJson("xff-" + i, "milk-tea", 1), TestServer.JSON))
                        .build());
                statuses.add(last.status());
            }
            assertEquals(List.of(201, 201, 201, 201, 429), statuses, "a spoofed address must not buy a fresh bucket");
            assertEquals("rate_limited", last.errorCode());
            assertEquals(4, limited.orderCount());
            assertEquals(196, limited.stockOf("milk-tea"));
        }
    }

    // ---- hostile text that is valid data is stored as data ----

    @Test
    void injectionTextInValidFieldsIsStoredVerbatim() {
        try (TestServer own = TestServer.start()) {
            String name = "Robert'); DROP TABLE orders;--";
            String address = SCRIPT + " 1 Main St; DELETE FROM product";
            String openid = "x'--\"<b>";
            TestServer.Reply placed = own.post(ORDERS, body(q(name), q("+86 (138) 0013-8000"), q(address), q(openid),
                    "[{\"productId\":\"milk-tea\",\"productQuantity\":2}]"));
            assertEquals(201, placed.status(), placed.toString());
            String orderId = placed.json().get("orderId").asText();
            TestServer.Reply read = own.get(ORDERS + "/" + orderId + "?openid=" + enc(openid));
            assertEquals(200, read.status(), read.toString());
            assertEquals(name, read.json().get("buyerName").asText());
            assertEquals(address, read.json().get("buyerAddress").asText());
            assertEquals(openid, read.json().get("buyerOpenid").asText());
            assertEquals(1, own.orderCount());
            assertEquals(198, own.stockOf("milk-tea"));
            assertEquals(7, own.get("/sell/api/products").json().get("categories").findValues("productId").size());
            String productName = SQL_OR + " " + SCRIPT;
            TestServer.Reply product = own.sellerPost("/sell/api/seller/products",
                    "{\"productName\":" + q(productName) + ",\"productPrice\":1.5,\"productStock\":3}");
            assertEquals(201, product.status(), product.toString());
            assertEquals(productName, product.json().get("productName").asText());
            assertEquals(8, own.get("/sell/api/products").json().get("categories").findValues("productId").size());
        }
    }

    // ---- afterwards ----

    @Order(99)
    @Test
    void nothingChangedAndTheServerStillWorks() {
        assertTrue(casesRun >= 90, "only " + casesRun + " hostile cases ran");
        Map<String, JsonNode> now = menu();
        int orders = server.orderCount();
        long head = server.headSeq();
        JsonNode events = server.sellerGet("/sell/api/seller/events?since=0").json().get("events");
        Answer session = withCookieNow("/sell/api/seller/session");
        JsonNode health = server.get("/sell/health").json();
        TestServer.Reply fresh = server.post(ORDERS, TestServer.orderJson("after-hostile", "beef-noodle-soup", 2));
        assertAll("hostile requests change nothing and the server stays healthy",
                () -> assertEquals(0, orders, "orders in the seller list"),
                () -> assertEquals(0, head, "event log head"),
                () -> assertEquals(0, events.size(), "events: " + events),
                () -> assertEquals(seededMenu, now, "the menu (stock, prices, names, products)"),
                () -> assertEquals(200, session.status(), "the session signed out cross-site: " + session),
                () -> assertEquals("UP", health.path("status").asText(), health.toString()),
                () -> assertEquals(201, fresh.status(), "a valid order after the corpus: " + fresh),
                () -> assertEquals("26", fresh.json().path("orderAmount").asText(), fresh.toString()));
    }

    private Answer withCookieNow(String path) {
        return call(at(path).header("Cookie", "sell_session=" + cookie).get().build());
    }
}
