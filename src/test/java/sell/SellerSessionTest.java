package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs on both stores. */
@ParameterizedClass
@EnumSource(Store.class)
class SellerSessionTest extends ServerTest {
    SellerSessionTest(Store store) {
        super(store);
    }

    private String origin() {
        return server.url("");
    }

    /** Signs in like the console does and returns the cookie value. */
    private String signIn() {
        TestServer.Reply reply = server.call(new Request.Builder().url(server.url("/sell/api/seller/session"))
                .header("Origin", origin())
                .post(RequestBody.create("{\"token\":\"" + TestServer.TOKEN + "\"}", TestServer.JSON)).build());
        assertEquals(200, reply.status());
        assertEquals("default", reply.json().get("shopId").asText());
        String setCookie = reply.headers().get("Set-Cookie");
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("Path=/sell"), setCookie);
        return setCookie.substring("sell_session=".length(), setCookie.indexOf(';'));
    }

    private TestServer.Reply withCookie(String method, String path, String cookie, String origin) {
        Request.Builder request = new Request.Builder().url(server.url(path)).header("Cookie", "sell_session=" + cookie);
        if (origin != null) request.header("Origin", origin);
        if (method.equals("GET")) request.get();
        else request.method(method, RequestBody.create("", TestServer.JSON));
        return server.call(request.build());
    }

    @Test
    void theTokenIsExchangedForACookieThatWorksUntilSignOut() {
        String cookie = signIn();
        assertEquals(200, withCookie("GET", "/sell/api/seller/orders", cookie, null).status());
        assertEquals("My shop", withCookie("GET", "/sell/api/seller/session", cookie, null).json().get("shopName").asText());
        String orderId = server.placeOrder("cookie-1", "milk-tea", 1).get("orderId").asText();
        TestServer.Reply finished = withCookie("POST", "/sell/api/seller/orders/" + orderId + "/finish", cookie, origin());
        assertEquals(200, finished.status());
        assertEquals("FINISHED", finished.json().get("orderStatus").asText());

        TestServer.Reply signedOut = withCookie("DELETE", "/sell/api/seller/session", cookie, origin());
        assertEquals(204, signedOut.status());
        assertTrue(signedOut.headers().get("Set-Cookie").contains("Max-Age=0"));
        TestServer.Reply after = withCookie("GET", "/sell/api/seller/orders", cookie, null);
        assertEquals(401, after.status());
        assertEquals("unauthorized", after.errorCode());
    }

    @Test
    void aWrongTokenGetsNoCookie() {
        TestServer.Reply reply = server.call(new Request.Builder().url(server.url("/sell/api/seller/session"))
                .post(RequestBody.create("{\"token\":\"not-the-token-000000\"}", TestServer.JSON)).build());
        assertEquals(401, reply.status());
        assertEquals(null, reply.headers().get("Set-Cookie"));
        assertEquals(401, withCookie("GET", "/sell/api/seller/orders", "made-up-session", null).status());
    }

    @Test
    void aCrossSiteChangeWithTheCookieIsRefusedAndChangesNothing() {
        String cookie = signIn();
        String orderId = server.placeOrder("cookie-2", "milk-tea", 1).get("orderId").asText();
        TestServer.Reply forged = withCookie("POST", "/sell/api/seller/orders/" + orderId + "/cancel", cookie,
                "https://evil.example");
        assertEquals(403, forged.status());
        assertEquals("cross_origin", forged.errorCode());
        assertEquals("NEW", server.sellerGet("/sell/api/seller/orders/" + orderId).json().get("orderStatus").asText());
        assertEquals(1, server.headSeq());
    }

    @Test
    void aRestartSignsNobodyOut() {
        String cookie = signIn();
        server.restart();
        assertEquals(200, withCookie("GET", "/sell/api/seller/orders", cookie, null).status());
    }

    @Test
    void theSocketAcceptsTheCookieOnlyFromThisOrigin() throws Exception {
        String cookie = signIn();
        Socket sameOrigin = Socket.open(server, "/sell/webSocket", null, "sell_session=" + cookie, origin());
        sameOrigin.awaitOpen();
        assertEquals("hello", sameOrigin.next().get("type").asText());
        String orderId = server.placeOrder("cookie-3", "lemon-tea", 1).get("orderId").asText();
        assertEquals(orderId, sameOrigin.nextEvent().get("order").get("orderId").asText());
        sameOrigin.close();

        Socket crossSite = Socket.open(server, "/sell/webSocket", null, "sell_session=" + cookie, "https://evil.example");
        int status = crossSite.opened.handle((r, e) -> e == null ? 101 : ((Socket.HandshakeFailed) e).status)
                .get(10, TimeUnit.SECONDS);
        assertEquals(403, status);
        Socket noOrigin = Socket.open(server, "/sell/webSocket", null, "sell_session=" + cookie, null);
        status = noOrigin.opened.handle((r, e) -> e == null ? 101 : ((Socket.HandshakeFailed) e).status)
                .get(10, TimeUnit.SECONDS);
        assertEquals(403, status);
    }

    @Test
    void theConsoleUrlWithATokenSignsInAndDropsTheToken() {
        OkHttpClient noRedirects = server.http.newBuilder().followRedirects(false).build();
        TestServer.Reply reply;
        try (var response = noRedirects.newCall(new Request.Builder()
                .url(server.url("/sell/seller/?token=" + TestServer.TOKEN)).build()).execute()) {
            reply = new TestServer.Reply(response.code(), response.body().string(), response.headers());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(303, reply.status());
        assertEquals("/sell/seller/", reply.headers().get("Location"));
        String setCookie = reply.headers().get("Set-Cookie");
        String cookie = setCookie.substring("sell_session=".length(), setCookie.indexOf(';'));
        assertEquals(200, withCookie("GET", "/sell/api/seller/session", cookie, null).status());
    }

    @Test
    void theConsolePageForbidsInlineScriptAndOtherOrigins() {
        TestServer.Reply page = server.get("/sell/seller/");
        assertEquals(200, page.status());
        String csp = page.headers().get("Content-Security-Policy");
        assertTrue(csp.contains("script-src 'self'"), csp);
        assertTrue(csp.contains("default-src 'self'"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("nosniff", page.headers().get("X-Content-Type-Options"));
        assertTrue(page.body().contains("<html") || page.body().contains("<!doctype"), page.body());
    }
}
