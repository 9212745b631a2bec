package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

class SecurityTest {
    private static String signIn(TestServer server) {
        TestServer.Reply reply = server.call(new Request.Builder().url(server.url("/sell/api/seller/session"))
                .header("Origin", server.url(""))
                .post(RequestBody.create("{\"token\":\"" + TestServer.TOKEN + "\"}", TestServer.JSON)).build());
        assertEquals(200, reply.status());
        String setCookie = reply.headers().get("Set-Cookie");
        return setCookie.substring("sell_session=".length(), setCookie.indexOf(';'));
    }

    @Test
    void tokensAndSessionsAreStoredOnlyAsHashes() throws Exception {
        try (TestServer server = TestServer.start()) {
            String cookie = signIn(server);
            server.stop();
            for (String file : new String[]{"sell.db", "sell.db-wal"}) {
                Path path = server.dir.resolve(file);
                if (!Files.exists(path)) continue;
                String content = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(TestServer.TOKEN), file + " holds the token in clear");
                assertFalse(content.contains(cookie), file + " holds a session in clear");
            }
            server.startAgain();
        }
    }

    @Test
    void signingOutEndsTheSocketsOfThatSessionOnly() throws Exception {
        try (TestServer server = TestServer.start()) {
            String cookie = signIn(server);
            String otherCookie = signIn(server);
            Socket mine = Socket.open(server, "/sell/webSocket", null, "sell_session=" + cookie, server.url(""));
            Socket other = Socket.open(server, "/sell/webSocket", null, "sell_session=" + otherCookie, server.url(""));
            mine.awaitOpen();
            other.awaitOpen();
            assertEquals("hello", mine.next().get("type").asText());
            assertEquals("hello", other.next().get("type").asText());
            TestServer.Reply out = server.call(new Request.Builder().url(server.url("/sell/api/seller/session"))
                    .header("Cookie", "sell_session=" + cookie).header("Origin", server.url(""))
                    .delete().build());
            assertEquals(204, out.status());
            assertEquals(1008, mine.closed.get(10, TimeUnit.SECONDS));
            String orderId = server.placeOrder("after-signout", "milk-tea", 1).get("orderId").asText();
            assertEquals(orderId, other.nextEvent().get("order").get("orderId").asText());
            other.close();
        }
    }

    @Test
    void aSessionEndsAfterItsLifetimeUnused() throws Exception {
        Path dir = Files.createTempDirectory("sell-ttl");
        try (TestServer server = TestServer.start(TestServer.config(dir, 0).withSecurity(Duration.ofMillis(700), Set.of()))) {
            String cookie = signIn(server);
            Request list = new Request.Builder().url(server.url("/sell/api/seller/orders"))
                    .header("Cookie", "sell_session=" + cookie).build();
            assertEquals(200, server.call(list).status());
            Thread.sleep(1_000);
            TestServer.Reply expired = server.call(list);
            assertEquals(401, expired.status());
            assertEquals("unauthorized", expired.errorCode());
        }
    }

    @Test
    void forwardedForIsBelievedOnlyFromATrustedProxy() throws Exception {
        Path dir = Files.createTempDirectory("sell-proxy");
        Config trusting = new Config(0, dir.resolve("sell.db").toString(), dir, TestServer.TOKEN, 2)
                .withSecurity(Config.DEFAULT_SESSION_TTL, Set.of("127.0.0.1"));
        try (TestServer server = TestServer.start(trusting)) {
            for (int client = 0; client < 8; client++) {
                TestServer.Reply reply = server.call(new Request.Builder().url(server.url("/sell/api/orders"))
                        .header("X-Forwarded-For", "203.0.113." + client)
                        .post(RequestBody.create(TestServer.orderJson("fwd-" + client, "milk-tea", 1), TestServer.JSON)).build());
                assertEquals(201, reply.status(), "each forwarded client has its own bucket");
            }
            int passed = 0;
            int limited = 0;
            for (int i = 0; i < 6; i++) {
                TestServer.Reply reply = server.call(new Request.Builder().url(server.url("/sell/api/orders"))
                        .header("X-Forwarded-For", "198.51.100.7, 203.0.113.250")
                        .post(RequestBody.create(TestServer.orderJson("fwd-same", "milk-tea", 1), TestServer.JSON)).build());
                if (reply.status() == 201) passed++;
                else if (reply.status() == 429) limited++;
            }
            assertEquals(4, passed, "one client (the rightmost untrusted hop) gets the burst of two seconds' worth");
            assertEquals(2, limited);
        }
    }

    @Test
    void headersTooLargeGetTheJsonEnvelope() {
        try (TestServer server = TestServer.start()) {
            TestServer.Reply reply = server.call(new Request.Builder().url(server.url("/sell/api/products"))
                    .header("X-Padding", "a".repeat(20_000)).build());
            assertEquals(431, reply.status());
            assertEquals("headers_too_large", reply.errorCode());
            assertTrue(reply.headers().get("Content-Type").startsWith("application/json"));
        }
    }
}
