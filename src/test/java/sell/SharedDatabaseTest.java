package sell;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances on a PostgreSQL of the test's own, durable as in production, and what happens to it:
 * instances starting together on a fresh database, the database stopping and starting under open
 * sockets, an instance killed with SIGKILL in the middle of a burst.
 */
class SharedDatabaseTest {
    @TempDir
    Path dir;

    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private EmbeddedPostgres postgres;

    @AfterEach
    void stop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) opened.get(i).close();
        if (postgres != null) postgres.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private String startPostgres() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        postgres = TestPostgres.startOwn(dir.resolve("postgres"), port);
        return TestPostgres.createDatabase(postgres, "sell");
    }

    private TestServer instance(String url) {
        Path folder = dir.resolve("instance-" + opened.size());
        TestServer server = TestServer.start(new Config(0, url, folder, TestServer.TOKEN, 0));
        opened.add(server);
        return server;
    }

    private Socket listen(TestServer server, String query) {
        Socket socket = Socket.connect(server, query);
        opened.add(socket);
        assertEquals("hello", socket.next().get("type").asText());
        return socket;
    }

    @Test
    void credentialsComeFromTheirSettingsAndAnUnreachableDatabaseStopsTheStartWithoutThePassword() throws Exception {
        String url = TestPostgres.freshDatabase();
        String withoutUser = url.substring(0, url.indexOf('?'));
        // without SELL_DB_USER the driver would log in as the operating system's user
        Config config = Config.from(Map.of("SELL_PORT", "0", "SELL_DB", withoutUser, "SELL_DB_USER", "postgres",
                "SELL_DB_PASSWORD", "unused-with-trust", "SELL_SELLER_TOKEN", TestServer.TOKEN), new String[0]);
        try (TestServer server = TestServer.start(config)) {
            assertEquals(201, server.post("/sell/api/orders", TestServer.orderJson("creds-1", "milk-tea", 1)).status());
            assertEquals("UP", server.get("/sell/health").json().get("status").asText());
        }

        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        Config unreachable = Config.from(Map.of("SELL_PORT", "0", "SELL_DB", "jdbc:postgresql://127.0.0.1:" + closed
                + "/sell?user=sell&password=s3cret-pw", "SELL_SELLER_TOKEN", TestServer.TOKEN), new String[0]);
        Config.Invalid refused = org.junit.jupiter.api.Assertions.assertThrows(Config.Invalid.class, () -> App.start(unreachable));
        assertTrue(refused.getMessage().startsWith("SELL_DB: cannot connect to jdbc:postgresql://127.0.0.1:" + closed + "/sell ("),
                refused.getMessage());
        assertFalse(refused.getMessage().contains("s3cret"), refused.getMessage());
    }

    @Test
    void instancesStartingTogetherOnAFreshDatabaseMigrateItOnce() throws Exception {
        String url = startPostgres();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService starting = Executors.newFixedThreadPool(3);
        try {
            List<Future<TestServer>> started = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Path folder = dir.resolve("together-" + i);
                started.add(starting.submit(() -> {
                    go.await();
                    return TestServer.start(new Config(0, url, folder, TestServer.TOKEN, 0));
                }));
            }
            go.countDown();
            for (Future<TestServer> server : started) opened.add(server.get(60, TimeUnit.SECONDS));
        } finally {
            starting.shutdown();
        }
        try (Connection connection = postgres.getDatabase("postgres", "sell").getConnection();
             Statement sql = connection.createStatement()) {
            assertEquals(List.of("4 V4__schema.sql", "5 V5__order_reminders.sql", "6 V6__sales_slots.sql"), rows(sql, "SELECT version || ' ' || script FROM schema_version"));
            assertEquals(List.of("default"), rows(sql, "SELECT shop_id FROM shop"));
            assertEquals(List.of("7"), rows(sql, "SELECT COUNT(*) FROM product"));
            // three instances took three numbers (0, 1, 2): their order ids cannot meet
            assertEquals(List.of("2"), rows(sql, "SELECT last_value FROM instance_number"));
        }
        // each of them serves: an order on the first reaches a seller on the last
        TestServer first = (TestServer) opened.get(0);
        Socket seller = listen((TestServer) opened.get(2), "");
        String orderId = first.placeOrder("together-1", "mapo-tofu", 1).get("orderId").asText();
        assertEquals(orderId, seller.nextEvent().get("order").get("orderId").asText());
    }

    private static List<String> rows(Statement sql, String query) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) rows.add(rs.getString(1));
        }
        return rows;
    }

    @Test
    void postgresStoppingIsAnOutageOfWritesAndEveryInstanceRecoversByItself() throws Exception {
        String url = startPostgres();
        TestServer a = instance(url);
        TestServer b = instance(url);
        Socket onA = listen(a, "");
        Socket onB = listen(b, "");
        String before = a.placeOrder("outage-1", "milk-tea", 1).get("orderId").asText();
        assertEquals(before, onA.nextEvent().get("order").get("orderId").asText());
        assertEquals(before, onB.nextEvent().get("order").get("orderId").asText());

        postgres.close();
        TestServer.Reply refused = a.post("/sell/api/orders", TestServer.orderJson("outage-2", "milk-tea", 1));
        assertEquals(503, refused.status(), refused.body());
        assertEquals("unavailable", refused.errorCode());
        assertEquals("1", refused.headers().get("Retry-After"));
        TestServer.Reply finish = b.sellerPost("/sell/api/seller/orders/" + before + "/finish", "");
        assertEquals(503, finish.status(), finish.body());
        assertEquals("unavailable", finish.errorCode());
        TestServer.Reply health = b.get("/sell/health");
        assertEquals(503, health.status());
        assertEquals("DOWN", health.json().get("status").asText());
        TestServer.Reply read = a.get("/sell/api/orders/" + before + "?openid=outage-1");
        assertEquals(503, read.status(), read.body());
        // the sellers' sockets stay open through it
        assertFalse(onA.closed.isDone());
        assertFalse(onB.closed.isDone());

        postgres = TestPostgres.startOwn(dir.resolve("postgres"), postgres.getPort());
        for (TestServer server : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> server.get("/sell/health").status() == 200);
        }
        String after = b.placeOrder("outage-3", "milk-tea", 1).get("orderId").asText();
        for (Socket socket : List.of(onA, onB)) {
            JsonNode event = socket.nextEvent();
            assertEquals(2, event.get("seq").asLong(), "nothing of the refused requests was kept");
            assertEquals(after, event.get("order").get("orderId").asText());
        }
        assertEquals(2, a.orderCount());
        assertEquals(198, a.stockOf("milk-tea"));
        assertFalse(onA.closed.isDone());
        assertFalse(onB.closed.isDone());
    }

    @Test
    void aDatabaseThatTurnsReadOnlyIsAnOutageOfWritesUntilItWritesAgain() throws Exception {
        // as a primary that became a standby in a failover: its sessions can no longer write
        TestServer server = TestServer.start(Store.POSTGRES);
        opened.add(server);
        String database = server.db.substring(server.db.lastIndexOf('/') + 1, server.db.indexOf('?'));
        String admin = server.db.replace("/" + database + "?", "/postgres?");
        try (Connection connection = java.sql.DriverManager.getConnection(admin); Statement sql = connection.createStatement()) {
            sql.execute("ALTER DATABASE " + database + " SET default_transaction_read_only = on");
            // the pool's sessions end; the ones that replace them are read-only
            rows(sql, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    server.post("/sell/api/orders", TestServer.orderJson("ro-1", "milk-tea", 1)).status() == 503);
            TestServer.Reply refused = server.post("/sell/api/orders", TestServer.orderJson("ro-2", "milk-tea", 1));
            assertEquals(503, refused.status(), refused.body());
            assertEquals("unavailable", refused.errorCode());
            // health tells a database that cannot write from one that can; reads go on
            TestServer.Reply health = server.get("/sell/health");
            assertEquals(503, health.status(), health.body());
            assertEquals("DOWN", health.json().get("status").asText());
            assertEquals(200, server.get("/sell/api/products").status());

            sql.execute("ALTER DATABASE " + database + " RESET default_transaction_read_only");
        }
        // the read-only sessions are dropped as they fail; new ones write
        await().atMost(Duration.ofSeconds(20)).until(() ->
                server.post("/sell/api/orders", TestServer.orderJson("ro-3", "milk-tea", 1)).status() == 201);
        assertEquals(1, server.orderCount());
        assertEquals(199, server.stockOf("milk-tea"));
        assertEquals(1, server.headSeq());
        await().atMost(Duration.ofSeconds(20)).until(() -> server.get("/sell/health").status() == 200);
    }

    @Test
    void aLostRingCostsLatencyNeverTheEventListeningAgainReadsTheLogFromWhereItWas() throws Exception {
        // no check of the heads on a timer: only a ring, or listening again, can bring the event
        TestServer server = TestServer.start(Store.POSTGRES, config -> config.withDbCheckInterval(Duration.ofHours(1)));
        opened.add(server);
        Socket seller = listen(server, "");
        JsonNode order = server.placeOrder("lost-1", "mapo-tofu", 1);
        assertEquals(1, seller.nextEvent().get("seq").asLong());

        // another writer appends to the shop's log and rings nobody, as an instance that died
        // between its commit and its ring would
        String orderId = order.get("orderId").asText();
        try (sell.db.Database other = sell.db.Database.open(sell.db.Database.Location.of(server.db), false)) {
            sell.event.EventLog log = new sell.event.EventLog(other, new sell.order.OrderRepository(other));
            long seq = other.write("default", h -> log.append(h, "default", sell.event.Event.ORDER_UPDATED, orderId,
                    "{\"orderId\":\"" + orderId + "\",\"note\":\"unrung\"}", System.currentTimeMillis())).seq();
            assertEquals(2, seq);
        }
        // the instance's listening connection breaks; listening again, it reads what it missed
        try (Connection connection = java.sql.DriverManager.getConnection(server.db);
             Statement sql = connection.createStatement()) {
            assertEquals(List.of("t"), rows(sql, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE query = 'LISTEN sell' AND datname = current_database()"));
        }
        JsonNode event = seller.nextEvent();
        assertEquals(2, event.get("seq").asLong());
        assertEquals("unrung", event.get("order").get("note").asText());
    }

    @Test
    void anInstanceKilledMidBurstLosesNoAcknowledgedOrderAndItsSellersResumeOnAnother() throws Exception {
        String url = startPostgres();
        ServerProcess a = ServerProcess.start(url, Map.of());
        opened.add(a);
        ServerProcess b = ServerProcess.start(url, Map.of());
        opened.add(b);
        String productId = createProduct(a);
        // from the start of the log, the product's own event (seq 1) included
        Socket onA = process(a, "&since=0");
        Socket onB = process(b, "&since=0");
        String epoch = onA.next().get("epoch").asText();
        assertEquals(epoch, onB.next().get("epoch").asText());

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService buyers = Executors.newFixedThreadPool(16);
        for (int t = 0; t < 16; t++) {
            String openid = "killed-" + t;
            buyers.submit(() -> {
                while (running.get()) {
                    try (Response response = http.newCall(new Request.Builder().url(a.url("/sell/api/orders"))
                            .post(RequestBody.create(TestServer.orderJson(openid, productId, 1), TestServer.JSON)).build())
                            .execute()) {
                        String body = response.body().string();
                        if (response.code() == 201) acknowledged.add(TestServer.MAPPER.readTree(body).get("orderId").asText() + "|" + openid);
                    } catch (IOException killed) {
                        return null;
                    }
                }
                return null;
            });
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 100);
        // the seller on the instance to be killed drops off in the middle of the burst
        onA.cancel();
        long from = onA.lastContiguous();
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 300);
        a.kill();
        running.set(false);
        buyers.shutdown();
        assertTrue(buyers.awaitTermination(20, TimeUnit.SECONDS));

        for (String entry : acknowledged) {
            String[] idAndBuyer = entry.split("\\|");
            try (Response response = http.newCall(new Request.Builder()
                    .url(b.url("/sell/api/orders/" + idAndBuyer[0] + "?openid=" + idAndBuyer[1])).build()).execute()) {
                assertEquals(200, response.code(), "acknowledged order " + idAndBuyer[0] + " is kept");
            }
        }
        long head = eventsHead(b);
        assertTrue(head >= acknowledged.size(), "head " + head + " covers " + acknowledged.size() + " acknowledged orders");

        // the seller of the killed instance comes back on the other one, from where it was
        assertTrue(from < head, "the seller missed events: " + from + " of " + head);
        Socket resumed = process(b, "&since=" + from + "&epoch=" + epoch);
        assertEquals("hello", resumed.next().get("type").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> resumed.lastContiguousAfter(from) == head && onB.lastContiguous() == head);
        assertEquals(from + 1, resumed.eventTexts.keySet().stream().mapToLong(Long::longValue).min().orElse(-1));
        assertEquals(head - from, resumed.eventTexts.size(), "each missed event once");
        assertEquals(head, onB.eventTexts.size());
        Set<String> seen = new java.util.HashSet<>();
        for (long seq = 1; seq <= head; seq++) {
            String text = seq <= from ? onA.eventTexts.get(seq) : resumed.eventTexts.get(seq);
            assertEquals(onB.eventTexts.get(seq), text, "seq " + seq + " is the same event on both instances");
            JsonNode event = TestServer.MAPPER.readTree(text);
            if (!event.has("order")) continue; // the product's event
            assertTrue(seen.add(event.get("order").get("orderId").asText()), "no order twice");
        }
        for (String entry : acknowledged) assertTrue(seen.contains(entry.split("\\|")[0]), entry);
        System.out.printf("killed instance: %d acknowledged, head %d, its seller had %d, resumed %d on the other%n",
                acknowledged.size(), head, from, head - from);
    }

    private Socket process(ServerProcess server, String query) {
        Socket socket = Socket.openUrl(http, "ws://localhost:" + server.port + "/sell/webSocket?token=" + TestServer.TOKEN + query);
        opened.add(socket);
        socket.awaitOpen();
        return socket;
    }

    private String createProduct(ServerProcess server) throws IOException {
        try (Response created = http.newCall(new Request.Builder().url(server.url("/sell/api/seller/products"))
                .header("Authorization", "Bearer " + TestServer.TOKEN)
                .post(RequestBody.create("{\"productName\":\"Rice\",\"productPrice\":1,\"productStock\":1000000}",
                        TestServer.JSON)).build()).execute()) {
            assertEquals(201, created.code());
            return TestServer.MAPPER.readTree(created.body().string()).get("productId").asText();
        }
    }

    private long eventsHead(ServerProcess server) throws IOException {
        try (Response events = http.newCall(new Request.Builder().url(server.url("/sell/api/seller/events?since=0"))
                .header("Authorization", "Bearer " + TestServer.TOKEN).build()).execute()) {
            return TestServer.MAPPER.readTree(events.body().string()).get("headSeq").asLong();
        }
    }
}
