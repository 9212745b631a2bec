package sell.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sell.db.Database;

/** The memory tail keeps a shop's newest 1,024 events, trimmed by the span of their seqs. */
class EventLogTailTest {
    @TempDir
    Path dir;

    @Test
    void theTailKeepsTheNewest1024EventsEvenWhenTheyArriveOutOfOrder() throws Exception {
        Database db = Database.open(Database.Location.of("jdbc:sqlite:" + dir.resolve("sell.db")), false);
        try {
            EventLog log = new EventLog(db, (handle, orderIds) -> Map.of());
            List<Event> events = new ArrayList<>();
            for (long seq = 1; seq <= 1_100; seq++) events.add(new Event("shop-a", seq, Event.ORDER_CREATED, "o" + seq, "1234567890"));
            // committers may remember their events in any order; swap neighbours throughout
            for (int i = 0; i + 1 < events.size(); i += 2) {
                Event first = events.get(i);
                events.set(i, events.get(i + 1));
                events.set(i + 1, first);
            }
            for (Event event : events) log.remember(List.of(event));
            log.remember(List.of(new Event("shop-b", 1, Event.ORDER_CREATED, "b1", "12345")));

            // seqs 77..1100 are kept (1,024 of them, 10 bytes each); from 76 back the tail cannot tell
            assertEquals(1_024 * 10, log.bytesAfter("shop-a", 76));
            assertEquals(-1, log.bytesAfter("shop-a", 75));
            assertEquals(10, log.bytesAfter("shop-a", 1_099));
            assertEquals(0, log.bytesAfter("shop-a", 1_100));
            // each shop has its own tail
            assertEquals(5, log.bytesAfter("shop-b", 0));
            List<Event> read = log.readAfter("shop-a", 1_000, 500);
            assertEquals(100, read.size());
            assertEquals(1_001, read.get(0).seq());
            assertEquals(1_100, read.get(99).seq());
            // seq 11's place went to seq 1,035: a resume from 10 is not served from memory (the
            // database, empty in this test, answers instead) and never gets another seq's event
            assertEquals(List.of(), log.readAfter("shop-a", 10, 5));
            assertEquals(1_035, log.readAfter("shop-a", 1_034, 5).get(0).seq());
            // a late older event does not take the place of a newer one
            log.remember(List.of(new Event("shop-a", 11, Event.ORDER_CREATED, "o11", "x")));
            assertEquals(1_035, log.readAfter("shop-a", 1_034, 1).get(0).seq());
            assertEquals(1, log.readAfter("shop-a", 1_034, 1).size());
            assertEquals(List.of(), log.readAfter("shop-a", 10, 5));
        } finally {
            db.close();
        }
    }

    @Test
    void aQuietShopsRingGrowsWithItsEventsWhicheverOrderTheyArriveIn() throws Exception {
        Database db = Database.open(Database.Location.of("jdbc:sqlite:" + dir.resolve("sell.db")), false);
        try {
            EventLog log = new EventLog(db, (handle, orderIds) -> Map.of());
            // 40 events, newest first: the ring (16 slots at first) grows as the span of seqs does
            for (long seq = 40; seq >= 1; seq--) {
                log.remember(List.of(new Event("shop-q", seq, Event.ORDER_CREATED, "q" + seq, "x".repeat((int) seq))));
            }
            List<Event> read = log.readAfter("shop-q", 0, 100);
            assertEquals(40, read.size());
            for (int i = 0; i < 40; i++) {
                assertEquals(i + 1, read.get(i).seq());
                assertEquals("q" + (i + 1), read.get(i).orderId());
            }
            assertEquals(40 * 41 / 2, log.bytesAfter("shop-q", 0));
            assertEquals(40 + 39, log.bytesAfter("shop-q", 38));
            // a shop of three events answers from memory too
            for (long seq = 1; seq <= 3; seq++) log.remember(List.of(new Event("shop-r", seq, Event.ORDER_CREATED, "r" + seq, "12")));
            assertEquals(List.of(2L, 3L), log.readAfter("shop-r", 1, 10).stream().map(Event::seq).toList());
            assertEquals(4, log.bytesAfter("shop-r", 1));
            assertEquals(0, log.bytesAfter("shop-r", 3));
        } finally {
            db.close();
        }
    }
}
