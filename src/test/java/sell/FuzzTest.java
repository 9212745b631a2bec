package sell;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Mutates valid create requests at random, at the JSON-text level and at the structure level, and
 * sends each to POST /sell/api/orders (every 5th also, translated, to the compatible form API).
 * Every answer must come within 10 s, be JSON, never a 5xx, and be exactly what the contract says
 * for that request: an oracle in this test restates the rules (strict JSON, field rules, menu,
 * shops, stock) and predicts the status and error code. Every order created must be priced from
 * the menu and take exactly its stock; at the end the orders, the event head and the menu stock
 * must match what the 201s add up to.
 *
 * The seed is printed; rerun a failure with -Dfuzz.seed=N (and -Dfuzz.iterations=N).
 */
class FuzzTest {
    private static final long DEFAULT_SEED = 20_260_401L;
    private static final int DEFAULT_ITERATIONS = 2000;
    private static final String ORDERS = "/sell/api/orders";
    private static final String COMPAT_CREATE = "/sell/buyer/order/create";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The contract's strict JSON: duplicate keys and trailing content refused, floats kept exact, nesting capped at 32. */
    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(64).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    record Product(String id, String shop, long cents, boolean onSale) {
    }

    record Line(String productId, int quantity) {
    }

    /** What the contract says must come back: a refusal (status, code, field) or an order of these lines. */
    record Expect(int status, String code, String field, String name, String phone, String address, String openid,
                  List<Line> lines) {
        static Expect refused(int status, String code, String field) {
            return new Expect(status, code, field, null, null, null, null, List.of());
        }

        @Override
        public String toString() {
            return status + " " + (code == null ? "" : code + (field == null ? "" : " " + field) + " ") + lines;
        }
    }

    static final class Refusal extends RuntimeException {
        final Expect expect;

        Refusal(int status, String code, String field) {
            super(null, null, false, false);
            this.expect = Expect.refused(status, code, field);
        }
    }

    private TestServer server;
    private OkHttpClient http;
    private Random random;
    private final Map<String, Product> catalog = new LinkedHashMap<>();
    private final Map<String, Integer> stock = new HashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> answers = new TreeMap<>();
    private final Map<String, Integer> created = new HashMap<>();
    private String otherShop;
    private String otherToken;
    /*
     * Requests are generated and mutated with these stand-ins for the products the server creates (whose ids
     * are random), and the real ids are put in just before sending: so one seed replays exactly. A stand-in
     * broken by a mutation stays what it then is, an unknown product id.
     */
    private static final String BULK = "@bulk@";
    private static final String PENNY = "@penny@";
    private static final String PRICEY = "@pricey@";
    private static final String RETIRED = "@retired@";
    private static final String OTHER = "@other@";
    private final Map<String, String> standIns = new LinkedHashMap<>();
    private String bulk;
    private String penny;
    private String pricey;
    private String retired;
    private String otherDish;
    private final List<String> demo = new ArrayList<>();
    private int failureCount;

