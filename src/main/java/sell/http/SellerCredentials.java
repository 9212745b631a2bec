package sell.http;

import io.javalin.http.Context;
import sell.shop.SellerAuth;
import sell.shop.SellerSessions;
import sell.shop.SellerTokens;
import sell.shop.Shop;

/**
 * Who a seller request speaks for: a Bearer token, or the console's session cookie, which only
 * counts when the request comes from this origin (a cross-site page cannot use a seller's cookie).
 */
public final class SellerCredentials {
    public static final String COOKIE = "sell_session";

    private final SellerAuth auth;
    private final SellerSessions sessions;

    public SellerCredentials(SellerAuth auth, SellerSessions sessions) {
        this.auth = auth;
        this.sessions = sessions;
    }

    /** The shop of a REST seller request (Bearer token or session cookie), or 401. */
    public Shop require(Context ctx) {
        String token = bearer(ctx.header("Authorization"));
        if (token != null) return auth.byToken(token).orElseThrow(ApiError::unauthorized);
        if (ctx.header("Authorization") != null) throw ApiError.unauthorized();
        Shop shop = sessions.shopOf(ctx.cookie(COOKIE)).orElseThrow(ApiError::unauthorized);
        boolean changes = !ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD");
        if (changes && !fromThisOrigin(ctx, false)) throw crossSite();
        return shop;
    }

    /**
     * Who a socket handshake speaks for, the console session that opened it (null for a token),
     * and the shop's token hash it was opened under.
     */
    public record SocketAuth(Shop shop, String sessionHash, String tokenHash) {
    }

    /**
     * A socket handshake: Bearer header, ?token=, or the session cookie, which must then come
     * with an Origin naming this server (browsers always send one); else 401, or 403.
     */
    public SocketAuth forSocket(String authorization, String tokenParameter, String cookie, String origin, String host) {
        String token = bearer(authorization);
        if (token == null) token = tokenParameter;
        if (token != null) {
            return new SocketAuth(auth.byToken(token).orElseThrow(ApiError::unauthorized), null, SellerTokens.hash(token));
        }
        Shop shop = sessions.shopOf(cookie).orElseThrow(ApiError::unauthorized);
        if (origin == null || !sameOrigin(origin, host)) throw crossSite();
        return new SocketAuth(shop, SellerSessions.hashOf(cookie), auth.tokenHashOf(shop.shopId()));
    }

    /** Origin (or, without it, Sec-Fetch-Site) must name this server; a non-browser client may send neither. */
    public static boolean fromThisOrigin(Context ctx, boolean originRequired) {
        String origin = ctx.header("Origin");
        if (origin != null) return sameOrigin(origin, ctx.header("Host"));
        if (originRequired) return false;
        String site = ctx.header("Sec-Fetch-Site");
        return site == null || site.equals("same-origin");
    }

    private static boolean sameOrigin(String origin, String host) {
        return host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
    }

    private static ApiError crossSite() {
        return new ApiError(403, "cross_origin", "a session cookie is only accepted from this server's own pages", null);
    }

    private static String bearer(String header) {
        if (header == null) return null;
        String prefix = "Bearer ";
        if (header.length() <= prefix.length() || !header.regionMatches(true, 0, prefix, 0, prefix.length())) return null;
        return header.substring(prefix.length()).strip();
    }
}
