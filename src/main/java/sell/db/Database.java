package sell.db;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.HandleCallback;

/**
 * Where sell keeps everything, behind one boundary with two implementations: a SQLite file (the
 * embedded default, one server per file) and PostgreSQL (shared by any number of instances).
 * Repositories own the SQL; this owns connections, transactions and the write path.
 */
public interface Database extends Statements, AutoCloseable {
    /**
     * Where the database is and who connects: user and password may be null (or in the URL);
     * poolSize is how many connections an instance keeps at most (PostgreSQL).
     */
    record Location(String url, String user, String password, int poolSize) {
        public static Location of(String url) {
            return new Location(url, null, null, 10);
        }

        public boolean postgres() {
            return url.startsWith("jdbc:postgresql:");
        }
    }

    /**
     * Opens (creating and migrating when needed) the database at location. serving takes what
     * one serving process holds (the SQLite file's lock); a command that only adds a shop does not.
     */
    static Database open(Location location, boolean serving) {
        return location.postgres() ? PostgresDatabase.open(location) : SqliteDatabase.open(location.url(), serving);
    }

    /**
     * Runs work in a write transaction and returns once it is durable. shopId names the shop whose
     * rows (stock, orders, its event log) the work changes, or is null when it changes none:
     * writes of one shop never overlap, across instances too. Whatever work throws is rethrown
     * here, and nothing it did is kept.
     */
    <T> T write(String shopId, HandleCallback<T, RuntimeException> work);

    /** A write that changes no shop's rows. */
    default <T> T write(HandleCallback<T, RuntimeException> work) {
        return write(null, work);
    }

    /**
     * Like write, without blocking: the future completes once the write is durable. The work must
     * undo its own changes before it throws a Refusal, so it needs no savepoint of its own (two
     * statements fewer on the hottest path); anything else it throws is undone by the database.
     * reads names what the work will read through a BatchMemory (the products an order sells):
     * the batch reads them all at its start (BatchMemory.begin).
     */
    <T> CompletableFuture<T> writeAsync(String shopId, java.util.List<String> reads, HandleCallback<T, RuntimeException> work);

    <T> T read(HandleCallback<T, RuntimeException> work);

    /** Keeps memory in step with the writer's batches; register it before the first write that uses it. */
    void keep(BatchMemory memory);

    /** Throws unless called inside a write that named shopId (the work may then count the shop's seqs). */
    void requireWriting(String shopId);

    /** True when the database answers a query. */
    boolean healthy();

    /** Told how long each committed batch of writes took, in nanoseconds. */
    void onCommit(java.util.function.LongConsumer observer);

    /** Messages between the instances sharing this database; empty when nothing else can share it. */
    Optional<Channel> channel();

    /**
     * A number that no other instance serving this database holds at the same time, 0..999; on a
     * database only one instance serves, always 0.
     */
    int instanceNumber();

    /** Finishes the writes already queued, then closes the connections. */
    @Override
    void close();

    /** The database cannot be reached or cannot write now; nothing of the request was kept. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A row that would repeat a unique key (an order id, an idempotency key) was refused; nothing was kept. */
    final class Duplicate extends RuntimeException {
        public Duplicate(Throwable cause) {
            super("duplicate key: " + cause.getMessage(), cause);
        }
    }

    /** The database named cannot be opened; the message says why, in one line. */
    final class CannotOpen extends RuntimeException {
        public CannotOpen(String message) {
            super(message);
        }
    }
}
