package sell.order;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import sell.db.Database;

/** Remembers which order an Idempotency-Key created, and a hash of the request that carried it. */
final class IdempotencyKeys {
    record Entry(String requestHash, String orderId) {
    }

    private final Database db;

    IdempotencyKeys(Database db) {
        this.db = db;
    }

    Optional<Entry> find(Handle handle, String key) {
        return db.one(handle, "SELECT request_hash, order_id FROM idempotency_key WHERE idem_key = ?",
                rs -> new Entry(rs.getString("request_hash"), rs.getString("order_id")), key);
    }

    void remember(Handle handle, String key, String requestHash, String orderId, long now) {
        db.change(handle, "INSERT INTO idempotency_key (idem_key, request_hash, order_id, create_time) VALUES (?, ?, ?, ?)",
                key, requestHash, orderId, now);
    }
}
