package sell.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
            Migrations.apply(h, Migrations.SQLITE, 2);
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

        try (Database db = Database.open(Database.Location.of(url), false)) {
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
            assertEquals(6, version, "and every later script ran after it");
        }
    }

    @Test
    void version4KeepsEveryEventAndNewCreatedEventsAreBuiltFromTheirOrder() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("sell.db");
        Jdbi old = Jdbi.create(url);
        old.useTransaction(h -> {
            Migrations.apply(h, Migrations.SQLITE, 3);
            h.execute("INSERT INTO shop (shop_id, shop_name, epoch, head_seq, create_time) VALUES ('s', 'Shop', 'e', 2, 1)");
            h.execute("INSERT INTO orders (order_no, order_id, shop_id, buyer_name, buyer_phone, buyer_address, "
                    + "buyer_openid, order_amount, order_status, pay_status, create_time, update_time) "
                    + "VALUES (1, 'order-1', 's', 'Li', '138', 'Rd', 'wx', 2300, 'FINISHED', 'SUCCESS', 1764160000123, 1764160099000)");
            h.execute("INSERT INTO order_item VALUES ('order-1', 0, 'p1', 'Soup', 1300, 1, '')");
            h.execute("INSERT INTO order_item VALUES ('order-1', 1, 'p2', 'Tea', 500, 2, 'tea.png')");
            h.execute("INSERT INTO event VALUES ('s', 1, 'order.created', 'order-1', 'created as sent', 1)");
            h.execute("INSERT INTO event VALUES ('s', 2, 'order.updated', 'order-1', 'updated as sent', 2)");
        });

        try (Database db = Database.open(Database.Location.of(url), false)) {
            assertEquals(List.of("1 created as sent", "2 updated as sent"), db.read(h -> h.createQuery(
                    "SELECT seq || ' ' || body FROM event ORDER BY seq").mapTo(String.class).list()));
            assertEquals(0, (int) db.read(h -> h.createQuery("SELECT \"notnull\" FROM pragma_table_info('event') WHERE name = 'body'")
                    .mapTo(Integer.class).one()));
            assertEquals(List.of(), db.read(h -> h.createQuery("PRAGMA foreign_key_check").mapToMap().list()));
            RuntimeException twice = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> db.write(h -> h.execute("INSERT INTO event VALUES ('s', 2, 'order.updated', 'order-1', 'again', 3)")));
            assertTrue(String.valueOf(twice.getCause()).contains("UNIQUE"), String.valueOf(twice.getCause()));

            sell.event.EventLog log = new sell.event.EventLog(db, new sell.order.OrderRepository(db));
            sell.event.Event appended = db.write("s", h -> log.append(h, "s", sell.event.Event.ORDER_CREATED, "order-1",
                    "{\"orderId\":\"order-1\"}", 3));
            assertEquals(3, appended.seq());
            assertNull(db.read(h -> h.createQuery("SELECT body FROM event WHERE seq = 3").mapTo(String.class).findOne().orElse(null)),
                    "an order.created event's row does not repeat its order");
            List<sell.event.Event> events = log.readAfter("s", 0, 10);
            assertEquals(List.of("created as sent", "updated as sent"), List.of(events.get(0).json(), events.get(1).json()));
            com.fasterxml.jackson.databind.JsonNode built = new com.fasterxml.jackson.databind.ObjectMapper().readTree(events.get(2).json());
            assertEquals("order.created", built.get("type").asText());
            assertEquals(3, built.get("seq").asLong());
            com.fasterxml.jackson.databind.JsonNode order = built.get("order");
            // the order as it was created, though it is finished and paid by now
            assertEquals("order-1", order.get("orderId").asText());
            assertEquals("NEW", order.get("orderStatus").asText());
            assertEquals("WAIT", order.get("payStatus").asText());
            assertEquals("2025-11-26T12:26:40.123Z", order.get("createTime").asText());
            assertEquals("2025-11-26T12:26:40.123Z", order.get("updateTime").asText());
            assertEquals("23", order.get("orderAmount").toString());
            assertEquals("Tea", order.get("items").get(1).get("productName").asText());
            assertEquals(2, order.get("items").get(1).get("productQuantity").asInt());
            assertEquals(3L, (long) db.read(h -> h.createQuery("SELECT head_seq FROM shop").mapTo(Long.class).one()));
        }
    }
}
