package sell.shop;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import sell.db.Database;

/**
 * The shops' seller tokens. Tokens exist here only as SHA-256 hashes; a presented token is
 * hashed and looked up in memory, so a wrong token costs what a right one does (no database
 * round trip).
 */
public final class SellerAuth {
    private static final long RELOAD_EVERY_NANOS = 5_000_000_000L;

    private final Database db;
    private volatile Map<String, Shop> byTokenHash = Map.of();
    private final AtomicLong lastReload = new AtomicLong(System.nanoTime());

    public SellerAuth(Database db) {
        this.db = db;
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
}
