package sell.shop;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.Map;
import sell.http.ApiError;
import sell.http.Fields;
import sell.http.Requests;
import sell.http.SellerCredentials;

/** Console sign-in and sign-out, token rotation, and the console page itself (where ?token= signs in). */
public final class SessionHandlers {
    public record SignedIn(String shopId, String shopName) {
    }

    public record Rotated(String shopId, String token) {
    }

    private final SellerAuth auth;
    private final SellerCredentials credentials;
    private final SellerSessions sessions;
    private final TokenRotation rotation;
    private final byte[] consolePage;

    public SessionHandlers(SellerAuth auth, SellerCredentials credentials, SellerSessions sessions, TokenRotation rotation) {
        this.auth = auth;
        this.rotation = rotation;
        this.credentials = credentials;
        this.sessions = sessions;
        byte[] page = ConsoleFiles.read(ConsoleFiles.FOLDER + "index.html");
        if (page == null) throw new IllegalStateException("the console page is missing from the jar");
        this.consolePage = page;
    }

    /** Exchanges the seller token for a session cookie. */
    public void signIn(Context ctx) {
        JsonNode body = Requests.jsonBody(ctx);
        String token = Fields.text(body, "token", "token", 512);
        Shop shop = auth.byToken(token).orElseThrow(ApiError::unauthorized);
        if (!SellerCredentials.fromThisOrigin(ctx, false)) {
            throw new ApiError(403, "cross_origin", "sign in from this server's own console", null);
        }
        setCookie(ctx, sessions.start(shop));
        ctx.json(new SignedIn(shop.shopId(), shop.shopName()));
    }

    /**
     * POST /sell/api/seller/token: the shop's new token, answered this once. The session that
     * asked ends with every other one: the console signs in again with the new token.
     */
    public void rotateToken(Context ctx) {
        Shop shop = credentials.require(ctx);
        String token = rotation.rotate(shop.shopId());
        ctx.header("Cache-Control", "no-store");
        ctx.json(new Rotated(shop.shopId(), token));
    }

    public void whoAmI(Context ctx) {
        Shop shop = credentials.require(ctx);
        ctx.json(new SignedIn(shop.shopId(), shop.shopName()));
    }

    public void signOut(Context ctx) {
        if (!SellerCredentials.fromThisOrigin(ctx, false)) {
            throw new ApiError(403, "cross_origin", "sign out from this server's own console", null);
        }
        sessions.end(ctx.cookie(SellerCredentials.COOKIE));
        ctx.header("Set-Cookie", SellerCredentials.COOKIE + "=; Path=/sell; Max-Age=0; HttpOnly; SameSite=Strict"
                + (secure(ctx) ? "; Secure" : ""));
        ctx.status(204);
    }

    /**
     * The console page. With ?token= (the URL printed at start-up) it signs in and redirects to
     * itself without the token, so the token leaves the address bar and the page never holds it.
     */
    public void console(Context ctx) {
        if (!ctx.path().endsWith("/")) {
            ctx.redirect("/sell/seller/");
            return;
        }
        String token = ctx.queryParam("token");
        if (token != null) {
            var shop = auth.byToken(token);
            // HEAD is answered like GET but starts no session: link previews ask for the URL too
            if (!ctx.method().name().equals("HEAD")) shop.ifPresent(s -> setCookie(ctx, sessions.start(s)));
            ctx.header("Cache-Control", "no-store");
            ctx.redirect(shop.isPresent() ? "/sell/seller/" : "/sell/seller/#signin-failed", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/html; charset=utf-8").result(consolePage);
    }

    public static Map<String, String> securityHeaders() {
        return Map.of(
                "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                        + "connect-src 'self'; media-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
                        + "form-action 'self'",
                "X-Content-Type-Options", "nosniff",
                "Referrer-Policy", "no-referrer",
                "X-Frame-Options", "DENY");
    }

    private static void setCookie(Context ctx, String value) {
        // the browser may keep it a month; the server ends it after 12 idle hours
        ctx.header("Set-Cookie", SellerCredentials.COOKIE + "=" + value + "; Path=/sell; Max-Age="
                + java.time.Duration.ofDays(30).toSeconds() + "; HttpOnly; SameSite=Strict" + (secure(ctx) ? "; Secure" : ""));
    }

    private static boolean secure(Context ctx) {
        return ctx.scheme().equals("https");
    }
}
