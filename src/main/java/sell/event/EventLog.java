package sell.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import sell.db.Database;

/**
 * Each shop's durable, gapless event log. Appends happen inside the caller's transaction; the
 * newest events are also kept in memory (already serialised) so that waking many sockets reads
 * memory, and only a resume from further back reads the database.
 */
public final class EventLog {
    private static final int MEMORY_TAIL = 1024;
    private static final RowMapper<Event> EVENT = (rs, ctx) -> new Event(rs.getString("shop_id"), rs.getLong("seq"),
            rs.getString("event_type"), rs.getString("order_id"), rs.getString("body"));

    private final Database db;
    private final Map<String, ConcurrentSkipListMap<Long, Event>> tails = new ConcurrentHashMap<>();

    public EventLog(Database db) {
        this.db = db;
    }

    /**
     * Appends in the caller's transaction; the seq is the shop's next, so seqs are gapless in
     * commit order. orderJson is the order already serialised: the event is built around it once.
     */
    public Event append(Handle handle, String shopId, String type, String orderId, String orderJson, long now) {
        long seq = db.one(handle, "UPDATE shop SET head_seq = head_seq + 1 WHERE shop_id = ? RETURNING head_seq",
                rs -> rs.getLong(1), shopId).orElseThrow();
        String json = "{\"type\":\"" + type + "\",\"seq\":" + seq + ",\"order\":" + orderJson + "}";
        db.update(handle, "INSERT INTO event (shop_id, seq, event_type, order_id, body, create_time) VALUES (?, ?, ?, ?, ?, ?)",
                shopId, seq, type, orderId, json, now);
        return new Event(shopId, seq, type, orderId, json);
    }

    /** Keeps committed events in the memory tail. */
    void remember(List<Event> events) {
        for (Event event : events) {
            ConcurrentSkipListMap<Long, Event> tail = tails.computeIfAbsent(event.shopId(), s -> new ConcurrentSkipListMap<>());
            tail.put(event.seq(), event);
            // by the span of seqs (gapless, so it is the count): a skip list counts its entries one by one
            while (tail.lastKey() - tail.firstKey() >= MEMORY_TAIL) tail.pollFirstEntry();
        }
    }

    /** Events of the shop with a seq above since, in order, at most limit of them. */
    public List<Event> readAfter(String shopId, long since, int limit) {
        ConcurrentSkipListMap<Long, Event> tail = tails.get(shopId);
        if (tail != null && !tail.isEmpty()) {
            if (since >= tail.lastKey()) return List.of();
            if (tail.containsKey(since + 1)) {
                List<Event> events = new ArrayList<>();
                long expected = since + 1;
                ConcurrentNavigableMap<Long, Event> after = tail.tailMap(since, false);
                for (Event event : after.values()) {
                    if (event.seq() != expected || events.size() == limit) break;
                    events.add(event);
                    expected++;
                }
                return events;
            }
        }
        return db.read(h -> h.createQuery("SELECT shop_id, seq, event_type, order_id, body FROM event "
                        + "WHERE shop_id = ? AND seq > ? ORDER BY seq LIMIT ?")
                .bind(0, shopId).bind(1, since).bind(2, limit).map(EVENT).list());
    }

    /**
     * Bytes of the shop's events after seq, from the memory tail; -1 when seq is older than the
     * tail (then the caller cannot tell from memory how far behind it is).
     */
    public long bytesAfter(String shopId, long seq) {
        ConcurrentSkipListMap<Long, Event> tail = tails.get(shopId);
        if (tail == null || tail.isEmpty() || seq >= tail.lastKey()) return 0;
        if (seq + 1 < tail.firstKey()) return -1;
        long bytes = 0;
        for (Event event : tail.tailMap(seq, false).values()) bytes += event.json().length();
        return bytes;
    }

    /**
     * Deletes events older than the retention, a few thousand per transaction so that orders are
     * never held up for long; returns how many went. A resume from before what is kept gets reset.
     */
    public int prune(Duration retention, long now) {
        long cutoff = now - retention.toMillis();
        int total = 0;
        int deleted;
        do {
            deleted = db.write(h -> h.execute("DELETE FROM event WHERE rowid IN "
                    + "(SELECT rowid FROM event WHERE create_time < ? LIMIT 5000)", cutoff));
            total += deleted;
        } while (deleted > 0);
        if (total > 0) {
            // the memory tail keeps nothing the database no longer has, so both answer alike
            tails.forEach((shopId, tail) -> tail.headMap(oldest(shopId)).clear());
        }
        return total;
    }

    public long head(String shopId) {
        return db.read(h -> h.createQuery("SELECT head_seq FROM shop WHERE shop_id = ?")
                .bind(0, shopId).mapTo(Long.class).findOne().orElse(0L));
    }

    /** The smallest seq still kept, or head + 1 when the log holds nothing. */
    public long oldest(String shopId) {
        return db.read(h -> h.createQuery("SELECT COALESCE(MIN(seq), (SELECT head_seq + 1 FROM shop WHERE shop_id = ?)) "
                        + "FROM event WHERE shop_id = ?")
                .bind(0, shopId).bind(1, shopId).mapTo(Long.class).findOne().orElse(1L));
    }
}
