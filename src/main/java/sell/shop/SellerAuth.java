package sell.shop;

import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import sell.db.Database;
import sell.http.ApiError;

/** Who a seller request speaks for: a token is looked up by its hash, never compared as text. */
public final class SellerAuth {
    private final Database db;
    private final ShopRepository shops;
    private final Map<String, Shop> byHash = new ConcurrentHashMap<>();

    public SellerAuth(Database db, ShopRepository shops) {
        this.db = db;
        this.shops = shops;
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

    /** The shop of a REST seller request (Authorization: Bearer), or 401. */
    public Shop require(Context ctx) {
        return byToken(bearer(ctx.header("Authorization"))).orElseThrow(ApiError::unauthorized);
    }

    /** The shop of a socket handshake: Bearer header or ?token=, or 401. */
    public Shop requireForSocket(Context ctx) {
        String token = bearer(ctx.header("Authorization"));
        if (token == null) token = ctx.queryParam("token");
        return byToken(token).orElseThrow(ApiError::unauthorized);
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
