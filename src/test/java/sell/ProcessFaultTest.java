package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessFaultTest {
    @TempDir
    Path dir;

    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();

    /** Events one socket received, by seq. */
    private static final class Recorder extends WebSocketListener {
        final Map<Long, String> orderBySeq = new ConcurrentHashMap<>();
        final List<Long> seqs = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile String epoch;
        volatile int closeCode;
        final java.util.concurrent.CountDownLatch hello = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

        @Override
        public void onMessage(WebSocket ws, String text) {
            try {
                JsonNode message = TestServer.MAPPER.readTree(text);
                String type = message.get("type").asText();
                if (type.equals("hello")) {
                    epoch = message.get("epoch").asText();
                    hello.countDown();
                } else if (message.has("seq")) {
                    long seq = message.get("seq").asLong();
                    seqs.add(seq);
                    // a menu change is an event of the shop too, with no order
                    orderBySeq.put(seq, message.has("order") ? message.get("order").get("orderId").asText()
                            : type + ":" + seq);
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            closeCode = code;
            closed.countDown();
        }

        @Override
        public void onFailure(WebSocket ws, Throwable t, Response response) {
            closed.countDown();
        }

        volatile WebSocket webSocket;

        @Override
        public void onOpen(WebSocket ws, Response response) {
            webSocket = ws;
        }

        /** Stops listening (what arrives later is not recorded) and closes. */
        void stop() {
            webSocket.cancel();
        }

        long lastContiguous() {
            long last = 0;
            // the socket's thread may append meanwhile
            synchronized (seqs) {
                for (long seq : seqs) if (seq == last + 1) last = seq;
            }
            return last;
        }
    }

    private Recorder listen(ServerProcess server, String query) throws InterruptedException {
        Recorder recorder = new Recorder();
        http.newWebSocket(new Request.Builder().url("ws://localhost:" + server.port + "/sell/webSocket?token="
                + TestServer.TOKEN + query).build(), recorder);
        assertTrue(recorder.hello.await(10, TimeUnit.SECONDS));
        return recorder;
    }

    private TestServer.Reply post(String url, String json) throws IOException {
        try (Response response = http.newCall(new Request.Builder().url(url)
                .post(RequestBody.create(json, TestServer.JSON)).build()).execute()) {
            return new TestServer.Reply(response.code(), response.body().string(), response.headers());
        }
    }

    @Test
    void afterSigkillEveryAcknowledgedOrderExistsAndIsDeliveredExactlyOnce() throws Exception {
        Path db = dir.resolve("sell.db");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Recorder before;
        Recorder early;
        long earlyStop;
        try (ServerProcess server = ServerProcess.start(db, Map.of())) {
            String productId;
            try (Response created = http.newCall(new Request.Builder().url(server.url("/sell/api/seller/products"))
                    .header("Authorization", "Bearer " + TestServer.TOKEN)
                    .post(RequestBody.create("{\"productName\":\"Rice\",\"productPrice\":1,\"productStock\":1000000}",
                            TestServer.JSON)).build()).execute()) {
                productId = TestServer.MAPPER.readTree(created.body().string()).get("productId").asText();
            }
            // from the start of the log, the product's own event included, so that seqs count from 1
            before = listen(server, "&since=0");
            early = listen(server, "&since=0");
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService buyers = Executors.newFixedThreadPool(16);
            for (int b = 0; b < 16; b++) {
                String openid = "crash-" + b;
                buyers.submit(() -> {
                    while (running.get()) {
                        try {
                            TestServer.Reply reply = post(server.url("/sell/api/orders"),
                                    TestServer.orderJson(openid, productId, 1));
                            if (reply.status() == 201) acknowledged.add(reply.json().get("orderId").asText() + "|" + openid);
                            else if (reply.status() == 409) return null;
                        } catch (IOException e) {
                            return null;
                        }
                    }
                    return null;
                });
            }
            long end = System.currentTimeMillis() + 10_000;
            while (acknowledged.size() < 100 && System.currentTimeMillis() < end) Thread.sleep(5);
            // this seller drops off early and comes back only after the crash
            earlyStop = early.lastContiguous();
            early.stop();
            while (acknowledged.size() < 300 && System.currentTimeMillis() < end) Thread.sleep(5);
            server.kill();
            running.set(false);
            buyers.shutdown();
            assertTrue(buyers.awaitTermination(20, TimeUnit.SECONDS));
        }
        assertTrue(acknowledged.size() >= 100, "orders acknowledged before the kill: " + acknowledged.size());
        long resumeFrom = before.lastContiguous();
        long earlyFrom = Math.min(earlyStop, early.lastContiguous());

        try (ServerProcess again = ServerProcess.start(db, Map.of())) {
            for (String entry : acknowledged) {
                String[] idAndBuyer = entry.split("\\|");
                try (Response response = http.newCall(new Request.Builder()
                        .url(again.url("/sell/api/orders/" + idAndBuyer[0] + "?openid=" + idAndBuyer[1])).build()).execute()) {
                    assertEquals(200, response.code(), "acknowledged order " + idAndBuyer[0] + " survived the crash");
                }
            }
            JsonNode events = TestServer.MAPPER.readTree(http.newCall(new Request.Builder()
                    .url(again.url("/sell/api/seller/events?since=0"))
                    .header("Authorization", "Bearer " + TestServer.TOKEN).build()).execute().body().string());
            long head = events.get("headSeq").asLong();
            assertTrue(head >= acknowledged.size(), "head " + head + " covers every acknowledged order");

            for (Recorder[] pair : new Recorder[][]{{before, listen(again, "&since=" + resumeFrom + "&epoch=" + before.epoch)},
                    {early, listen(again, "&since=" + earlyFrom + "&epoch=" + early.epoch)}}) {
                Recorder old = pair[0];
                Recorder resumed = pair[1];
                long from = old == before ? resumeFrom : earlyFrom;
                long end = System.currentTimeMillis() + 10_000;
                while (resumed.seqs.size() < head - from && System.currentTimeMillis() < end) Thread.sleep(20);
                Thread.sleep(200);
                List<Long> expected = new ArrayList<>();
                for (long s = from + 1; s <= head; s++) expected.add(s);
                assertEquals(expected, new ArrayList<>(resumed.seqs), "each missed event once, in order");

                Set<String> seen = new HashSet<>();
                for (long s = 1; s <= from; s++) seen.add(old.orderBySeq.get(s));
                for (long s = from + 1; s <= head; s++) assertTrue(seen.add(resumed.orderBySeq.get(s)), "no order twice");
                for (String entry : acknowledged) assertTrue(seen.contains(entry.split("\\|")[0]), entry);
                System.out.printf("crash test: %d acknowledged, head %d, socket had %d, resumed %d%n",
                        acknowledged.size(), head, from, resumed.seqs.size());
            }
        }
    }

    @Test
    void sigtermFinishesTheRequestInFlightClosesSocketsWith1001AndExitsQuickly() throws Exception {
        Path db = dir.resolve("sell.db");
        try (ServerProcess server = ServerProcess.start(db, Map.of())) {
            Recorder socket = listen(server, "");
            byte[] body = TestServer.orderJson("term-1", "mapo-tofu", 1).getBytes(StandardCharsets.UTF_8);
            try (java.net.Socket tcp = new java.net.Socket("localhost", server.port)) {
                OutputStream out = tcp.getOutputStream();
                out.write(("POST /sell/api/orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, body.length / 2);
                out.flush();
                Thread.sleep(300);
                long signalled = System.nanoTime();
                server.terminate();
                assertTrue(socket.closed.await(5, TimeUnit.SECONDS));
                assertEquals(1001, socket.closeCode);
                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                InputStream in = tcp.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(response.startsWith("HTTP/1.1 201"), response);
                assertTrue(server.process.waitFor(5, TimeUnit.SECONDS), "exited within 5 s of SIGTERM");
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
                System.out.printf("SIGTERM to exit: %d ms%n", tookMillis);
            }
            assertFalse(Files.exists(dir.resolve("sell.db-wal")) && Files.size(dir.resolve("sell.db-wal")) > 0,
                    "the database was closed cleanly (its write-ahead log checkpointed)");
        }
        try (ServerProcess again = ServerProcess.start(db, Map.of())) {
            JsonNode list = TestServer.MAPPER.readTree(http.newCall(new Request.Builder()
                    .url(again.url("/sell/api/seller/orders"))
                    .header("Authorization", "Bearer " + TestServer.TOKEN).build()).execute().body().string());
            assertEquals(1, list.get("orders").size());
            assertEquals("term-1", list.get("orders").get(0).get("buyerOpenid").asText());
        }
    }
}