    @Test
    void mutatedOrdersNeverBreakTheServerAndAddUp() throws Exception {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        int iterations = Integer.getInteger("fuzz.iterations", DEFAULT_ITERATIONS);
        System.out.println("FuzzTest: seed=" + seed + " iterations=" + iterations
                + " (reproduce with -Dfuzz.seed=" + seed + " -Dfuzz.iterations=" + iterations + ")");
        random = new Random(seed);
        long started = System.nanoTime();
        try (TestServer s = TestServer.start()) {
            server = s;
            http = s.http.newBuilder().callTimeout(Duration.ofSeconds(10)).retryOnConnectionFailure(false).build();
            prepareCatalog();
            // the menu changes of the set-up are events too: the heads count on from here
            long defaultHeadBefore = server.headSeq();
            long otherHeadBefore = headSeq(otherToken);
            for (int i = 1; i <= iterations; i++) {
                ObjectNode structure = baseRequest();
                int structural = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(3);
                for (int m = 0; m < structural; m++) mutateStructure(structure);
                String text = STRICT.writeValueAsString(structure);
                if (random.nextBoolean()) {
                    int edits = 1 + random.nextInt(3);
                    for (int m = 0; m < edits; m++) text = mutateText(text);
                }
                sendV1(i, real(text).getBytes(StandardCharsets.UTF_8));
                if (i % 5 == 0) sendCompat(i, structure);
                if (i % 100 == 0) checkStock("after iteration " + i);
            }
            checkStock("at the end");
            int defaultOrders = server.orderCount();
            long defaultHead = server.headSeq();
            int otherOrders = orderCount(otherToken);
            long otherHead = headSeq(otherToken);
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            System.out.println("FuzzTest: seed=" + seed + " iterations=" + iterations + " in " + seconds + " s; answers "
                    + answers + "; orders created " + created + "; failures " + failureCount);
            failures.forEach(f -> System.out.println("FuzzTest failure: " + f));
            int createdDefault = created.getOrDefault("default", 0);
            int createdOther = created.getOrDefault(otherShop, 0);
            assertAll("fuzz, seed " + seed,
                    () -> assertTrue(failures.isEmpty(), failureCount + " failures (seed " + seed + "), the first ones:\n"
                            + String.join("\n", failures.subList(0, Math.min(20, failures.size())))),
                    () -> assertEquals(createdDefault, defaultOrders, "orders of the default shop = its creations"),
                    () -> assertEquals(defaultHeadBefore + createdDefault, defaultHead,
                            "event head of the default shop = its menu changes and its creations"),
                    () -> assertEquals(createdOther, otherOrders, "orders of the other shop = its creations"),
                    () -> assertEquals(otherHeadBefore + createdOther, otherHead,
                            "event head of the other shop = its menu changes and its creations"),
                    () -> assertTrue(createdDefault >= iterations / 20, "too few valid mutations got through: " + answers));
        }
    }

    // ---- the catalog: demo products, three with huge stock, one off sale, one of another shop ----

    private void prepareCatalog() {
        bulk = server.createProduct("Fuzz bulk", "3.33", 1_000_000_000);
        penny = server.createProduct("Fuzz penny", "0.01", 1_000_000_000);
        pricey = server.createProduct("Fuzz pricey", "999999.99", 1_000_000_000);
        retired = server.createProduct("Fuzz retired", "1.00", 1000);
        TestServer.Reply off = server.sellerPut("/sell/api/seller/products/" + retired, "{\"productStatus\":\"OFF_SALE\"}");
        assertEquals(200, off.status(), off.toString());
        var shop = server.app().addShop("Fuzz other shop");
        otherShop = shop.shop().shopId();
        otherToken = shop.token();
        TestServer.Reply dish = server.call(new Request.Builder().url(server.url("/sell/api/seller/products"))
                .header("Authorization", "Bearer " + otherToken)
                .post(RequestBody.create("{\"productName\":\"Other dish\",\"productPrice\":4.2,\"productStock\":1000000000}",
                        TestServer.JSON)).build());
        assertEquals(201, dish.status(), dish.toString());
        otherDish = dish.json().get("productId").asText();
        readMenu("default", true);
        readMenu(otherShop, true);
        catalog.put(retired, new Product(retired, "default", 100, false));
        for (Product p : catalog.values()) {
            if (p.shop().equals("default") && p.onSale() && !List.of(bulk, penny, pricey).contains(p.id())) demo.add(p.id());
        }
        assertEquals(7, demo.size(), "demo products: " + demo);
        assertTrue(catalog.containsKey(bulk) && catalog.containsKey(otherDish), catalog.keySet().toString());
        standIns.put(BULK, bulk);
        standIns.put(PENNY, penny);
        standIns.put(PRICEY, pricey);
        standIns.put(RETIRED, retired);
        standIns.put(OTHER, otherDish);
    }

    /** The menu of a shop: fills the catalog (first time) and returns the stock it shows. */
    private Map<String, Integer> readMenu(String shop, boolean fill) {
        Map<String, Integer> shown = new HashMap<>();
        JsonNode menu = server.get("/sell/api/products?shop=" + shop).json();
        for (JsonNode category : menu.get("categories")) {
            for (JsonNode p : category.get("products")) {
                String id = p.get("productId").asText();
                shown.put(id, p.get("productStock").asInt());
                if (fill) {
                    catalog.put(id, new Product(id, shop, cents(p.get("productPrice").decimalValue()), true));
                    stock.put(id, p.get("productStock").asInt());
                }
            }
        }
        return shown;
    }

