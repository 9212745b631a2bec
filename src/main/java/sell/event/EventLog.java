package sell.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
    private final Map<String, Tail> tails = new ConcurrentHashMap<>();
    private final EventSeqs seqs;
    private final CreatedOrders createdOrders;

    /**
     * A shop's newest events in a ring: the event of seq s sits in slot s % capacity until the
     * event capacity seqs later takes its place. A ring and not a linked structure: a node
     * dropped from a list after the collector has promoted it keeps every younger node it links
     * to alive, so every event would outlive its young collection and be copied by it. The ring
     * starts small and doubles as the shop's span of seqs grows, up to MEMORY_TAIL: a quiet shop
     * costs a few slots, not a thousand.
     */
    private static final class Tail {
        private static final int FIRST_CAPACITY = 16;

        private volatile AtomicReferenceArray<Event> slots = new AtomicReferenceArray<>(FIRST_CAPACITY);
        /** The highest seq held, and the lowest ever put; 0 and MAX_VALUE while nothing is. */
        private volatile long newest;
        private volatile long first = Long.MAX_VALUE;
        /** Seqs below this are pruned from the database, so they are not served from here either. */
        private volatile long floor;

        /**
         * Events may come out of commit order (several threads answer commits): the newer one
         * keeps a slot. Writers take turns; readers never wait.
         */
        synchronized void put(Event event) {
            long seq = event.seq();
            long lowest = Math.min(first, seq);
            long highest = Math.max(newest, seq);
            AtomicReferenceArray<Event> ring = slots;
            if (highest - lowest >= ring.length() && ring.length() < MEMORY_TAIL) ring = grow(ring, highest - lowest + 1);
            int slot = (int) (seq % ring.length());
            Event held = ring.get(slot);
            if (held != null && held.seq() >= seq) return;
            ring.set(slot, event);
            first = lowest;
            newest = highest;
        }

        /** A larger ring holding the same events; published whole, so a reader sees one or the other. */
        private AtomicReferenceArray<Event> grow(AtomicReferenceArray<Event> ring, long span) {
            int capacity = ring.length();
            while (capacity < span && capacity < MEMORY_TAIL) capacity *= 2;
            AtomicReferenceArray<Event> larger = new AtomicReferenceArray<>(capacity);
            for (int i = 0; i < ring.length(); i++) {
                Event event = ring.get(i);
                if (event == null) continue;
                int slot = (int) (event.seq() % capacity);
                Event held = larger.get(slot);
                if (held == null || held.seq() < event.seq()) larger.set(slot, event);
            }
            slots = larger;
            return larger;
        }

        /** The event of seq, or null when it is not here (not yet, or no longer). */
        Event get(long seq) {
            if (seq < floor || seq < 1) return null;
            AtomicReferenceArray<Event> ring = slots;
            Event event = ring.get((int) (seq % ring.length()));
            return event != null && event.seq() == seq ? event : null;
        }

        long newest() {
            return newest;
        }

        /** The lowest seq this tail can answer for: below it, events are only in the database. */
        long lowest(long newest) {
            return Math.max(Math.max(first, newest - slots.length() + 1), floor);
        }
    }

    /** The JSON of orders as they were created, by order id: what their order.created events carry. */
    public interface CreatedOrders {
        Map<String, String> json(Handle handle, Set<String> orderIds);
    }

    public EventLog(Database db, CreatedOrders createdOrders) {
        this.db = db;
        this.createdOrders = createdOrders;
        this.seqs = new EventSeqs(db);
    }

    /**
     * Appends in the caller's transaction (a write on the writer); the seq is the shop's next, so
     * seqs are gapless in commit order. orderJson is the order already serialised: the event is
     * built around it once. For order.created it must be the order as it was created: the row
     * keeps only the order's id, and a read of the log builds that JSON again from the order.
     */
    public Event append(Handle handle, String shopId, String type, String orderId, String orderJson, long now) {
        if (type.equals(Event.ORDER_CREATED) && orderId == null) {
            throw new IllegalArgumentException("an order.created event needs its order's id");
        }
        long seq = seqs.next(handle, shopId);
        String json = text(type, seq, "order", orderJson);
        // an order.created event's order is the order row as created: its row does not repeat it
        String body = type.equals(Event.ORDER_CREATED) ? null : json;
        db.change(handle, "INSERT INTO event (shop_id, seq, event_type, order_id, body, create_time) VALUES (?, ?, ?, ?, ?, ?)",
                shopId, seq, type, orderId, body, now);
        return new Event(shopId, seq, type, orderId, json);
    }

    /**
     * Appends, like append, an event about something else than an order (a product of the menu,
     * a category): its text carries json under field ({"type","seq",field:{…}}).
     */
    public Event appendAbout(Handle handle, String shopId, String type, String field, String json, long now) {
        long seq = seqs.next(handle, shopId);
        String text = text(type, seq, field, json);
        db.change(handle, "INSERT INTO event (shop_id, seq, event_type, order_id, body, create_time) VALUES (?, ?, ?, ?, ?, ?)",
                shopId, seq, type, null, text, now);
        return new Event(shopId, seq, type, null, text);
    }

    /** The text a socket sends for an event: built once per event, around the order's JSON. */
    private static String text(String type, long seq, String field, String json) {
        return "{\"type\":\"" + type + "\",\"seq\":" + seq + ",\"" + field + "\":" + json + "}";
    }

    /**
     * The JSON of the order an event's text carries when it is the order orderId's and the
     * order's own change (created or updated, not a reminder); null otherwise. The text is the
     * one text() builds, and an order's JSON begins with its id.
     */
    public static String orderOf(String eventJson, String orderId) {
        if (eventJson.startsWith("{\"type\":\"" + Event.ORDER_REMINDED + "\"")) return null;
        String marker = ",\"order\":{\"orderId\":\"" + orderId + "\"";
        int at = eventJson.indexOf(marker);
        if (at < 0) return null;
        return eventJson.substring(at + ",\"order\":".length(), eventJson.length() - 1);
    }

    /** Keeps committed events in the memory tail, noting when they were known committed. */
    public void remember(List<Event> events) {
        long now = System.nanoTime();
        for (Event event : events) tails.computeIfAbsent(event.shopId(), s -> new Tail()).put(event.committedAt(now));
    }

    /** Events of the shop with a seq above since, in order, at most limit of them. */
    public List<Event> readAfter(String shopId, long since, int limit) {
        Tail tail = tails.get(shopId);
        long newest = tail == null ? 0 : tail.newest();
        if (newest > 0) {
            if (since >= newest) return List.of();
            List<Event> events = new ArrayList<>();
            for (long seq = since + 1; seq <= newest && events.size() < limit; seq++) {
                Event event = tail.get(seq);
                if (event == null) break;
                events.add(event);
            }
            // nothing from memory (too old, or overwritten meanwhile): the database has them all
            if (!events.isEmpty()) return events;
        }
        return db.read(h -> withCreatedOrders(h, h.createQuery("SELECT shop_id, seq, event_type, order_id, body FROM event "
                        + "WHERE shop_id = ? AND seq > ? ORDER BY seq LIMIT ?")
                .bind(0, shopId).bind(1, since).bind(2, limit).map(EVENT).list()));
    }

    /** Events read from the database with the text of each order.created built from its order. */
    private List<Event> withCreatedOrders(Handle handle, List<Event> stored) {
        Set<String> orderIds = new HashSet<>();
        for (Event event : stored) if (event.json() == null) orderIds.add(event.orderId());
        if (orderIds.isEmpty()) return stored;
        Map<String, String> orders = createdOrders.json(handle, orderIds);
        List<Event> events = new ArrayList<>(stored.size());
        for (Event event : stored) {
            if (event.json() != null) {
                events.add(event);
                continue;
            }
            String order = orders.get(event.orderId());
            if (order == null) throw new IllegalStateException("event " + event.seq() + " of " + event.shopId() + ": no order " + event.orderId());
            events.add(new Event(event.shopId(), event.seq(), event.type(), event.orderId(),
                    text(event.type(), event.seq(), "order", order)));
        }
        return events;
    }

    /**
     * Bytes of the shop's events after seq, from the memory tail; -1 when seq is older than the
     * tail (then the caller cannot tell from memory how far behind it is).
     */
    public long bytesAfter(String shopId, long seq) {
        Tail tail = tails.get(shopId);
        long newest = tail == null ? 0 : tail.newest();
        if (newest == 0 || seq >= newest) return 0;
        if (seq + 1 < tail.lowest(newest)) return -1;
        long bytes = 0;
        for (long s = seq + 1; s <= newest; s++) {
            Event event = tail.get(s);
            if (event != null) bytes += event.json().length();
        }
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
            deleted = db.write(h -> h.execute("DELETE FROM event WHERE (shop_id, seq) IN "
                    + "(SELECT shop_id, seq FROM event WHERE create_time < ? LIMIT 5000)", cutoff));
            total += deleted;
        } while (deleted > 0);
        if (total > 0) {
            // the memory tail keeps nothing the database no longer has, so both answer alike
            tails.forEach((shopId, tail) -> tail.floor = oldest(shopId));
        }
        return total;
    }

    /** The newest seq this instance holds in memory for the shop; 0 when none. */
    public long newest(String shopId) {
        Tail tail = tails.get(shopId);
        return tail == null ? 0 : tail.newest();
    }

    /**
     * Reads into memory the shop's events from seq from to upTo that memory does not hold (at most
     * the tail's worth): another instance appended them, and this one's sockets are about to read
     * them. Returns how many were read.
     */
    public int fetch(String shopId, long from, long upTo) {
        Tail tail = tails.get(shopId);
        long start = Math.max(Math.max(from, 1), upTo - MEMORY_TAIL + 1);
        while (tail != null && start <= upTo && tail.get(start) != null) start++;
        if (start > upTo) return 0;
        long first = start;
        List<Event> events = db.read(h -> withCreatedOrders(h, h.createQuery("SELECT shop_id, seq, event_type, order_id, "
                        + "body FROM event WHERE shop_id = ? AND seq >= ? AND seq <= ? ORDER BY seq")
                .bind(0, shopId).bind(1, first).bind(2, upTo).map(EVENT).list()));
        remember(events);
        return events.size();
    }

    /** The newest seq of each of the shops, as the database has them. */
    public Map<String, Long> heads(Set<String> shopIds) {
        if (shopIds.isEmpty()) return Map.of();
        Map<String, Long> heads = new HashMap<>();
        db.read(h -> h.createQuery("SELECT shop_id, head_seq FROM shop WHERE shop_id IN (<ids>)")
                .bindList("ids", List.copyOf(shopIds))
                .map((rs, ctx) -> heads.put(rs.getString("shop_id"), rs.getLong("head_seq"))).list());
        return heads;
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
