package sell.shop;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

public final class ShopRepository {
    private static final RowMapper<Shop> SHOP = (rs, ctx) ->
            new Shop(rs.getString("shop_id"), rs.getString("shop_name"), rs.getString("epoch"));

    public Optional<Shop> byTokenHash(Handle handle, String tokenHash) {
        return handle.createQuery("SELECT shop_id, shop_name, epoch FROM shop WHERE token_hash = ?")
                .bind(0, tokenHash).map(SHOP).findOne();
    }

    public Optional<Shop> byId(Handle handle, String shopId) {
        return handle.createQuery("SELECT shop_id, shop_name, epoch FROM shop WHERE shop_id = ?")
                .bind(0, shopId).map(SHOP).findOne();
    }

    public void insert(Handle handle, Shop shop, long now) {
        handle.execute("INSERT INTO shop (shop_id, shop_name, epoch, head_seq, create_time) VALUES (?, ?, ?, 0, ?)",
                shop.shopId(), shop.shopName(), shop.epoch(), now);
    }

    /** The shop's token hash, or empty when it has none (or there is no such shop). */
    public Optional<String> tokenHash(Handle handle, String shopId) {
        return handle.createQuery("SELECT token_hash FROM shop WHERE shop_id = ?").bind(0, shopId)
                .mapTo(String.class).findOne();
    }

    /** The shop's own time zone for its reports (an IANA name). */
    public void setTimeZone(Handle handle, String shopId, String timeZone) {
        handle.execute("UPDATE shop SET time_zone = ? WHERE shop_id = ?", timeZone, shopId);
    }

    public void setTokenHash(Handle handle, String shopId, String tokenHash) {
        handle.execute("UPDATE shop SET token_hash = ? WHERE shop_id = ? AND (token_hash IS NULL OR token_hash <> ?)",
                tokenHash, shopId, tokenHash);
    }
}
