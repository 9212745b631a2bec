package sell.order;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import sell.db.Database;
import sell.event.EventLog;
import sell.core.Json;

public final class OrderRepository implements EventLog.CreatedOrders {
    /** One page of a keyset-paged list; nextNo is the internal number to continue before, or null. */
    public record Page(List<Order> orders, Long nextNo) {
    }

    private record Row(long orderNo, Order order) {
    }

    private static final String COLUMNS = "order_no, order_id, shop_id, buyer_name, buyer_phone, buyer_address, "
            + "buyer_openid, order_amount, order_status, pay_status, create_time, update_time";
    private static final RowMapper<Row> ROW = (rs, ctx) -> new Row(rs.getLong("order_no"), new Order(
            rs.getString("order_id"), rs.getString("shop_id"), rs.getString("buyer_name"),
            rs.getString("buyer_phone"), rs.getString("buyer_address"), rs.getString("buyer_openid"),
            rs.getLong("order_amount"), rs.getString("order_status"), rs.getString("pay_status"),
            rs.getLong("create_time"), rs.getLong("update_time"), List.of()));

    private final Database db;

    public OrderRepository(Database db) {
        this.db = db;
    }

    public void insert(Handle handle, Order o) {
        db.change(handle, "INSERT INTO orders (order_id, shop_id, buyer_name, buyer_phone, buyer_address, buyer_openid, "
                        + "order_amount, order_status, pay_status, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                o.orderId(), o.shopId(), o.buyerName(), o.buyerPhone(), o.buyerAddress(), o.buyerOpenid(),
                o.amountCents(), o.status(), o.payStatus(), o.createTime(), o.updateTime());
        int line = 0;
        for (Order.Item item : o.items()) {
            db.change(handle, "INSERT INTO order_item (order_id, line_no, product_id, product_name, product_price, "
                            + "product_quantity, product_icon) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    o.orderId(), line++, item.productId(), item.productName(), item.priceCents(), item.quantity(),
                    item.icon());
        }
    }

    /** When the buyer last reminded the seller of the order (epoch ms), if ever. */
    public Optional<Long> remindedAt(Handle handle, String orderId) {
        return db.one(handle, "SELECT reminded_at FROM order_reminder WHERE order_id = ?", rs -> rs.getLong(1), orderId);
    }

    public void reminded(Handle handle, String orderId, long at) {
        db.update(handle, "INSERT INTO order_reminder (order_id, reminded_at) VALUES (?, ?) "
                + "ON CONFLICT (order_id) DO UPDATE SET reminded_at = excluded.reminded_at", orderId, at);
    }

    public Optional<Order> find(Handle handle, String orderId) {
        Optional<Row> row = handle.createQuery("SELECT " + COLUMNS + " FROM orders WHERE order_id = ?")
                .bind(0, orderId).map(ROW).findOne();
        return row.map(r -> withItems(handle, List.of(r.order())).get(0));
    }