    private static long cents(BigDecimal price) {
        return price.movePointRight(2).longValueExact();
    }

    private void checkStock(String when) {
        Map<String, Integer> shown = new HashMap<>(readMenu("default", false));
        shown.putAll(readMenu(otherShop, false));
        for (Map.Entry<String, Integer> e : stock.entrySet()) {
            Integer actual = shown.get(e.getKey());
            if (!e.getValue().equals(actual)) {
                fail("stock " + when, "product " + e.getKey() + " should have " + e.getValue() + " left, the menu shows "
                        + actual, "", "");
                stock.put(e.getKey(), actual == null ? 0 : actual);
            }
        }
    }

    // ---- generating ----

    private String pickProduct() {
        int roll = random.nextInt(100);
        if (roll < 40) return BULK;
        if (roll < 55) return PENNY;
        if (roll < 65) return PRICEY;
        if (roll < 88) return demo.get(random.nextInt(demo.size()));
        if (roll < 91) return OTHER;
        if (roll < 94) return RETIRED;
        if (roll < 97) return "no-such-dish-" + random.nextInt(5);
        return pick("Milk-Tea", "milk_tea", " " + BULK + " ", "milk-tea\u0000", "%", "' OR 1=1 --");
    }

    private int pickQuantity() {
        int roll = random.nextInt(100);
        if (roll < 80) return 1 + random.nextInt(5);
        if (roll < 95) return 1 + random.nextInt(60);
        return 1 + random.nextInt(999);
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private ObjectNode baseRequest() {
        ObjectNode order = NODES.objectNode();
        order.put("buyerName", pick("Ann", "李雷", "Zoë O'Brien", "  Bob  ", "Ann 😀", "a".repeat(64)));
        order.put("buyerPhone", pick("13800138000", "+86 138 0013 8000", "(555) 010-9999", "123", "555.010.9999"));
        order.put("buyerAddress", pick("1 Main St", "北京市朝阳区", "Flat 2, 10 \"Quoted\" Rd", "x"));
        order.put("buyerOpenid", pick("fuzz-", "oU_", "x'--", "用户") + random.nextInt(50));
        ArrayNode items = order.putArray("items");
        int lines = 1 + random.nextInt(random.nextInt(10) == 0 ? 12 : 4);
        for (int i = 0; i < lines; i++) items.add(line(pickProduct(), NODES.numberNode(pickQuantity())));
        return order;
    }

    private static ObjectNode line(String productId, JsonNode quantity) {
        ObjectNode line = NODES.objectNode();
        line.put("productId", productId);
        line.set("productQuantity", quantity);
        return line;
    }

    private JsonNode randomValue() {
        return switch (random.nextInt(16)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt(2000) - 1000);
            case 3 -> NODES.numberNode(new BigDecimal("1.5"));
            case 4 -> NODES.numberNode(new BigDecimal("1E+9"));
            case 5 -> NODES.textNode("");
            case 6 -> NODES.textNode("x");
            case 7 -> NODES.arrayNode();
            case 8 -> NODES.objectNode();
            case 9 -> NODES.textNode("   ");
            case 10 -> NODES.numberNode(new BigInteger("99999999999999999999"));
            case 11 -> NODES.textNode("2");
            case 12 -> NODES.textNode("z".repeat(1 + random.nextInt(600)));
            case 13 -> NODES.arrayNode().add(NODES.arrayNode().add(NODES.arrayNode()));
            case 14 -> NODES.textNode(edgeText());
            default -> NODES.numberNode(random.nextLong());
        };
    }

    private String edgeText() {
        return pick("", " ", "\t", "a".repeat(64), "a".repeat(65), "é".repeat(64), "😀".repeat(64), "😀".repeat(65),
                "\u0000", "x\u0007y", "Ann\u202Egpj", "\ud800", "x\udc00", "' OR 1=1 --", "<script>alert(1)</script>",
                "  Ann  ", "13800138000", "+1 (555) 010-9999", "12", "1".repeat(21), "١٢٣٤٥٦", "o p", "\u00a0x\u00a0",
                "\u2028", "x".repeat(257), "\u0085", "ann\u007f");
    }

