package sell.report;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import sell.db.Database;

/** Every statement of the reports: the sales slots of a shop, and its time zone. */
public final class ReportRepository {
    /** One slot's counts: orders and revenue (cents) of orders not cancelled, and the cancelled ones. */
    record Slot(long slot, long orders, long revenue, long cancelled) {
    }

    /** What a product sold: quantity and revenue in cents; name is its current one. */
    record ProductSales(String productId, String productName, long quantity, long revenue) {
    }

    private final Database db;

    public ReportRepository(Database db) {
        this.db = db;
    }

    /** The shop's time zone, when it has one of its own. */
    Optional<String> timeZone(Handle handle, String shopId) {
        return db.one(handle, "SELECT time_zone FROM shop WHERE shop_id = ?", rs -> rs.getString(1), shopId);
    }

    /** The shop's slots from (inclusive) to (exclusive), in order. */
    List<Slot> slots(Handle handle, String shopId, long from, long to) {
        return handle.createQuery("SELECT slot, orders, revenue, cancelled FROM sales_slot "
                        + "WHERE shop_id = ? AND slot >= ? AND slot < ? ORDER BY slot")
                .bind(0, shopId).bind(1, from).bind(2, to)
                .map((rs, ctx) -> new Slot(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).list();
    }

    /** The products that sold most (by quantity, then revenue) in the slots from..to, at most limit. */
    List<ProductSales> topProducts(Handle handle, String shopId, long from, long to, int limit) {
        return handle.createQuery("SELECT s.product_id, p.product_name, SUM(s.quantity) AS quantity, SUM(s.revenue) AS revenue "
                        + "FROM product_sales_slot s LEFT JOIN product p ON p.product_id = s.product_id "
                        + "WHERE s.shop_id = ? AND s.slot >= ? AND s.slot < ? "
                        + "GROUP BY s.product_id, p.product_name HAVING SUM(s.quantity) > 0 "
                        + "ORDER BY quantity DESC, revenue DESC, s.product_id LIMIT ?")
                .bind(0, shopId).bind(1, from).bind(2, to).bind(3, limit)
                .map((rs, ctx) -> new ProductSales(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }
}
