package sell;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /metrics on a port of its own: Prometheus text whose figures count what the test did. */
class MetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(Store.SQLITE, c -> c.withMetrics("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String scrape() {
        TestServer.Reply reply = server.call(new Request.Builder()
                .url("http://127.0.0.1:" + server.app().metricsPort() + "/metrics").build());
        assertEquals(200, reply.status(), reply.toString());
        assertTrue(reply.headers().get("Content-Type").startsWith("text/plain; version=0.0.4"), reply.headers().toString());
        return reply.body();
    }

    /** Every sample of the text format: name{labels} → value. */
    static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample line: " + line);
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    private double value(String sample) {
        Double value = samples(scrape()).get(sample);
        return value == null ? Double.NaN : value;
    }

    private String signIn() {
        TestServer.Reply reply = server.call(new Request.Builder().url(server.url("/sell/api/seller/session"))
                .header("Origin", server.url(""))
                .post(RequestBody.create("{\"token\":\"" + TestServer.TOKEN + "\"}", TestServer.JSON)).build());
        assertEquals(200, reply.status(), reply.toString());
        String setCookie = reply.headers().get("Set-Cookie");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void theFiguresCountTheOrdersEventsCommitsAndSocketsOfTheTest() {
        String first = scrape();
        assertTrue(first.contains("# TYPE sell_order_create_seconds histogram"), first);
        assertEquals(0.0, samples(first).get("sell_orders_created_total"));
        assertEquals(0.0, samples(first).get("sell_sockets_open"));
        for (String jvm : List.of("jvm_memory_used_bytes{area=\"heap\"}", "jvm_threads_current", "process_cpu_seconds_total",
                "process_resident_memory_bytes")) {
            assertTrue(samples(first).containsKey(jvm), jvm + " missing");
        }

        try (Socket socket = Socket.connect(server, "")) {
            socket.next(); // hello
            await().until(() -> value("sell_sockets_open") == 1.0);
            for (int i = 0; i < 3; i++) server.placeOrder("m-" + i, "milk-tea", 1);
            // a retry of the same request answers from its key: one order, counted once
            for (int i = 0; i < 2; i++) {
                TestServer.Reply keyed = server.call(new Request.Builder().url(server.url("/sell/api/orders"))
                        .header("Idempotency-Key", "metrics-once")
                        .post(RequestBody.create(TestServer.orderJson("m-key", "milk-tea", 1), TestServer.JSON)).build());
                assertEquals(201, keyed.status(), keyed.toString());
            }
            assertEquals(4, socket.nextEvents(4).size());
            // observed once each frame is written, which may be just after the client read it
            await().until(() -> value("sell_push_delivery_seconds_count") == 4.0);
            Map<String, Double> now = samples(scrape());
            assertEquals(4.0, now.get("sell_orders_created_total"));
            assertEquals(4.0, now.get("sell_order_create_seconds_count"));
            assertEquals(4.0, now.get("sell_order_create_seconds_bucket{le=\"+Inf\"}"));
            assertTrue(now.get("sell_order_create_seconds_sum") > 0);
            assertEquals(4.0, now.get("sell_events_appended_total"));
            // the seller's sign-in writes too; the orders went in one to four batches
            double commits = now.get("sell_db_commit_seconds_count");
            assertTrue(commits >= 1 && commits <= 8, "commits: " + commits);
            assertEquals(4.0, now.get("sell_push_delivery_seconds_bucket{le=\"+Inf\"}"));
        }
        await().until(() -> value("sell_sockets_open") == 0.0);
        assertEquals(1.0, value("sell_sockets_closed_total{reason=\"client\"}"));

        // signing out closes the session's socket: the server's reason is counted
        String cookie = signIn();
        try (Socket socket = Socket.open(server, "/sell/webSocket", null, cookie, server.url(""))) {
            socket.next();
            TestServer.Reply out = server.call(new Request.Builder().url(server.url("/sell/api/seller/session"))
                    .header("Cookie", cookie).header("Origin", server.url("")).delete().build());
            assertEquals(204, out.status(), out.toString());
            await().until(() -> value("sell_sockets_closed_total{reason=\"signed_out\"}") == 1.0);
        }

        // the labels are a few fixed words: never a shop, an order or a buyer
        Set<String> labelValues = new HashSet<>();
        for (String sample : samples(scrape()).keySet()) {
            Matcher label = LABEL.matcher(sample);
            while (label.find()) labelValues.add(label.group(2));
        }
        for (String value : labelValues) {
            assertFalse(value.matches("\\d{19}") || value.equals("default") || value.startsWith("m-"), value);
        }
    }

    @Test
    void theScrapeIsValidForPromtool() throws Exception {
        File promtool = new File("/usr/bin/promtool");
        if (!promtool.canExecute()) {
            if ("true".equals(System.getenv("CI"))) throw new IllegalStateException("CI must check the metrics: install prometheus");
            return; // promtool is only checked where installed (.ci/run installs it)
        }
        server.placeOrder("p-1", "milk-tea", 1);
        Process check = new ProcessBuilder(promtool.getPath(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(scrape().getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, check.waitFor(), said);
    }

    @Test
    void metricsListenOnLoopbackOnlyAndAreOffUnlessAPortIsSet() throws Exception {
        int port = server.app().metricsPort();
        assertTrue(port > 0);
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address.isLoopbackAddress() || !(address instanceof Inet4Address)) continue;
                try (java.net.Socket probe = new java.net.Socket()) {
                    assertThrows(IOException.class, () -> probe.connect(new InetSocketAddress(address, port), 2000),
                            "metrics answered on " + address);
                }
            }
        }
        try (TestServer plain = TestServer.start()) {
            assertEquals(-1, plain.app().metricsPort());
        }
        assertTrue(Config.usage().contains("SELL_METRICS_PORT"));
    }
}