    private JsonNode randomQuantity() {
        return switch (random.nextInt(14)) {
            case 0 -> NODES.numberNode(0);
            case 1 -> NODES.numberNode(-1);
            case 2 -> NODES.numberNode(1000);
            case 3 -> NODES.numberNode(999);
            case 4 -> NODES.numberNode(1);
            case 5 -> NODES.numberNode(new BigDecimal("1.5"));
            case 6 -> NODES.numberNode(new BigDecimal("2.0"));
            case 7 -> NODES.textNode("2");
            case 8 -> NODES.booleanNode(true);
            case 9 -> NODES.nullNode();
            case 10 -> NODES.numberNode(new BigInteger("18446744073709551617"));
            case 11 -> NODES.numberNode(4_294_967_297L);
            case 12 -> NODES.numberNode(new BigDecimal("1E+2"));
            default -> NODES.numberNode(1 + random.nextInt(999));
        };
    }

    private static final String[] FIELDS = {"buyerName", "buyerPhone", "buyerAddress", "buyerOpenid", "items"};

    private void mutateStructure(ObjectNode order) {
        JsonNode itemsNode = order.get("items");
        ArrayNode items = itemsNode instanceof ArrayNode a && !a.isEmpty() ? a : null;
        int index = items == null ? 0 : random.nextInt(items.size());
        ObjectNode item = items != null && items.get(index) instanceof ObjectNode o ? o : null;
        switch (random.nextInt(15)) {
            case 0 -> order.remove(pick(FIELDS));
            case 1 -> order.set(pick(FIELDS), randomValue());
            case 2 -> order.set(pick("extra", "orderAmount", "productPrice", "shopId", "__proto__", "constructor")
                    + (random.nextBoolean() ? "" : String.valueOf(random.nextInt(9))), randomValue());
            case 3, 4 -> {
                if (item != null) item.set("productQuantity", randomQuantity());
            }
            case 5 -> {
                if (items != null) items.add(items.get(index).deepCopy());
            }
            case 6 -> {
                if (item != null) item.put("productId", pick(OTHER, RETIRED, "no-such-dish", BULK.toUpperCase(),
                        " " + PENNY + "\t", PRICEY, "", "x".repeat(65)));
            }
            case 7 -> {
                if (items != null) items.remove(index);
            }
            case 8 -> {
                if (item != null) item.remove(pick("productId", "productQuantity"));
            }
            case 9 -> {
                if (item != null) item.set(pick("productPrice", "productName", "extra"), randomValue());
            }
            case 10 -> {
                if (items != null) items.set(index, randomValue());
            }
            case 11 -> {
                if (items != null) {
                    int target = pick(99, 100, 101, 150);
                    while (items.size() < target) items.add(line(pick(BULK, PENNY), NODES.numberNode(1)));
                }
            }
            case 12 -> order.put(pick("buyerName", "buyerPhone", "buyerAddress", "buyerOpenid"), edgeText());
            case 13 -> {
                String field = pick("buyerName", "buyerPhone", "buyerAddress", "buyerOpenid");
                if (order.get(field) != null && order.get(field).isTextual()) {
                    order.put(field, pick(" ", "\t", "\n", "\u2003") + order.get(field).asText() + pick(" ", "\r\n", ""));
                }
            }
            default -> {
                if (items != null) items.add(line(pickProduct(), random.nextBoolean() ? randomQuantity()
                        : NODES.numberNode(pickQuantity())));
            }
        }
    }

    private static final String[] TOKENS = {"null", "-1", "1e9", "\"\\u0000\"", "[]", "{}", "true", "0", "1.5", "-0",
            "99999999999999999999", "\"\\ud800\"", "NaN", "\"\"", "\"x\"", ",", ":", "\"productQuantity\":2",
            "{\"productId\":\"milk-tea\",\"productQuantity\":1}", "Infinity", "\"\\u202e\"", "1E2", "\"items\":[]",
            "1e2147483648", "1e-2147483649"};
    private static final String ALPHABET = "{}[]\":,\\-.+0123456789eEabcnlstru \t\n\u00e9\u4e2d\u0000\u007f'/";

