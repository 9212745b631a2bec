package sell;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** What a stopped server's SQLite file holds, read with plain JDBC after it passes SQLite's own integrity check. */
final class StoredOrders {
    private StoredOrders() {
    }

    /** Every order's buyer openid and the quantity of its one item. */
    static Map<String, Integer> quantities(Path db) throws SQLException {
        try (Connection sql = checked(db); Statement query = sql.createStatement();
             ResultSet rs = query.executeQuery("SELECT o.buyer_openid, COUNT(i.product_id), SUM(i.product_quantity)"
                     + " FROM orders o LEFT JOIN order_item i ON i.order_id = o.order_id GROUP BY o.order_no")) {
            Map<String, Integer> orders = new HashMap<>();
            while (rs.next()) {
                if (rs.getInt(2) != 1) throw new AssertionError("order of " + rs.getString(1) + " has " + rs.getInt(2) + " items");
                if (orders.put(rs.getString(1), rs.getInt(3)) != null) throw new AssertionError("two orders of " + rs.getString(1));
            }
            return orders;
        }
    }

    static int stock(Path db, String productId) throws SQLException {
        try (Connection sql = checked(db);
             var query = sql.prepareStatement("SELECT product_stock FROM product WHERE product_id = ?")) {
            query.setString(1, productId);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) throw new AssertionError("no product " + productId);
                return rs.getInt(1);
            }
        }
    }

    private static Connection checked(Path db) throws SQLException {
        Connection sql = DriverManager.getConnection("jdbc:sqlite:" + db);
        try (Statement query = sql.createStatement(); ResultSet rs = query.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            if (!"ok".equals(rs.getString(1))) throw new AssertionError(db + " fails integrity_check: " + rs.getString(1));
        } catch (SQLException | RuntimeException | Error e) {
            sql.close();
            throw e;
        }
        return sql;
    }
}
