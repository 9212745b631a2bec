package sell.shop;

import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import sell.db.Database;
import sell.http.ApiError;

/**
 * Who a seller request speaks for: a Bearer token (looked up by its hash, never compared as text)
 * or the console's session cookie, which only counts when the request comes from this origin.
 */
public final class SellerAuth {
    public static final String COOKIE = "sell_session";

    private final Database db;
    private final ShopRepository shops;
    private final SellerSessions sessions;
    private final Map<String, Shop> byHash = new ConcurrentHashMap<>();

    public SellerAuth(Database db, ShopRepository shops, SellerSessions sessions) {
        this.db = db;
        this.shops = shops;
        this.sessions = sessions;
    }

    public Optional<Shop> byToken(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) return Optional.empty();
        String hash = SellerTokens.hash(token);
        Shop cached = byHash.get(hash);
        if (cached != null) return Optional.of(cached);
        Optional<Shop> shop = db.read(h -> shops.byTokenHash(h, hash));
        shop.ifPresent(s -> byHash.put(hash, s));
        return shop;
    }

    /** The shop of a REST seller request (Bearer token or session cookie), or 401. */
    public Shop require(Context ctx) {
        String token = bearer(ctx.header("Authorization"));
        if (token != null) return byToken(token).orElseThrow(ApiError::unauthorized);
        Shop shop = sessions.shopOf(ctx.cookie(COOKIE)).orElseThrow(ApiError::unauthorized);
        boolean changes = !ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD");
        if (changes && !fromThisOrigin(ctx, false)) throw crossSite();
        return shop;
    }

    /** The shop of a socket handshake: Bearer header, ?token=, or the session cookie from this origin; or 401. */
    public Shop requireForSocket(Context ctx) {
        String token = bearer(ctx.header("Authorization"));
        if (token == null) token = ctx.queryParam("token");
        if (token != null) return byToken(token).orElseThrow(ApiError::unauthorized);
        Shop shop = sessions.shopOf(ctx.cookie(COOKIE)).orElseThrow(ApiError::unauthorized);
        if (!fromThisOrigin(ctx, true)) throw crossSite();
        return shop;
    }

    /**
     * Origin (or, without it, Sec-Fetch-Site) must name this server. A WebSocket handshake must
     * carry Origin; a plain request from a non-browser client may carry neither.
     */
    static boolean fromThisOrigin(Context ctx, boolean originRequired) {
        String origin = ctx.header("Origin");
        String host = ctx.header("Host");
        if (origin != null) {
            return host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
        }
        if (originRequired) return false;
        String site = ctx.header("Sec-Fetch-Site");
        return site == null || site.equals("same-origin");
    }

    private static ApiError crossSite() {
        return new ApiError(403, "cross_origin", "a session cookie is only accepted from this server's own pages", null);
    }

    /** Forgets cached lookups, e.g. after a token changed. */
    public void forget() {
        byHash.clear();
    }

    private static String bearer(String header) {
        if (header == null) return null;
        String prefix = "Bearer ";
        if (header.length() <= prefix.length() || !header.regionMatches(true, 0, prefix, 0, prefix.length())) return null;
        return header.substring(prefix.length()).strip();
    }
}