    /**
     * Newest first; status null means every status; beforeNo null means from the newest. Each
     * status is one range of orders_by_shop_status; every status is the newest of the three
     * ranges (there is no index by shop alone: one index fewer for every order to write).
     */
    public Page page(Handle handle, String shopId, String status, Long beforeNo, int limit) {
        List<String> statuses = status != null ? List.of(status) : Order.STATUSES;
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < statuses.size(); i++) {
            if (i > 0) sql.append(" UNION ALL ");
            sql.append("SELECT * FROM (SELECT ").append(COLUMNS).append(" FROM orders WHERE shop_id = :shop AND order_status = :status")
                    .append(i);
            if (beforeNo != null) sql.append(" AND order_no < :before");
            sql.append(" ORDER BY order_no DESC LIMIT :limit) AS s").append(i);
        }
        sql.append(" ORDER BY order_no DESC LIMIT :limit");
        Query query = handle.createQuery(sql.toString()).bind("shop", shopId).bind("limit", limit + 1);
        for (int i = 0; i < statuses.size(); i++) query.bind("status" + i, statuses.get(i));
        if (beforeNo != null) query.bind("before", beforeNo);
        List<Row> rows = query.map(ROW).list();
        Long next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = rows.get(limit - 1).orderNo();
        }
        return new Page(withItems(handle, rows.stream().map(Row::order).toList()), next);
    }

    /**
     * The shop's orders created from fromMillis (inclusive) to toMillis (exclusive), oldest first
     * by number, after afterNo, at most limit, with their lines: one page of an export. Each
     * status is one range of orders_by_shop_status, as in page.
     */
    public Page created(Handle handle, String shopId, long fromMillis, long toMillis, long afterNo, int limit) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < Order.STATUSES.size(); i++) {
            if (i > 0) sql.append(" UNION ALL ");
            sql.append("SELECT * FROM (SELECT ").append(COLUMNS).append(" FROM orders WHERE shop_id = :shop AND order_status = :status")
                    .append(i).append(" AND order_no > :after AND create_time >= :from AND create_time < :to")
                    .append(" ORDER BY order_no LIMIT :limit) AS s").append(i);
        }
        sql.append(" ORDER BY order_no LIMIT :limit");
        Query query = handle.createQuery(sql.toString()).bind("shop", shopId).bind("after", afterNo)
                .bind("from", fromMillis).bind("to", toMillis).bind("limit", limit);
        for (int i = 0; i < Order.STATUSES.size(); i++) query.bind("status" + i, Order.STATUSES.get(i));
        List<Row> rows = query.map(ROW).list();
        Long next = rows.size() < limit ? null : rows.get(rows.size() - 1).orderNo();
        return new Page(withItems(handle, rows.stream().map(Row::order).toList()), next);
    }

    /** A buyer's orders, newest first, by page number (the compatible API pages that way). */
    public List<Order> byBuyer(Handle handle, String openid, int page, int size) {
        List<Order> orders = handle.createQuery("SELECT " + COLUMNS + " FROM orders WHERE buyer_openid = ? "
                        + "ORDER BY order_no DESC LIMIT ? OFFSET ?")
                .bind(0, openid).bind(1, size).bind(2, (long) page * size)
                .map(ROW).list().stream().map(Row::order).toList();
        return withItems(handle, orders);
    }

    /** Each order's JSON as it was created (an order.created event's order), by id. */
    @Override
    public Map<String, String> json(Handle handle, Set<String> orderIds) {
        List<Order> found = handle.createQuery("SELECT " + COLUMNS + " FROM orders WHERE order_id IN (<ids>)")
                .bindList("ids", List.copyOf(orderIds)).map(ROW).list().stream().map(Row::order).toList();
        Map<String, String> json = new HashMap<>();
        for (Order order : withItems(handle, found)) json.put(order.orderId(), Json.write(OrderView.of(order.asCreated())));
        return json;
    }

    public void updateStatus(Handle handle, Order o) {
        handle.execute("UPDATE orders SET order_status = ?, pay_status = ?, update_time = ? WHERE order_id = ?",
                o.status(), o.payStatus(), o.updateTime(), o.orderId());
    }

    private List<Order> withItems(Handle handle, List<Order> orders) {
        if (orders.isEmpty()) return orders;
        Map<String, List<Order.Item>> items = new LinkedHashMap<>();
        for (Order o : orders) items.put(o.orderId(), new ArrayList<>());
        handle.createQuery("SELECT order_id, product_id, product_name, product_price, product_quantity, product_icon "
                        + "FROM order_item WHERE order_id IN (<ids>) ORDER BY order_id, line_no")
                .bindList("ids", List.copyOf(items.keySet()))
                .map((rs, ctx) -> {
                    items.get(rs.getString("order_id")).add(new Order.Item(rs.getString("product_id"),
                            rs.getString("product_name"), rs.getLong("product_price"), rs.getInt("product_quantity"),
                            rs.getString("product_icon")));
                    return null;
                })
                .list();
        return orders.stream().map(o -> new Order(o.orderId(), o.shopId(), o.buyerName(), o.buyerPhone(),
                o.buyerAddress(), o.buyerOpenid(), o.amountCents(), o.status(), o.payStatus(), o.createTime(),
                o.updateTime(), List.copyOf(items.get(o.orderId())))).toList();
    }
}
