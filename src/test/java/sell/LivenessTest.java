package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LivenessTest {
    private static TestServer fastPings() throws Exception {
        Path dir = Files.createTempDirectory("sell-ping");
        return TestServer.start(TestServer.config(dir, 0)
                .withPush(Duration.ofMillis(300), Duration.ofMillis(400), Config.DEFAULT_SOCKET_QUEUE_BYTES));
    }

    private static int openSockets(TestServer server) {
        return server.get("/sell/health").json().get("sockets").asInt();
    }

    private static void awaitSockets(TestServer server, int expected, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (openSockets(server) != expected && System.currentTimeMillis() < end) Thread.sleep(50);
        assertEquals(expected, openSockets(server));
    }

    @Test
    void aClientThatStopsAnsweringPingsIsClosedAndOneThatAnswersStays() throws Exception {
        try (TestServer server = fastPings();
             Socket answering = Socket.connect(server, "");
             RawSocket silent = new RawSocket(server.app().port(), "/sell/webSocket?token=" + TestServer.TOKEN, 0)) {
            assertEquals("HTTP/1.1 101 Switching Protocols", silent.handshakeStatusLine);
            awaitSockets(server, 2, 5_000);
            // several ping rounds: the silent one must be gone, the answering one kept
            awaitSockets(server, 1, 10_000);
            Thread.sleep(1_500);
            assertEquals(1, openSockets(server));
            assertEquals(false, answering.closed.isDone());
            String orderId = server.placeOrder("alive-1", "milk-tea", 1).get("orderId").asText();
            assertEquals("hello", answering.next().get("type").asText());
            assertEquals(orderId, answering.nextEvent().get("order").get("orderId").asText());
            assertTrue(silent.serverClosed(3_000), "the server closed the silent socket's connection");
        }
    }

    @Test
    void idleSocketsGetAHeartbeatTheyCanWatch() throws Exception {
        try (TestServer server = fastPings(); Socket socket = Socket.connect(server, "")) {
            assertEquals("hello", socket.next().get("type").asText());
            server.placeOrder("beat-1", "milk-tea", 1);
            assertEquals("order.created", socket.next().get("type").asText());
            var heartbeat = socket.next();
            assertEquals("heartbeat", heartbeat.get("type").asText());
            assertEquals(1, heartbeat.get("headSeq").asLong());
        }
    }

    @Test
    void pingsKeepASocketUpBehindAProxyThatCutsIdleConnections() throws Exception {
        Path dir = Files.createTempDirectory("sell-proxy");
        // scaled down: a proxy that cuts after 1 s idle, pings every 300 ms (in production: 60 s and 25 s)
        try (TestServer server = TestServer.start(TestServer.config(dir, 0)
                .withPush(Duration.ofMillis(300), Duration.ofMillis(600), Config.DEFAULT_SOCKET_QUEUE_BYTES));
             IdleProxy proxy = new IdleProxy(server.app().port(), 1_000)) {
            Socket proxied = proxiedSocket(server, proxy);
            assertEquals("hello", proxied.next().get("type").asText());
            Thread.sleep(3_000);
            assertEquals(false, proxied.closed.isDone(), "three idle limits later the socket is still up");
            String orderId = server.placeOrder("proxy-1", "milk-tea", 1).get("orderId").asText();
            assertEquals(orderId, proxied.nextEvent().get("order").get("orderId").asText());
            proxied.close();
        }
    }

    @Test
    void withoutPingsTheSameProxyCutsTheSocket() throws Exception {
        Path dir = Files.createTempDirectory("sell-proxy");
        try (TestServer server = TestServer.start(TestServer.config(dir, 0)
                .withPush(Duration.ofHours(1), Duration.ofHours(1), Config.DEFAULT_SOCKET_QUEUE_BYTES));
             IdleProxy proxy = new IdleProxy(server.app().port(), 1_000)) {
            Socket proxied = proxiedSocket(server, proxy);
            assertEquals("hello", proxied.next().get("type").asText());
            assertEquals(-1, proxied.closed.get(10, java.util.concurrent.TimeUnit.SECONDS), "the proxy cut it");
        }
    }

    private static Socket proxiedSocket(TestServer server, IdleProxy proxy) {
        Socket socket = Socket.openUrl(server, "ws://localhost:" + proxy.port() + "/sell/webSocket?token=" + TestServer.TOKEN);
        socket.awaitOpen();
        return socket;
    }
}
