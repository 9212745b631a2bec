package sell.order;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Remembers which order an Idempotency-Key created, and a hash of the request that carried it. */
final class IdempotencyKeys {
    record Entry(String requestHash, String orderId) {
    }

    Optional<Entry> find(Handle handle, String key) {
        return handle.createQuery("SELECT request_hash, order_id FROM idempotency_key WHERE idem_key = ?")
                .bind(0, key)
                .map((rs, ctx) -> new Entry(rs.getString("request_hash"), rs.getString("order_id")))
                .findOne();
    }

    void remember(Handle handle, String key, String requestHash, String orderId, long now) {
        handle.execute("INSERT INTO idempotency_key (idem_key, request_hash, order_id, create_time) VALUES (?, ?, ?, ?)",
                key, requestHash, orderId, now);
    }
}