    private String mutateText(String text) {
        if (text.isEmpty()) return pick(TOKENS);
        int at = random.nextInt(text.length() + 1);
        int end = Math.min(text.length(), at + 1 + random.nextInt(4));
        String result = switch (random.nextInt(11)) {
            case 0 -> text.substring(0, Math.min(at, text.length() - 1)) + text.substring(Math.min(at, text.length() - 1) + 1);
            case 1 -> text.substring(0, at) + randomChar() + text.substring(at);
            case 2 -> at >= text.length() ? text : text.substring(0, at) + randomChar() + text.substring(at + 1);
            case 3 -> {
                int from = random.nextInt(text.length());
                int to = Math.min(text.length(), from + 1 + random.nextInt(20));
                yield text.substring(0, to) + text.substring(from, to) + text.substring(to);
            }
            case 4 -> text.substring(0, at) + pick(TOKENS) + text.substring(at);
            case 5 -> replaceMatch(text, NUMBER, pick("null", "-1", "1e9", "0", "1000", "999", "1.5", "-0", "\"1\"",
                    "99999999999999999999", "1E2", "[]", "{}", "NaN", "2", "1e2147483648"));
            case 6 -> replaceMatch(text, STRING, pick("null", "\"\"", "\"\\u0000\"", "[]", "{}", "1", "\"\\ud800\"",
                    "\"' OR 1=1 --\"", "\"" + "a".repeat(70) + "\""));
            case 7 -> text.substring(0, at);
            case 8 -> text.startsWith("{") ? "{\"" + pick(FIELDS) + "\":" + pick("\"dup\"", "[]", "1") + ","
                    + text.substring(1) : text;
            case 9 -> text.substring(0, at) + (random.nextBoolean() ? "[".repeat(100) + "]".repeat(100)
                    : "{\"a\":".repeat(100) + "1" + "}".repeat(100)) + text.substring(at);
            default -> at + 1 < text.length() ? text.substring(0, at) + text.charAt(at + 1) + text.charAt(at)
                    + text.substring(at + 2) : text.substring(0, end);
        };
        // what goes on the wire is UTF-8: a surrogate split by an edit is sent (and judged) as '?'
        return new String(result.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    /** The text with the real product ids in place of their stand-ins. */
    private String real(String text) {
        for (Map.Entry<String, String> e : standIns.entrySet()) text = text.replace(e.getKey(), e.getValue());
        return text;
    }

    private String randomChar() {
        return random.nextInt(20) == 0 ? "😀" : String.valueOf(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }

    private String replaceMatch(String text, Pattern pattern, String replacement) {
        Matcher m = pattern.matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) spans.add(new int[] {m.start(), m.end()});
        if (spans.isEmpty()) return text;
        int[] span = spans.get(random.nextInt(spans.size()));
        return text.substring(0, span[0]) + replacement + text.substring(span[1]);
    }

    // ---- the oracle: the contract's rules, restated ----

    /** v1: the whole body as sent. */
    private Expect expectV1(byte[] body) {
        try {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            } catch (CharacterCodingException e) {
                throw new Refusal(400, "malformed_request", null);
            }
            JsonNode node;
            try {
                node = STRICT.readTree(text);
            } catch (IOException | RuntimeException e) {
                // RuntimeException: a number Jackson cannot represent (an exponent past int) is unreadable JSON too
                throw new Refusal(400, "malformed_request", null);
            }
            if (node == null || !node.isObject()) throw new Refusal(400, "malformed_request", null);
            String name = text(node.get("buyerName"), "buyerName", 64);
            String phone = phone(text(node.get("buyerPhone"), "buyerPhone", 32), "buyerPhone");
            String address = text(node.get("buyerAddress"), "buyerAddress", 256);
            String openid = openid(text(node.get("buyerOpenid"), "buyerOpenid", 64), "buyerOpenid");
            JsonNode items = node.get("items");
            if (items == null || items.isNull() || !items.isArray()) throw invalid("items");
            List<Line> lines = lines(items);
            placeable(lines, false);
            return new Expect(201, null, null, name, phone, address, openid, lines);
        } catch (Refusal r) {
            return r.expect;
        }
    }

    /** compat: the form fields as the server will decode them (null = left out). */
    private Expect expectCompat(Map<String, String> form) {
        try {
            String name = formText(form, "name", 64);
            String phone = phone(formText(form, "phone", 32), "phone");
            String address = formText(form, "address", 256);
            String openid = openid(formText(form, "openid", 64), "openid");
            String raw = form.get("items");
            if (raw == null) throw new Refusal(400, "1", null);
            JsonNode items;
            try {
                items = STRICT.readTree(raw.getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                throw new Refusal(422, "1", null);
            }
            if (items == null || !items.isArray()) throw new Refusal(422, "1", null);
            if (items.isEmpty()) throw new Refusal(422, "18", null);
            List<Line> lines;
            try {
                lines = lines(items);
            } catch (Refusal r) {
                throw new Refusal(422, "1", null);
            }
            placeable(lines, true);
            return new Expect(200, "0", null, name, phone, address, openid, lines);
        } catch (Refusal r) {
            // the tutorial answers its refusals with HTTP 200 and their code
            return Expect.refused(200, r.expect.code(), r.expect.field());
        }
    }

    private static Refusal invalid(String field) {
        return new Refusal(422, "invalid_field", field);
    }

    private static String text(JsonNode node, String path, int max) {
        if (node == null || node.isNull() || !node.isTextual()) throw invalid(path);
        return clean(node.textValue(), path, max);
    }

    private static String formText(Map<String, String> form, String name, int max) {
        String value = form.get(name);
        if (value == null) throw new Refusal(400, "1", null);
        try {
            return clean(value, name, max);
        } catch (Refusal r) {
            throw new Refusal(422, "1", null);
        }
    }

    /** Trimmed, not blank, at most max characters (code points), no control or formatting characters, no broken surrogates. */
    private static String clean(String raw, String path, int max) {
        String value = raw.strip();
        if (value.isEmpty() || value.codePointCount(0, value.length()) > max) throw invalid(path);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !paired) throw invalid(path);
            // invisible formatting (bidi overrides, zero-width spaces) could disguise what the seller reads;
            // the zero-width joiner is what emoji sequences are made of
            if (Character.getType(c) == Character.FORMAT && c != '\u200D') throw invalid(path);
        }
        return value;
    }

