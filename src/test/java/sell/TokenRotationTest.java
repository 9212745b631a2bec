package sell;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/** A leaked token is rotated: the old one stops at once, and every session and socket opened with it ends. */
class TokenRotationTest {

    private static int status(TestServer server, String token) {
        return server.call(new Request.Builder().url(server.url("/sell/api/seller/orders"))
                .header("Authorization", "Bearer " + token).build()).status();
    }

    /** Signs in like the console and answers the Cookie header's value. */
    private static String signIn(TestServer server, String token) {
        TestServer.Reply reply = server.call(new Request.Builder().url(server.url("/sell/api/seller/session"))
                .header("Origin", server.url(""))
                .post(RequestBody.create("{\"token\":\"" + token + "\"}", TestServer.JSON)).build());
        assertEquals(200, reply.status(), reply.toString());
        String setCookie = reply.headers().get("Set-Cookie");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static int sessionStatus(TestServer server, String cookie) {
        return server.call(new Request.Builder().url(server.url("/sell/api/seller/session")).header("Cookie", cookie).build())
                .status();
    }

    /** When the session ends, read from the database file itself. */
    private static long expiresAt(TestServer server, String cookie) throws Exception {
        String hash = sell.shop.SellerTokens.hash(cookie.substring(cookie.indexOf('=') + 1));
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + server.db);
             var query = connection.prepareStatement("SELECT expire_time FROM seller_session WHERE session_hash = ?")) {
            query.setString(1, hash);
            try (var rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    private static Socket withToken(TestServer server, String token) {
        Socket socket = Socket.open(server, "/sell/webSocket?token=" + token, null);
        socket.awaitOpen();
        assertEquals("hello", socket.next().get("type").asText());
        return socket;
    }

    private static Socket withCookie(TestServer server, String cookie) {
        Socket socket = Socket.open(server, "/sell/webSocket", null, cookie, server.url(""));
        socket.awaitOpen();
        assertEquals("hello", socket.next().get("type").asText());
        return socket;
    }

    private static TestServer.Reply rotate(TestServer server, String cookie) {
        return server.call(new Request.Builder().url(server.url("/sell/api/seller/token"))
                .header("Cookie", cookie).header("Origin", server.url(""))
                .post(RequestBody.create(new byte[0], null)).build());
    }

    @Test
    void rotatingFromTheConsoleEndsTheOldTokenItsSessionsAndItsSocketsAtOnce() throws Exception {
        try (TestServer server = TestServer.start()) {
            String old = server.app().addShop("Rotating kitchen").token();
            String cookie = signIn(server, old);
            String otherConsole = signIn(server, old);
            try (Socket byToken = withToken(server, old); Socket byCookie = withCookie(server, otherConsole);
                 Socket otherShop = withToken(server, TestServer.TOKEN)) {
                TestServer.Reply rotated = rotate(server, cookie);
                assertEquals(200, rotated.status(), rotated.toString());
                assertEquals("no-store", rotated.headers().get("Cache-Control"));
                String fresh = rotated.json().get("token").asText();
                assertNotEquals(old, fresh);
                assertTrue(fresh.length() >= 32, fresh);

                // at once: no wait for any check
                assertEquals(401, status(server, old));
                assertEquals(401, sessionStatus(server, cookie));
                assertEquals(401, sessionStatus(server, otherConsole));
                assertEquals(1008, (int) byToken.closed.get(5, TimeUnit.SECONDS));
                assertEquals(1008, (int) byCookie.closed.get(5, TimeUnit.SECONDS));
                assertEquals(200, status(server, fresh));
                Socket late = Socket.open(server, "/sell/webSocket?token=" + old, null);
                java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                        java.util.concurrent.ExecutionException.class, () -> late.opened.get(10, TimeUnit.SECONDS));
                assertEquals(401, ((Socket.HandshakeFailed) refused.getCause()).status);

                // another shop's sockets and token are untouched
                String orderId = server.placeOrder("other-1", "milk-tea", 1).get("orderId").asText();
                assertEquals(orderId, otherShop.nextEvent().get("order").get("orderId").asText());
                assertEquals(200, status(server, TestServer.TOKEN));
            }
        }
    }

    @Test
    void theCommandRotatesWhileTheServerRunsAndItsSocketsCloseWithinACheck() throws Exception {
        try (TestServer server = TestServer.start()) {
            String old = server.app().addShop("Night kitchen").token();
            String shopId = server.call(new Request.Builder().url(server.url("/sell/api/seller/session"))
                    .header("Authorization", "Bearer " + old).build()).json().get("shopId").asText();
            try (Socket socket = withToken(server, old)) {
                String fresh = App.rotateToken(server.config(), shopId);
                assertEquals(401, status(server, old));
                assertEquals(200, status(server, fresh));
                assertEquals(1008, (int) socket.closed.get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void theDefaultShopsTokenKeptInTheDataFolderIsReplacedSoARestartKeepsTheNewOne() throws Exception {
        Path dir = Files.createTempDirectory("sell-test");
        try (TestServer server = TestServer.start(new Config(0, dir.resolve("sell.db").toString(), dir, null, 0))) {
            String old = server.app().sellerToken();
            TestServer.Reply rotated = server.call(new Request.Builder().url(server.url("/sell/api/seller/token"))
                    .header("Authorization", "Bearer " + old).post(RequestBody.create(new byte[0], null)).build());
            assertEquals(200, rotated.status(), rotated.toString());
            String fresh = rotated.json().get("token").asText();
            server.restart();
            assertEquals(401, status(server, old));
            assertEquals(200, status(server, fresh));
            assertEquals(fresh, server.app().sellerToken(), "the start-up link carries the new token");
        }
    }

    @Test
    void aTokenSetBySellerTokenIsChangedThereNotByRotation() {
        try (TestServer server = TestServer.start()) {
            TestServer.Reply refused = server.call(new Request.Builder().url(server.url("/sell/api/seller/token"))
                    .header("Authorization", "Bearer " + TestServer.TOKEN).post(RequestBody.create(new byte[0], null)).build());
            assertEquals(409, refused.status(), refused.toString());
            assertEquals("token_configured", refused.json().get("error").get("code").asText());
            assertEquals(200, status(server, TestServer.TOKEN));
            assertEquals(401, server.call(new Request.Builder().url(server.url("/sell/api/seller/token"))
                    .post(RequestBody.create(new byte[0], null)).build()).status());
        }
    }

    @Test
    void aRotationOnOneInstanceClosesTheShopsSocketsOnTheOtherAtOnce() throws Exception {
        // no periodic check within the test: what closes the socket on b is a's message
        try (TestServer a = TestServer.start(Store.POSTGRES, c -> c.withDbCheckInterval(Duration.ofHours(1)));
             TestServer b = a.another()) {
            String old = a.app().addShop("Shared kitchen").token();
            await().atMost(Duration.ofSeconds(10)).until(() -> status(b, old) == 200);
            String cookie = signIn(a, old);
            try (Socket onB = withToken(b, old)) {
                assertEquals(200, rotate(a, cookie).status());
                assertEquals(1008, (int) onB.closed.get(10, TimeUnit.SECONDS));
                assertEquals(401, status(b, old));
            }
        }
    }

    @Test
    void anOpenSocketKeepsItsConsoleSessionAliveAndHelloTellsTheHeartbeat() throws Exception {
        try (TestServer server = TestServer.start(Store.SQLITE, c -> c.withSecurity(Duration.ofSeconds(3), Set.of())
                .withPush(Duration.ofMillis(1500), Duration.ofSeconds(20), Config.DEFAULT_SOCKET_QUEUE_BYTES))) {
            String watched = signIn(server, TestServer.TOKEN);
            String idle = signIn(server, TestServer.TOKEN);
            try (Socket socket = Socket.open(server, "/sell/webSocket", null, watched, server.url(""))) {
                socket.awaitOpen();
                JsonNode hello = socket.next();
                assertEquals(1500, hello.get("heartbeatMs").asLong());
                // the idle session, signed in after the watched one, ends after its lifetime without use
                // (read from the file: asking the server would be a use, which keeps it alive)
                await().atMost(Duration.ofSeconds(15)).until(() -> expiresAt(server, idle) < System.currentTimeMillis());
                assertEquals(401, sessionStatus(server, idle));
                assertTrue(expiresAt(server, watched) > System.currentTimeMillis(), "the open socket kept it alive");
                assertEquals(200, sessionStatus(server, watched));
            }
        }
    }
}
