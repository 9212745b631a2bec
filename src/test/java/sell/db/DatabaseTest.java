package sell.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import sell.core.Refusal;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kept statements are reused without clearing their parameters: each run must still write only its
 * own values. Asynchronous writes are answered off the writer, after their batch commits.
 */
class DatabaseTest {
    private static final String INSERT_SHOP =
            "INSERT INTO shop (shop_id, shop_name, token_hash, epoch, head_seq, create_time) VALUES (?, ?, ?, ?, 0, ?)";

    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(Database.Location.of("jdbc:sqlite:" + dir.resolve("sell.db")), false);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anInListIsPaddedToAPowerOfTwoWithItsLastValueAndReadsEveryRowOnce() {
        Statements.InList three = Statements.InList.of(List.of("s1", "s2", "s3"));
        assertEquals("?, ?, ?, ?", three.placeholders());
        assertEquals(List.of("s1", "s2", "s3", "s3"), List.of(three.values()));
        assertEquals(1, Statements.InList.of(List.of("s1")).values().length);
        assertEquals(8, Statements.InList.of(List.of("a", "b", "c", "d", "e")).values().length);
        assertThrows(IllegalArgumentException.class, () -> Statements.InList.of(List.of()));

        for (int i = 1; i <= 3; i++) {
            String id = "s" + i;
            long time = i;
            db.write(h -> db.update(h, INSERT_SHOP, id, "Shop " + id, null, "e", time));
        }
        List<String> read = new ArrayList<>();
        db.write("s1", h -> {
            db.readAhead(h, "SELECT shop_id FROM shop WHERE shop_id IN (" + three.placeholders() + ") ORDER BY shop_id",
                    rs -> read.add(rs.getString(1)), three.values());
            return null;
        });
        assertEquals(List.of("s1", "s2", "s3"), read);
    }

    @Test
    void aKeptStatementWritesEachRunsOwnValuesIncludingNull() {
        db.write(h -> db.update(h, INSERT_SHOP, "s1", "First", "hash-1", "epoch-1", 1_000L));
        db.write(h -> db.update(h, INSERT_SHOP, "s2", "Second", null, "epoch-2", 2_000L));

        assertEquals("hash-1", column("s1", "token_hash"));
        // the second run bound NULL where the first bound a value: nothing of the first run is left
        assertNull(column("s2", "token_hash"));
        assertEquals("Second", column("s2", "shop_name"));
        assertEquals("epoch-2", column("s2", "epoch"));
        assertEquals(2_000L, db.read(h -> db.one(h, "SELECT create_time FROM shop WHERE shop_id = ?",
                rs -> rs.getLong(1), "s2")).orElseThrow());
    }

