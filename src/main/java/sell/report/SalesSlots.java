package sell.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import sell.db.BatchMemory;
import sell.db.Database;
import sell.order.Order;

/**
 * A shop's sales per quarter of an hour (UTC slots, create_time / 900000), kept with the orders:
 * every time zone's midnight starts a slot, so a report adds up slots, never orders. A batch
 * counts its orders' changes in memory and writes one row per slot and shop (and per slot and
 * product) when it commits, as an upsert that adds to what is there: one statement per batch,
 * not per order. Writer thread only.
 */
public final class SalesSlots implements BatchMemory {
    public static final long SLOT_MILLIS = 15 * 60 * 1000;

    private record SlotKey(String shopId, long slot) {
    }

    private record ProductKey(String shopId, long slot, String productId) {
    }

    /** One change of a slot (and its products), kept to be undone. */
    private record Change(SlotKey slot, long orders, long revenue, long cancelled, List<ProductChange> products) {
    }

    private record ProductChange(ProductKey key, long quantity, long revenue) {
    }

    private final Database db;
    private final Map<SlotKey, long[]> slots = new LinkedHashMap<>();
    private final Map<ProductKey, long[]> products = new LinkedHashMap<>();
    private final List<Change> changes = new ArrayList<>();

    public SalesSlots(Database db) {
        this.db = db;
        db.keep(this);
    }

    static long slotOf(long epochMillis) {
        return Math.floorDiv(epochMillis, SLOT_MILLIS);
    }

    /** A new order: counted in its slot, and its lines in its products'. */
    public void placed(Handle handle, Order order) {
        count(order, 1, order.amountCents(), 0, 1);
    }

    /** An order cancelled: no longer sold, counted as cancelled instead. */
    public void cancelled(Handle handle, Order order) {
        count(order, -1, -order.amountCents(), 1, -1);
    }

    private void count(Order order, long orders, long revenue, long cancelled, int sign) {
        db.requireWriting(order.shopId());
        SlotKey slot = new SlotKey(order.shopId(), slotOf(order.createTime()));
        List<ProductChange> lines = new ArrayList<>(order.items().size());
        for (Order.Item item : order.items()) {
            lines.add(new ProductChange(new ProductKey(slot.shopId(), slot.slot(), item.productId()),
                    (long) sign * item.quantity(), (long) sign * item.quantity() * item.priceCents()));
        }
        apply(new Change(slot, orders, revenue, cancelled, lines), 1);
        changes.add(new Change(slot, orders, revenue, cancelled, lines));
    }

    private void apply(Change change, int sign) {
        long[] slot = slots.computeIfAbsent(change.slot(), k -> new long[3]);
        slot[0] += sign * change.orders();
        slot[1] += sign * change.revenue();
        slot[2] += sign * change.cancelled();
        for (ProductChange line : change.products()) {
            long[] product = products.computeIfAbsent(line.key(), k -> new long[2]);
            product[0] += sign * line.quantity();
            product[1] += sign * line.revenue();
        }
    }

    @Override
    public int mark() {
        return changes.size();
    }

    @Override
    public void rollbackTo(int mark) {
        while (changes.size() > mark) apply(changes.remove(changes.size() - 1), -1);
    }

    @Override
    public void flush(Handle handle) {
        slots.forEach((key, counts) -> {
            if (counts[0] == 0 && counts[1] == 0 && counts[2] == 0) return;
            db.change(handle, "INSERT INTO sales_slot (shop_id, slot, orders, revenue, cancelled) VALUES (?, ?, ?, ?, ?) "
                            + "ON CONFLICT (shop_id, slot) DO UPDATE SET orders = sales_slot.orders + excluded.orders, "
                            + "revenue = sales_slot.revenue + excluded.revenue, cancelled = sales_slot.cancelled + excluded.cancelled",
                    key.shopId(), key.slot(), counts[0], counts[1], counts[2]);
        });
        products.forEach((key, counts) -> {
            if (counts[0] == 0 && counts[1] == 0) return;
            db.change(handle, "INSERT INTO product_sales_slot (shop_id, slot, product_id, quantity, revenue) VALUES (?, ?, ?, ?, ?) "
                            + "ON CONFLICT (shop_id, slot, product_id) DO UPDATE SET quantity = product_sales_slot.quantity "
                            + "+ excluded.quantity, revenue = product_sales_slot.revenue + excluded.revenue",
                    key.shopId(), key.slot(), key.productId(), counts[0], counts[1]);
        });
    }

    @Override
    public void committed() {
        slots.clear();
        products.clear();
        changes.clear();
    }
}
