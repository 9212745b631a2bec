package sell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The real service, started in-process on a free port with its own temporary database. */
final class TestServer implements AutoCloseable {
    static final String TOKEN = "test-seller-token-0123456789";
    static final MediaType JSON = MediaType.get("application/json");
    static final ObjectMapper MAPPER = new ObjectMapper();

    final Path dir;
    /** The database: a SQLite file's path or a PostgreSQL URL. */
    final String db;
    final OkHttpClient http = client();
    private final Config config;
    /** What the server takes for now: dates orders and tells the reports' today. */
    final TestClock clock = new TestClock();
    private App app;
    private int port;

    private TestServer(Path dir, Config config) {
        this.dir = dir;
        this.db = config.db();
        this.config = config;
        this.app = App.start(config, clock);
        this.port = app.port();
    }

    /** A server with settings of the test's own (its database folder is removed on close). */
    static TestServer start(Config config) {
        return new TestServer(config.dataDir(), config);
    }

    /** A server on a fresh database of the store. */
    static TestServer start(Store store) {
        return start(store, UnaryOperator.identity());
    }

    /** A server on a fresh database of the store, with settings of the test's own. */
    static TestServer start(Store store, UnaryOperator<Config> settings) {
        try {
            Path dir = Files.createTempDirectory("sell-test");
            return new TestServer(dir, settings.apply(new Config(0, store.freshDatabase(dir), dir, TOKEN, 0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Another instance on this server's database (PostgreSQL): the same settings, another port and folder. */
    TestServer another() {
        try {
            Path otherDir = Files.createTempDirectory("sell-test");
            Config c = config;
            return new TestServer(otherDir, new Config(0, c.db(), otherDir, c.sellerToken(), c.rateLimit(), c.pingInterval(),
                    c.pingTimeout(), c.socketQueueBytes(), c.eventRetention(), c.sessionTtl(), c.trustedProxies(),
                    c.dbUser(), c.dbPassword(), c.dbPool(), c.dbCheckInterval(), c.timeZone(), c.metrics()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** OkHttp keeps each open WebSocket on a dispatcher slot, so the per-host limit must allow many. */
    private static OkHttpClient client() {
        okhttp3.Dispatcher dispatcher = new okhttp3.Dispatcher();
        dispatcher.setMaxRequests(2_000);
        dispatcher.setMaxRequestsPerHost(2_000);
        return new OkHttpClient.Builder().dispatcher(dispatcher).readTimeout(Duration.ofSeconds(20)).build();
    }

    static TestServer start() {
        return start(Store.SQLITE);
    }

    static Config config(Path dir, int port) {
        return new Config(port, dir.resolve("sell.db").toString(), dir, TOKEN, 0);
    }

    private Config config(int onPort) {
        return config.withPort(onPort);
    }

    /** Stops the server and starts it again on the same database and port, as after a restart. */
    void restart() {
        app.close();
        app = App.start(config(port), clock);
    }

    void stop() {
        app.close();
    }

    /** While this server is stopped: the same database served on another port, for changes nobody sees live. */
    Detached detached() {
        return new Detached(App.start(config(0)));
    }

    final class Detached implements AutoCloseable {
        private final App other;

        private Detached(App other) {
            this.other = other;
        }

        String placeOrder(String openid, String productId, int quantity) {
            Reply reply = call(new Request.Builder().url("http://localhost:" + other.port() + "/sell/api/orders")
                    .post(RequestBody.create(orderJson(openid, productId, quantity), JSON)).build());
            if (reply.status() != 201) throw new AssertionError("expected 201, got " + reply);
            return reply.json().get("orderId").asText();
        }

        @Override
        public void close() {
            other.close();
        }
    }

    void startAgain() {
        app = App.start(config(port), clock);
    }

    App app() {
        return app;
    }

    /** The settings the server runs with (for a command run beside it, on its database). */
    Config config() {
        return config;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    String wsUrl(String pathAndQuery) {
        return "ws://localhost:" + port + pathAndQuery;
    }

    Reply get(String path) {
        return call(new Request.Builder().url(url(path)).get().build());
    }

    Reply post(String path, String json) {
        return call(new Request.Builder().url(url(path)).post(RequestBody.create(json, JSON)).build());
    }

    Reply sellerGet(String path) {
        return call(new Request.Builder().url(url(path)).header("Authorization", "Bearer " + TOKEN).get().build());
    }

    Reply sellerPost(String path, String json) {
        return call(new Request.Builder().url(url(path)).header("Authorization", "Bearer " + TOKEN)
                .post(RequestBody.create(json, JSON)).build());
    }

    Reply sellerPut(String path, String json) {
        return call(new Request.Builder().url(url(path)).header("Authorization", "Bearer " + TOKEN)
                .put(RequestBody.create(json, JSON)).build());
    }

    /** Sends the request; an answer of a v1 endpoint that breaks the API description fails the test. */
    Reply call(Request request) {
        try (Response response = http.newCall(request).execute()) {
            String body = response.body().string();
            ApiContract.served().check(request.method(), request.url().encodedPath(), response.code(),
                    response.header("Content-Type"), body);
            return new Reply(response.code(), body, response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Places an order of one product for a buyer and returns the 201 answer. */
    JsonNode placeOrder(String openid, String productId, int quantity) {
        Reply reply = post("/sell/api/orders", orderJson(openid, productId, quantity));
        if (reply.status() != 201) throw new AssertionError("expected 201, got " + reply);
        return reply.json();
    }

    static String orderJson(String openid, String productId, int quantity) {
        return "{\"buyerName\":\"Buyer " + openid + "\",\"buyerPhone\":\"13800138000\",\"buyerAddress\":\"1 Main St\","
                + "\"buyerOpenid\":\"" + openid + "\",\"items\":[{\"productId\":\"" + productId
                + "\",\"productQuantity\":" + quantity + "}]}";
    }

    /** Creates a product with the given price text and stock, returning its id. */
    String createProduct(String name, String price, int stock) {
        Reply reply = sellerPost("/sell/api/seller/products",
                "{\"productName\":\"" + name + "\",\"productPrice\":" + price + ",\"productStock\":" + stock + "}");
        if (reply.status() != 201) throw new AssertionError("expected 201, got " + reply);
        return reply.json().get("productId").asText();
    }

    int stockOf(String productId) {
        for (JsonNode category : get("/sell/api/products").json().get("categories")) {
            for (JsonNode product : category.get("products")) {
                if (product.get("productId").asText().equals(productId)) return product.get("productStock").asInt();
            }
        }
        throw new AssertionError("product " + productId + " is not on the menu");
    }

    long headSeq() {
        return sellerGet("/sell/api/seller/events?since=0").json().get("headSeq").asLong();
    }

    int orderCount() {
        int count = 0;
        String next = null;
        do {
            JsonNode page = sellerGet("/sell/api/seller/orders?limit=100" + (next == null ? "" : "&before=" + next)).json();
            count += page.get("orders").size();
            next = page.get("next").isNull() ? null : page.get("next").asText();
        } while (next != null);
        return count;
    }

    @Override
    public void close() {
        app.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; the OS cleans up what is left
        }
    }

    record Reply(int status, String body, okhttp3.Headers headers) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String errorCode() {
            return json().path("error").path("code").asText();
        }
    }
}
