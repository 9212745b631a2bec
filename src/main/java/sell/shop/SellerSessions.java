package sell.shop;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import sell.db.Database;

/**
 * Console sessions: a random cookie value, stored only as its hash, valid until it has been idle
 * for the session lifetime (SELL_SESSION_TTL). Kept in the database so that restarts sign nobody out.
 */
public final class SellerSessions {
    private static final long REFRESH_AFTER = Duration.ofMinutes(1).toMillis();

    private final Database db;
    private final ShopRepository shops;
    private final Duration lifetime;
    private final List<Consumer<String>> endListeners = new CopyOnWriteArrayList<>();
    /** A use pushes the expiry out only when that gains this much: one write per minute of use at most. */
    private final long refreshAfter;

    public SellerSessions(Database db, ShopRepository shops, Duration lifetime) {
        this.db = db;
        this.shops = shops;
        this.lifetime = lifetime;
        this.refreshAfter = Math.min(REFRESH_AFTER, lifetime.toMillis() / 4);
    }

    /** Told the hash of every session that is signed out, e.g. to close its sockets. */
    public void onEnd(Consumer<String> listener) {
        endListeners.add(listener);
    }

    /** Starts a session for the shop and returns the cookie value. */
    public String start(Shop shop) {
        String value = SellerTokens.generate() + SellerTokens.generate();
        long now = System.currentTimeMillis();
        db.write(h -> h.execute("INSERT INTO seller_session (session_hash, shop_id, create_time, expire_time) "
                + "VALUES (?, ?, ?, ?)", SellerTokens.hash(value), shop.shopId(), now, now + lifetime.toMillis()));
        return value;
    }

    /** The shop of a live session; using a session pushes its expiry out again. */
    public Optional<Shop> shopOf(String value) {
        if (value == null || value.isEmpty() || value.length() > 200) return Optional.empty();
        String hash = SellerTokens.hash(value);
        long now = System.currentTimeMillis();
        record Live(String shopId, long expires) {
        }
        Optional<Live> live = db.read(h -> h.createQuery(
                        "SELECT shop_id, expire_time FROM seller_session WHERE session_hash = ? AND expire_time > ?")
                .bind(0, hash).bind(1, now)
                .map((rs, ctx) -> new Live(rs.getString("shop_id"), rs.getLong("expire_time"))).findOne());
        if (live.isEmpty()) return Optional.empty();
        long renewed = now + lifetime.toMillis();
        if (renewed - live.get().expires() > refreshAfter) {
            db.write(h -> h.execute("UPDATE seller_session SET expire_time = ? WHERE session_hash = ?", renewed, hash));
        }
        return db.read(h -> shops.byId(h, live.get().shopId()));
    }

    public void end(String value) {
        if (value == null || value.isEmpty() || value.length() > 200) return;
        long now = System.currentTimeMillis();
        String hash = SellerTokens.hash(value);
        db.write(h -> h.execute("DELETE FROM seller_session WHERE session_hash = ? OR expire_time <= ?", hash, now));
        for (Consumer<String> listener : endListeners) listener.accept(hash);
    }

    /**
     * An open socket is use: the sessions (by hash) of open sockets live a full lifetime from now.
     * Written at most once a minute per session, like any other use.
     */
    public void keepAlive(Set<String> hashes) {
        if (hashes.isEmpty()) return;
        long now = System.currentTimeMillis();
        long renewed = now + lifetime.toMillis();
        db.write(h -> h.createUpdate("UPDATE seller_session SET expire_time = :renewed WHERE session_hash IN (<hashes>) "
                        + "AND expire_time > :now AND expire_time < :stale")
                .bindList("hashes", List.copyOf(hashes)).bind("renewed", renewed).bind("now", now)
                .bind("stale", renewed - refreshAfter).execute());
    }

    /** Which of the sessions (by hash) still exist: the others were signed out. */
    public Set<String> existing(Set<String> hashes) {
        if (hashes.isEmpty()) return Set.of();
        long now = System.currentTimeMillis();
        return Set.copyOf(db.read(h -> h.createQuery("SELECT session_hash FROM seller_session WHERE session_hash IN (<hashes>) "
                        + "AND expire_time > :now")
                .bindList("hashes", List.copyOf(hashes)).bind("now", now).mapTo(String.class).list()));
    }

    public static String hashOf(String value) {
        return value == null ? null : SellerTokens.hash(value);
    }
}
