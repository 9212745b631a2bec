package sell.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** A database written by an older sell opens with everything in it, in the newest schema. */
class MigrationTest {
    @TempDir
    Path dir;

    @Test
    void version3KeepsOrdersItemsKeysAndNumbersWithFewerBTrees() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("sell.db");
        SQLiteConfig fks = new SQLiteConfig();
        fks.enforceForeignKeys(true);
        Jdbi old = Jdbi.create(() -> fks.createConnection(url));
        old.useTransaction(h -> {
            Migrations.apply(h, 2);
            h.execute("INSERT INTO shop (shop_id, shop_name, epoch, head_seq, create_time) VALUES ('s', 'Shop', 'e', 0, 1)");
            for (long no : new long[] {5, 9}) {
                h.execute("INSERT INTO orders (order_no, order_id, shop_id, buyer_name, buyer_phone, buyer_address, "
                        + "buyer_openid, order_amount, order_status, pay_status, create_time, update_time) "
                        + "VALUES (?, ?, 's', 'Li', '138', 'Rd', 'wx', ?, ?, 'WAIT', ?, ?)",
                        no, "order-" + no, no * 100, no == 5 ? "FINISHED" : "NEW", no, no);
                h.execute("INSERT INTO order_item VALUES (?, 0, 'p1', 'Soup', 1300, 1, '')", "order-" + no);
                h.execute("INSERT INTO order_item VALUES (?, 1, 'p2', 'Tea', 500, 2, 'tea.png')", "order-" + no);
            }
            h.execute("INSERT INTO idempotency_key VALUES ('key-1', 'hash', 'order-9', 9)");
        });

        try (Database db = Database.open(url)) {
            List<Map<String, Object>> orders = db.read(h -> h.createQuery(
                    "SELECT order_no, order_id, order_amount, order_status FROM orders ORDER BY order_no").mapToMap().list());
            assertEquals(List.of(
                    Map.of("order_no", 5, "order_id", "order-5", "order_amount", 500, "order_status", "FINISHED"),
                    Map.of("order_no", 9, "order_id", "order-9", "order_amount", 900, "order_status", "NEW")), orders);
            assertEquals(List.of("order-5/0/Soup/1", "order-5/1/Tea/2", "order-9/0/Soup/1", "order-9/1/Tea/2"),
                    db.read(h -> h.createQuery("SELECT order_id || '/' || line_no || '/' || product_name || '/' || product_quantity "
                            + "FROM order_item ORDER BY order_id, line_no").mapTo(String.class).list()));
            assertEquals("order-9", db.read(h -> h.createQuery("SELECT order_id FROM idempotency_key WHERE idem_key = 'key-1'")
                    .mapTo(String.class).one()));
            assertEquals(List.of(), db.read(h -> h.createQuery("PRAGMA foreign_key_check").mapToMap().list()));
            assertTrue(db.read(h -> h.createQuery("SELECT sql FROM sqlite_master WHERE name = 'order_item'")
                    .mapTo(String.class).one()).contains("WITHOUT ROWID"));
            assertEquals(List.of("orders_by_buyer", "orders_by_shop_status"), db.read(h -> h.createQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders' AND sql IS NOT NULL ORDER BY name")
                    .mapTo(String.class).list()));
            assertFalse(db.read(h -> h.createQuery("SELECT sql FROM sqlite_master WHERE name = 'orders'")
                    .mapTo(String.class).one()).contains("AUTOINCREMENT"));

            // numbering goes on after the highest, and a line for an unknown order is refused
            db.write(h -> h.execute("INSERT INTO orders (order_id, shop_id, buyer_name, buyer_phone, buyer_address, "
                    + "buyer_openid, order_amount, order_status, pay_status, create_time, update_time) "
                    + "VALUES ('order-new', 's', 'Li', '138', 'Rd', 'wx', 1, 'NEW', 'WAIT', 10, 10)"));
            int next = db.read(h -> h.createQuery("SELECT order_no FROM orders WHERE order_id = 'order-new'")
                    .mapTo(Integer.class).one());
            assertEquals(10, next);
            RuntimeException refused = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> db.write(h -> h.execute("INSERT INTO order_item VALUES ('no-such-order', 0, 'p1', 'Soup', 1, 1, '')")));
            assertTrue(String.valueOf(refused.getCause()).contains("FOREIGN KEY"), String.valueOf(refused.getCause()));
            int version = db.read(h -> h.createQuery("SELECT MAX(version) FROM schema_version").mapTo(Integer.class).one());
            assertEquals(3, version);
        }
    }
}
