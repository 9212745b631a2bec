package sell.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sell.db.Database;

/**
 * Seqs are counted by the writer and written once per batch; the database still decides. If
 * something else moves a shop's head (here a second writer on the same file, as a second process
 * would), the next batch counts from the database again instead of reusing a seq.
 */
class EventSeqsTest {
    @TempDir
    Path dir;

    @Test
    void aHeadMovedByAnotherWriterIsCountedFromTheDatabaseAgain() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("sell.db");
        try (Database db = Database.open(Database.Location.of(url), false); Database other = Database.open(Database.Location.of(url), false)) {
            db.write(h -> db.update(h, "INSERT INTO shop (shop_id, shop_name, epoch, head_seq, create_time) "
                    + "VALUES ('s', 'Shop', 'e', 0, 0)"));
            EventLog log = new EventLog(db, (handle, orderIds) -> Map.of());
            assertEquals(1, append(db, log, "first"));

            // another writer appends seqs 2 to 6 behind this log's back
            other.write(h -> {
                for (long seq = 2; seq <= 6; seq++) {
                    other.update(h, "INSERT INTO event (shop_id, seq, event_type, order_id, body, create_time) "
                            + "VALUES ('s', ?, 'order.updated', NULL, ?, 0)", seq, "elsewhere " + seq);
                }
                return other.update(h, "UPDATE shop SET head_seq = 6 WHERE shop_id = 's'");
            });

            assertEquals(7, append(db, log, "after"));
            assertEquals(8, append(db, log, "next"));
            List<Event> events = log.readAfter("s", 0, 100);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), events.stream().map(Event::seq).toList());
            assertEquals("{\"type\":\"order.updated\",\"seq\":7,\"order\":\"after\"}", events.get(6).json());
            assertEquals(8L, log.head("s"));
        }
    }

    private static long append(Database db, EventLog log, String order) {
        return db.write("s", h -> log.append(h, "s", Event.ORDER_UPDATED, null, "\"" + order + "\"", 0)).seq();
    }
}