    @Test
    void tooFewArgumentsAreRefusedBeforeAnythingRuns() {
        db.write(h -> db.update(h, INSERT_SHOP, "s1", "First", "hash-1", "epoch-1", 1_000L));
        // four values for five parameters would otherwise run with the fifth left from the run before
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> db.write(h -> db.update(h, INSERT_SHOP, "s2", "Second", null, "epoch-2")));
        assertEquals("4 arguments for 5 parameters: " + INSERT_SHOP, refused.getMessage());
        assertEquals(1, db.read(h -> db.one(h, "SELECT COUNT(*) FROM shop", rs -> rs.getInt(1))).orElseThrow());
    }

    @Test
    void asynchronousWritesAreAnsweredOffTheWriterOnceDurableAndFailAlone() throws Exception {
        // the writer is held so that all three writes land in one batch
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> holder = holdWriter(release);
        CompletableFuture<Integer> first = db.writeAsync("s0", List.of(), h -> db.update(h, INSERT_SHOP, "s1", "First", null, "e", 1L));
        CompletableFuture<Integer> refused = db.writeAsync("s0", List.of(), h -> {
            throw Refusal.conflict("refused_on_purpose", "nothing was written");
        });
        CompletableFuture<Integer> second = db.writeAsync("s0", List.of(), h -> db.update(h, INSERT_SHOP, "s2", "Second", null, "e", 2L));
        CompletableFuture<String> answeredOn = second.thenApply(rows -> Thread.currentThread().getName());
        assertFalse(first.isDone(), "a write is not answered before its batch commits");
        release.countDown();

        // read before second itself: a thread that waits on a completed future helps run its dependents
        String thread = answeredOn.get(10, TimeUnit.SECONDS);
        assertTrue(thread.startsWith("sell-answer-"), thread);
        assertEquals(1, holder.get(10, TimeUnit.SECONDS));
        assertEquals(1, first.get(10, TimeUnit.SECONDS));
        assertEquals(1, second.get(10, TimeUnit.SECONDS));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
        assertEquals("refused_on_purpose", ((Refusal) failure.getCause()).code());
        assertEquals(3, db.read(h -> db.one(h, "SELECT COUNT(*) FROM shop", rs -> rs.getInt(1))).orElseThrow());
        assertEquals("Second", column("s2", "shop_name"));
    }

    @Test
    void anUnexpectedFailureReRunsTheBatchWithSavepointsAndFailsAlone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> holder = holdWriter(release);
        AtomicInteger firstRuns = new AtomicInteger();
        CompletableFuture<Integer> first = db.writeAsync("s0", List.of(), h -> {
            firstRuns.incrementAndGet();
            return db.update(h, INSERT_SHOP, "s1", "First", null, "e", 1L);
        });
        // not a refusal (a Refusal): it has left its row behind, so the batch cannot simply commit
        CompletableFuture<Integer> broken = db.writeAsync("s0", List.of(), h -> {
            db.update(h, INSERT_SHOP, "s2", "Broken", null, "e", 2L);
            throw new IllegalStateException("failed half-way");
        });
        CompletableFuture<Integer> last = db.writeAsync("s0", List.of(), h -> db.update(h, INSERT_SHOP, "s3", "Last", null, "e", 3L));
        release.countDown();

        assertEquals(1, holder.get(10, TimeUnit.SECONDS));
        assertEquals(1, first.get(10, TimeUnit.SECONDS));
        assertEquals(1, last.get(10, TimeUnit.SECONDS));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> broken.get(10, TimeUnit.SECONDS));
        assertEquals("failed half-way", failure.getCause().getMessage());
        assertEquals(2, firstRuns.get(), "the batch ran once fast, then again with savepoints");
        assertEquals(3, db.read(h -> db.one(h, "SELECT COUNT(*) FROM shop", rs -> rs.getInt(1))).orElseThrow());
        assertNull(column("s2", "shop_name"), "the broken write's row was rolled back with its savepoint");
        assertEquals("Last", column("s3", "shop_name"));
    }

    @Test
    void aRefusedWriteGivesBackWhatItCountedInMemory() throws Exception {
        Count count = new Count();
        db.keep(count);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> holder = holdWriter(release);
        CompletableFuture<Long> first = db.writeAsync("s0", List.of(), h -> count.next());
        CompletableFuture<Long> refused = db.writeAsync("s0", List.of(), h -> {
            count.next();
            throw Refusal.conflict("refused_on_purpose", "nothing was written");
        });
        CompletableFuture<Long> last = db.writeAsync("s0", List.of(), h -> count.next());
        release.countDown();

        assertEquals(1, holder.get(10, TimeUnit.SECONDS));
        assertEquals(1L, first.get(10, TimeUnit.SECONDS));
        assertEquals(2L, last.get(10, TimeUnit.SECONDS));
        assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
        assertEquals(2L, count.value);
        assertEquals(1, count.flushes, "one batch, one write of the count");
        assertEquals(2L, headSeq("s0"));
    }

    @Test
    void aWriteThatBreaksHalfWayGivesBackWhatItCountedWhenTheBatchRunsAgain() throws Exception {
        Count count = new Count();
        db.keep(count);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> holder = holdWriter(release);
        CompletableFuture<Long> first = db.writeAsync("s0", List.of(), h -> {
            db.update(h, INSERT_SHOP, "s1", "First", null, "e", 1L);
            return count.next();
        });
        CompletableFuture<Long> broken = db.writeAsync("s0", List.of(), h -> {
            count.next();
            db.update(h, INSERT_SHOP, "s2", "Broken", null, "e", 2L);
            throw new IllegalStateException("failed half-way");
        });
        CompletableFuture<Long> last = db.writeAsync("s0", List.of(), h -> {
            db.update(h, INSERT_SHOP, "s3", "Last", null, "e", 3L);
            return count.next();
        });
        release.countDown();

        assertEquals(1, holder.get(10, TimeUnit.SECONDS));
        assertEquals(1L, first.get(10, TimeUnit.SECONDS));
        // the broken write gave its number back: the next write took the next one
        assertEquals(2L, last.get(10, TimeUnit.SECONDS));
        assertThrows(ExecutionException.class, () -> broken.get(10, TimeUnit.SECONDS));
        assertEquals(2L, count.value);
        // the fast run stopped at the broken write; the run with savepoints wrote the count once
        assertEquals(1, count.flushes);
        assertEquals(2L, headSeq("s0"));

        assertEquals(3L, (long) db.write(h -> count.next()));
        assertEquals(2, count.flushes);
        assertEquals(3L, headSeq("s0"));
    }

    @Test
    void aBatchThatCannotCommitRollsItsMemoryBack() throws Exception {
        Count count = new Count();
        db.keep(count);
        db.write(h -> db.update(h, INSERT_SHOP, "s0", "Counted", null, "e", 0L));
        assertEquals(1L, (long) db.write(h -> count.next()));
        count.failFlush = true;
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> db.write(h -> {
            db.update(h, INSERT_SHOP, "s1", "Lost", null, "e", 1L);
            return count.next();
        }));
        assertEquals("flush failed on purpose", failure.getMessage());
        assertEquals(1L, count.value, "the batch that did not commit gave its number back");
        assertNull(column("s1", "shop_name"));
        assertEquals(1L, headSeq("s0"));

        count.failFlush = false;
        assertEquals(2L, (long) db.write(h -> count.next()));
        assertEquals(2L, headSeq("s0"));
    }

    /** A number counted in memory and written to shop s0's head_seq once per batch, as EventLog counts seqs. */
    private final class Count implements BatchMemory {
        long value;
        int flushes;
        volatile boolean failFlush;
        private final List<Long> undo = new ArrayList<>();

        long next() {
            undo.add(value);
            return ++value;
        }

        @Override
        public int mark() {
            return undo.size();
        }

        @Override
        public void rollbackTo(int mark) {
            while (undo.size() > mark) value = undo.remove(undo.size() - 1);
        }

        @Override
        public void flush(Handle handle) {
            if (failFlush) throw new IllegalStateException("flush failed on purpose");
            if (undo.isEmpty()) return;
            flushes++;
            db.update(handle, "UPDATE shop SET head_seq = ? WHERE shop_id = 's0'", value);
        }

        @Override
        public void committed() {
            undo.clear();
        }
    }

    private long headSeq(String shopId) {
        return db.read(h -> db.one(h, "SELECT head_seq FROM shop WHERE shop_id = ?", rs -> rs.getLong(1), shopId))
                .orElseThrow();
    }

    /** Starts a write (shop s0) that keeps the writer busy until release opens; returns once it does. */
    private CompletableFuture<Integer> holdWriter(CountDownLatch release) throws InterruptedException {
        CountDownLatch writerHeld = new CountDownLatch(1);
        CompletableFuture<Integer> holder = db.writeAsync("s0", List.of(), h -> {
            writerHeld.countDown();
            await(release);
            return db.update(h, INSERT_SHOP, "s0", "Held", null, "e", 0L);
        });
        assertTrue(writerHeld.await(10, TimeUnit.SECONDS));
        return holder;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private String column(String shopId, String column) {
        Optional<String> value = db.read(h -> db.one(h, "SELECT " + column + " FROM shop WHERE shop_id = ?",
                rs -> rs.getString(1), shopId));
        return value.orElse(null);
    }
}
