package sell.shop;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import sell.core.Refusal;
import sell.db.Database;

/**
 * The shops' seller tokens. Tokens exist here only as SHA-256 hashes. A presented token is
 * hashed and looked up in the database every time, so a rotated token stops working at once,
 * on every instance and whichever process rotated it; a wrong token costs what a right one does.
 */
public final class SellerAuth {
    private final Database db;
    private final ShopRepository shops = new ShopRepository();

    public SellerAuth(Database db) {
        this.db = db;
    }

    /** The lookup compares SHA-256 hashes, never the token: its timing says nothing about any token. */
    public Optional<Shop> byToken(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) return Optional.empty();
        String hash = SellerTokens.hash(token);
        return db.read(h -> shops.byTokenHash(h, hash));
    }

    /** The shop's token hash now (null when it has none): what a socket opened with a session is checked against. */
    public String tokenHashOf(String shopId) {
        return db.read(h -> shops.tokenHash(h, shopId)).orElse(null);
    }

    /** The token hashes of the shops now. */
    public Map<String, String> tokenHashes(Set<String> shopIds) {
        Map<String, String> hashes = new HashMap<>();
        if (shopIds.isEmpty()) return hashes;
        db.read(h -> h.createQuery("SELECT shop_id, token_hash FROM shop WHERE shop_id IN (<shops>)")
                .bindList("shops", List.copyOf(shopIds))
                .map((rs, ctx) -> hashes.put(rs.getString("shop_id"), rs.getString("token_hash"))).list());
        return hashes;
    }

    /**
     * Gives the shop a new token and ends every console session of the shop (all were opened
     * with the old one), in one transaction; answers the new token, which is kept nowhere.
     */
    public String rotate(String shopId) {
        String token = SellerTokens.generate();
        String hash = SellerTokens.hash(token);
        db.write(shopId, h -> {
            if (shops.byId(h, shopId).isEmpty()) throw Refusal.notFound("no shop " + shopId);
            shops.setTokenHash(h, shopId, hash);
            h.execute("DELETE FROM seller_session WHERE shop_id = ?", shopId);
            return null;
        });
        return token;
    }
}