    private static String phone(String value, String path) {
        long digits = value.chars().filter(c -> c >= '0' && c <= '9').count();
        if (!value.matches("\\+?[0-9][0-9 ()\\-.]*") || digits < 3 || digits > 20) throw refusedAs(path);
        return value;
    }

    private static String openid(String value, String path) {
        if (value.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw refusedAs(path);
        }
        return value;
    }

    private static Refusal refusedAs(String path) {
        return path.startsWith("buyer") ? invalid(path) : new Refusal(422, "1", null);
    }

    private static List<Line> lines(JsonNode items) {
        if (items.isEmpty() || items.size() > 100) throw invalid("items");
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "items[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) throw invalid(path);
            String productId = text(item.get("productId"), path + ".productId", 64);
            JsonNode quantity = item.get("productQuantity");
            String qPath = path + ".productQuantity";
            if (quantity == null || quantity.isNull() || !quantity.isIntegralNumber() || !quantity.canConvertToLong()
                    || quantity.longValue() < 1 || quantity.longValue() > 999) {
                throw invalid(qPath);
            }
            lines.add(new Line(productId, quantity.intValue()));
        }
        return lines;
    }

    /** Products on sale, all of one shop, enough stock for every line in turn; compat numbers its refusals. */
    private void placeable(List<Line> lines, boolean compat) {
        String shop = null;
        for (int i = 0; i < lines.size(); i++) {
            Product p = catalog.get(lines.get(i).productId());
            String field = "items[" + i + "].productId";
            if (p == null) throw compat ? new Refusal(422, "10", null) : new Refusal(422, "unknown_product", field);
            if (!p.onSale()) throw compat ? new Refusal(409, "10", null) : new Refusal(409, "off_sale", field);
            if (shop == null) shop = p.shop();
            if (!shop.equals(p.shop())) throw compat ? new Refusal(422, "1", null)
                    : new Refusal(422, "mixed_shops", field);
        }
        Map<String, Integer> left = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            int have = left.computeIfAbsent(line.productId(), stock::get);
            if (have < line.quantity()) throw compat ? new Refusal(409, "11", null)
                    : new Refusal(409, "out_of_stock", "items[" + i + "].productQuantity");
            left.put(line.productId(), have - line.quantity());
        }
    }

    // ---- sending and judging ----

    private record Answer(int status, String body) {
    }

    private Answer send(Request request) {
        try (Response response = http.newCall(request).execute()) {
            String body = response.body().string();
            ApiContract.served().check(request.method(), request.url().encodedPath(), response.code(),
                    response.header("Content-Type"), body);
            return new Answer(response.code(), body);
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        }
    }

    private void sendV1(int iteration, byte[] body) {
        Expect expect = expectV1(body);
        Answer answer = send(new Request.Builder().url(server.url(ORDERS)).post(RequestBody.create(body, TestServer.JSON))
                .build());
        String request = new String(body, StandardCharsets.UTF_8);
        count("v1 " + answer.status());
        String where = "#" + iteration + " v1";
        JsonNode json = basics(where, answer, request);
        if (json == null) return;
        if (answer.status() >= 400) {
            JsonNode error = json.path("error");
            if (!error.path("code").isTextual() || error.path("code").asText().isBlank()
                    || !error.path("message").isTextual()) {
                fail(where, "a refusal without error.code and message", request, answer.body());
                return;
            }
        }
        if (answer.status() != expect.status() || answer.status() >= 400
                && (!expect.code().equals(json.path("error").path("code").asText())
                || !String.valueOf(expect.field()).equals(json.path("error").has("field")
                ? json.path("error").path("field").asText() : "null"))) {
            fail(where, "expected " + expect, request, answer.body());
            if (answer.status() != 201) return;
        }
        if (answer.status() == 201) placed(where, expect, json, request);
    }

    private void sendCompat(int iteration, ObjectNode structure) {
        Map<String, String> form = new LinkedHashMap<>();
        String[][] names = {{"buyerName", "name"}, {"buyerPhone", "phone"}, {"buyerAddress", "address"},
                {"buyerOpenid", "openid"}, {"items", "items"}};
        for (String[] n : names) {
            JsonNode value = structure.get(n[0]);
            if (value == null || value.isNull()) continue;
            String text = value.isTextual() ? value.textValue() : value.toString();
            form.put(n[1], text);
        }
        if (form.containsKey("items") && random.nextBoolean()) form.put("items", mutateText(form.get("items")));
        form.replaceAll((k, v) -> real(v));
        // what arrives is UTF-8: a lone surrogate is sent as '?'
        form.replaceAll((k, v) -> new String(v.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        Expect expect = expectCompat(form);
        FormBody.Builder body = new FormBody.Builder(StandardCharsets.UTF_8);
        form.forEach(body::add);
        Answer answer = send(new Request.Builder().url(server.url(COMPAT_CREATE)).post(body.build()).build());
        String request = form.toString();
        count("compat " + answer.status());
        String where = "#" + iteration + " compat";
        JsonNode json = basics(where, answer, request);
        if (json == null) return;
        if (!json.path("code").isInt() || !json.path("msg").isTextual()) {
            fail(where, "not the old envelope", request, answer.body());
            return;
        }
        int code = json.get("code").asInt();
        if (answer.status() >= 400 && code == 0) {
            fail(where, "a refusal with code 0", request, answer.body());
            return;
        }
        if (answer.status() != expect.status() || code != Integer.parseInt(expect.code())) {
            fail(where, "expected " + expect.status() + " code " + expect.code() + " " + expect.lines(), request,
                    answer.body());
            if (!(answer.status() == 200 && code == 0)) return;
        }
        if (answer.status() == 200 && code == 0) {
            String orderId = json.path("data").path("orderId").asText();
            String openid = expect.openid() != null ? expect.openid() : form.getOrDefault("openid", "").strip();
            HttpUrl url = HttpUrl.get(server.url(ORDERS)).newBuilder().addPathSegment(orderId)
                    .addQueryParameter("openid", openid).build();
            Answer order = send(new Request.Builder().url(url).get().build());
            JsonNode read = basics(where + " read back", order, request);
            if (read == null) return;
            if (order.status() != 200) {
                fail(where, "the created order cannot be read back: " + order.status(), request, order.body());
                return;
            }
            placed(where, expect, read, request);
        }
    }

    /** Within 10 s, no 5xx, a JSON object: else a failure and null. */
    private JsonNode basics(String where, Answer answer, String request) {
        if (answer.status() < 0) {
            fail(where, "no answer within 10 s: " + answer.body(), request, "");
            return null;
        }
        if (answer.status() >= 500) {
            fail(where, "server error " + answer.status(), request, answer.body());
            return null;
        }
        for (String leak : List.of("Exception", "java.", "\tat ")) {
            if (answer.body().contains(leak)) fail(where, "leaks " + leak, request, answer.body());
        }
        try {
            JsonNode json = TestServer.MAPPER.readTree(answer.body());
            if (json == null || !json.isObject()) throw new IOException("not an object");
            return json;
        } catch (IOException e) {
            fail(where, "not a JSON object", request, answer.body());
            return null;
        }
    }

    /** A created order: its lines as sent, menu prices, the sum, and the stock it took. */
    private void placed(String where, Expect expect, JsonNode order, String request) {
        List<Line> lines = expect.lines();
        if (lines.isEmpty()) {
            fail(where, "an order was created for a request the contract refuses", request, order.toString());
            lines = new ArrayList<>();
            for (JsonNode item : order.path("items")) {
                lines.add(new Line(item.path("productId").asText(), item.path("productQuantity").asInt()));
            }
        }
        JsonNode items = order.path("items");
        long total = 0;
        String shop = null;
        boolean ok = order.path("orderId").isTextual() && !order.path("orderId").asText().isBlank()
                && "NEW".equals(order.path("orderStatus").asText()) && "WAIT".equals(order.path("payStatus").asText())
                && items.isArray() && items.size() == lines.size();
        if (expect.name() != null) {
            ok &= expect.name().equals(order.path("buyerName").asText())
                    && expect.phone().equals(order.path("buyerPhone").asText())
                    && expect.address().equals(order.path("buyerAddress").asText())
                    && expect.openid().equals(order.path("buyerOpenid").asText());
        }
        for (int i = 0; ok && i < lines.size(); i++) {
            Line line = lines.get(i);
            JsonNode item = items.get(i);
            Product product = catalog.get(line.productId());
            ok = product != null && line.productId().equals(item.path("productId").asText())
                    && line.quantity() == item.path("productQuantity").asInt()
                    && item.path("productPrice").isNumber()
                    && cents(item.path("productPrice").decimalValue()) == product.cents();
            if (ok) {
                total += product.cents() * line.quantity();
                shop = product.shop();
            }
        }
        if (ok && (!order.path("orderAmount").isNumber() || cents(order.path("orderAmount").decimalValue()) != total)) {
            fail(where, "orderAmount " + order.path("orderAmount") + " is not the menu sum " + BigDecimal.valueOf(total, 2),
                    request, order.toString());
        } else if (!ok) {
            fail(where, "the order does not match the request " + lines, request, order.toString());
        }
        for (Line line : lines) stock.computeIfPresent(line.productId(), (k, v) -> v - line.quantity());
        created.merge(shop == null ? "default" : shop, 1, Integer::sum);
    }

    private void count(String key) {
        answers.merge(key, 1, Integer::sum);
    }

    private void fail(String where, String what, String request, String response) {
        failureCount++;
        if (failures.size() < 50) {
            failures.add(where + ": " + what + "\n    request:  " + abbreviate(request) + "\n    response: "
                    + abbreviate(response));
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\n", "\\n");
        return oneLine.length() > 400 ? oneLine.substring(0, 400) + "…(" + oneLine.length() + " chars)" : oneLine;
    }

    // ---- the other shop, read with its own token ----

    private int orderCount(String token) {
        int count = 0;
        String next = null;
        do {
            JsonNode page = sellerGet("/sell/api/seller/orders?limit=100" + (next == null ? "" : "&before=" + next), token);
            count += page.get("orders").size();
            next = page.get("next").isNull() ? null : page.get("next").asText();
        } while (next != null);
        return count;
    }

    private long headSeq(String token) {
        return sellerGet("/sell/api/seller/events?since=0", token).get("headSeq").asLong();
    }

    private JsonNode sellerGet(String path, String token) {
        TestServer.Reply reply = server.call(new Request.Builder().url(server.url(path))
                .header("Authorization", "Bearer " + token).get().build());
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }
}
