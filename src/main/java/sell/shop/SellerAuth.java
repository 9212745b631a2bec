package sell.shop;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import sell.db.Database;
import sell.http.ApiError;

/**
 * Who a seller request speaks for: a Bearer token or the console's session cookie, which only
 * counts when the request comes from this origin. Tokens exist here only as SHA-256 hashes; a
 * presented token is hashed and looked up in memory, so a wrong token costs what a right one
 * does (no database round trip).
 */
public final class SellerAuth {
    public static final String COOKIE = "sell_session";

    private final Database db;
    private final SellerSessions sessions;
    private static final long RELOAD_EVERY_NANOS = 5_000_000_000L;

    private volatile Map<String, Shop> byTokenHash = Map.of();
    private final AtomicLong lastReload = new AtomicLong(System.nanoTime());

    public SellerAuth(Database db, SellerSessions sessions) {
        this.db = db;
        this.sessions = sessions;
        reload();
    }

    /** Re-reads the shops' token hashes, after a shop was added or a token changed. */
    public void reload() {
        Map<String, Shop> fresh = new HashMap<>();
        db.read(h -> h.createQuery("SELECT shop_id, shop_name, epoch, token_hash FROM shop WHERE token_hash IS NOT NULL")
                .map((rs, ctx) -> fresh.put(rs.getString("token_hash"),
                        new Shop(rs.getString("shop_id"), rs.getString("shop_name"), rs.getString("epoch"))))
                .list());
        byTokenHash = Map.copyOf(fresh);
    }

    /**
     * The lookup compares SHA-256 hashes, never the token: its timing could at most tell how much
     * of a hash matched, which says nothing about any token. A miss never waits for the database;
     * it only has the hashes re-read in the background (for shops added by another process).
     */
    public Optional<Shop> byToken(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) return Optional.empty();
        Shop shop = byTokenHash.get(SellerTokens.hash(token));
        if (shop == null) reloadSoon();
        return Optional.ofNullable(shop);
    }

    private void reloadSoon() {
        long now = System.nanoTime();
        long last = lastReload.get();
        if (now - last > RELOAD_EVERY_NANOS && lastReload.compareAndSet(last, now)) {
            CompletableFuture.runAsync(() -> {
                try {
                    reload();
                } catch (RuntimeException ignored) {
                    // the next miss tries again
                }
            });
        }
    }

    /** The shop of a REST seller request (Bearer token or session cookie), or 401. */
    public Shop require(Context ctx) {
        String token = bearer(ctx.header("Authorization"));
        if (token != null) return byToken(token).orElseThrow(ApiError::unauthorized);
        if (ctx.header("Authorization") != null) throw ApiError.unauthorized();
        Shop shop = sessions.shopOf(ctx.cookie(COOKIE)).orElseThrow(ApiError::unauthorized);
        boolean changes = !ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD");
        if (changes && !fromThisOrigin(ctx, false)) throw crossSite();
        return shop;
    }

    /** Who a socket handshake speaks for, and the console session that opened it (null for a token). */
    public record SocketAuth(Shop shop, String sessionHash) {
    }

    /**
     * A socket handshake: Bearer header, ?token=, or the session cookie, which must then come
     * with an Origin naming this server (browsers always send one); else 401, or 403.
     */
    public SocketAuth forSocket(String authorization, String tokenParameter, String cookie, String origin, String host) {
        String token = bearer(authorization);
        if (token == null) token = tokenParameter;
        if (token != null) return new SocketAuth(byToken(token).orElseThrow(ApiError::unauthorized), null);
        Shop shop = sessions.shopOf(cookie).orElseThrow(ApiError::unauthorized);
        if (origin == null || !sameOrigin(origin, host)) throw crossSite();
        return new SocketAuth(shop, SellerSessions.hashOf(cookie));
    }

    /** Origin (or, without it, Sec-Fetch-Site) must name this server; a non-browser client may send neither. */
    static boolean fromThisOrigin(Context ctx, boolean originRequired) {
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
