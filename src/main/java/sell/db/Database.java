package sell.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import sell.http.ApiError;

/**
 * The SQLite file: one writer thread with one connection, and a small pool of read connections
 * that WAL lets run beside it. Writes are group-committed: the writer takes every write that is
 * waiting, runs each in its own savepoint inside one transaction, and commits once, so one fsync
 * makes a whole batch durable. A write that fails rolls back to its savepoint and fails alone;
 * every caller is answered only after the commit that made its write durable.
 */
public final class Database implements AutoCloseable {
    private static final int READ_POOL = 4;
    private static final int MAX_BATCH = 256;

    private final String url;
    private final Jdbi reader;
    private final Jdbi writer;
    private final Connection writeConnection;
    private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(READ_POOL);
    private final Semaphore readPermits = new Semaphore(READ_POOL);
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final BlockingQueue<Write<?>> writes = new LinkedBlockingQueue<>();
    /**
     * Prepared statements kept per connection. Connections are long-lived (one writer, a small
     * read pool) and each is used by one thread at a time, so each map is too.
     */
    private final Map<Connection, Map<String, PreparedStatement>> statements = new ConcurrentHashMap<>();
    private final Thread writerThread;
    private volatile boolean closed;

    /** One caller's write, answered when its batch has committed (or it failed on its own). */
    private static final class Write<T> {
        final HandleCallback<T, RuntimeException> work;
        final boolean selfContained;
        final CompletableFuture<T> done = new CompletableFuture<>();
        T result;
        RuntimeException failure;

        Write(HandleCallback<T, RuntimeException> work, boolean selfContained) {
            this.work = work;
            this.selfContained = selfContained;
        }

        /**
         * Runs without a savepoint when the work promises that a refusal it throws leaves nothing
         * behind; anything else it throws makes the whole batch run again the careful way.
         */
        void runFast(Database db, Handle handle) {
            if (!selfContained) {
                run(db, handle);
                return;
            }
            result = null;
            failure = null;
            try {
                result = work.withHandle(handle);
            } catch (ApiError e) {
                failure = e;
            } catch (Refused e) {
                failure = e;
            }
        }

        void run(Database db, Handle handle) {
            result = null;
            failure = null;
            db.update(handle, "SAVEPOINT one_write");
            try {
                result = work.withHandle(handle);
                db.update(handle, "RELEASE one_write");
            } catch (RuntimeException e) {
                db.update(handle, "ROLLBACK TO one_write");
                db.update(handle, "RELEASE one_write");
                failure = e;
            }
        }

        void answer() {
            if (failure != null) done.completeExceptionally(failure);
            else done.complete(result);
        }
    }

    private Database(String url) throws SQLException {
        this.url = url;
        this.writeConnection = open(url, true);
        this.writer = Jdbi.create(new ConnectionFactory() {
            @Override
            public Connection openConnection() {
                return writeConnection;
            }

            @Override
            public void closeConnection(Connection connection) {
                // the write connection lives as long as the database
            }
        });
        // at most READ_POOL read connections, opened on demand and kept; a reader waits for one
        // rather than opening (and paying for) another
        this.reader = Jdbi.create(new ConnectionFactory() {
            @Override
            public Connection openConnection() throws SQLException {
                try {
                    readPermits.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for a read connection", e);
                }
                try {
                    Connection idle = idleReaders.poll();
                    return idle != null ? idle : open(url, false);
                } catch (SQLException | RuntimeException e) {
                    readPermits.release();
                    throw e;
                }
            }

            @Override
            public void closeConnection(Connection connection) throws SQLException {
                try {
                    if (closed || connection.isClosed() || !idleReaders.offer(connection)) {
                        statements.remove(connection);
                        connection.close();
                    }
                } finally {
                    readPermits.release();
                }
            }
        });
        this.writerThread = new Thread(this::writeLoop, "sell-db-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /** Opens (creating when absent) the database and brings its schema up to date. */
    public static Database open(String url) throws SQLException {
        Database database = new Database(url);
        try {
            database.write(Migrations::apply);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /**
     * Runs work in a write transaction and returns once it is durable. Whatever work throws is
     * rethrown here, and nothing it did is kept.
     */
    public <T> T write(HandleCallback<T, RuntimeException> work) {
        return submit(new Write<>(work, false));
    }

    /**
     * Like write, for work that undoes its own changes before it throws an ApiError or a
     * Refused: it runs without the savepoint (two statements fewer on the hottest path).
     */
    public <T> T writeSelfContained(HandleCallback<T, RuntimeException> work) {
        return submit(new Write<>(work, true));
    }

    /** A refusal (not an ApiError) thrown by self-contained work after it undid its changes. */
    public static class Refused extends RuntimeException {
        public Refused() {
            super(null, null, false, false);
        }
    }

    private <T> T submit(Write<T> write) {
        if (Thread.currentThread() == writerThread) throw new IllegalStateException("a write may not start another");
        if (closed) throw new IllegalStateException("database is closed");
        writes.add(write);
        if (closed && !writerThread.isAlive() && writes.remove(write)) throw new IllegalStateException("database is closed");
        try {
            return write.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw new IllegalStateException(e.getCause());
        }
    }

    private void writeLoop() {
        List<Write<?>> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                Write<?> first = writes.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) return;
                    continue;
                }
                batch.add(first);
                writes.drainTo(batch, MAX_BATCH - 1);
                writeLock.lock();
                try {
                    try {
                        writer.useTransaction(h -> {
                            for (Write<?> write : batch) write.runFast(this, h);
                        });
                    } catch (RuntimeException unexpected) {
                        // something failed half-way without a savepoint: nothing of this batch was
                        // committed, so run it again with a savepoint around each write
                        writer.useTransaction(h -> {
                            for (Write<?> write : batch) write.run(this, h);
                        });
                    }
                    for (Write<?> write : batch) write.answer();
                } catch (RuntimeException e) {
                    // the commit itself failed: nothing of the batch is durable
                    for (Write<?> write : batch) write.done.completeExceptionally(e);
                } finally {
                    writeLock.unlock();
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable e) {
                for (Write<?> write : batch) write.done.completeExceptionally(e);
            } finally {
                batch.clear();
            }
        }
    }

    public <T> T read(HandleCallback<T, RuntimeException> work) {
        return reader.withHandle(work);
    }

    /** Reads one row of a result. */
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * A prepared statement for sql on the handle's connection, prepared once per connection and
     * kept: every order and every health check runs the same few statements. Only fixed SQL
     * text belongs here (values go in as parameters), so the cache stays small.
     */
    public PreparedStatement prepared(Handle handle, String sql) {
        try {
            Connection connection = handle.getConnection();
            Map<String, PreparedStatement> cache = statements.computeIfAbsent(connection, c -> new HashMap<>());
            PreparedStatement cached = cache.get(sql);
            if (cached == null) {
                cached = connection.prepareStatement(sql);
                cache.put(sql, cached);
            }
            cached.clearParameters();
            return cached;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare: " + sql, e);
        }
    }

    /** Runs an INSERT, UPDATE or DELETE with positional arguments; returns the rows changed. */
    public int update(Handle handle, String sql, Object... args) {
        PreparedStatement statement = prepared(handle, sql);
        try {
            bind(statement, args);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql, e);
        }
    }

    /** Runs a query expected to give at most one row. */
    public <T> Optional<T> one(Handle handle, String sql, Row<T> row, Object... args) {
        PreparedStatement statement = prepared(handle, sql);
        try {
            bind(statement, args);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql, e);
        }
    }

    private static void bind(PreparedStatement statement, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) statement.setObject(i + 1, args[i]);
    }

    /** True when the database answers a query. */
    public boolean healthy() {
        try {
            return read(h -> one(h, "SELECT 1", rs -> rs.getInt(1)).orElse(0)) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public String url() {
        return url;
    }

    /** Finishes the writes already queued, then closes the connections. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            writerThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeLock.lock();
        try {
            Write<?> late;
            while ((late = writes.poll()) != null) {
                late.done.completeExceptionally(new IllegalStateException("database is closed"));
            }
            Connection idle;
            while ((idle = idleReaders.poll()) != null) quietlyClose(idle);
            for (Map<String, PreparedStatement> cache : statements.values()) {
                for (PreparedStatement statement : cache.values()) {
                    try {
                        statement.close();
                    } catch (SQLException ignored) {
                        // closing anyway
                    }
                }
            }
            quietlyClose(writeConnection);
        } finally {
            writeLock.unlock();
        }
    }

    private static Connection open(String url, boolean forWriting) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a transaction that returned is on disk, also across power loss (see docs).
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        if (forWriting) config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // nothing reads generated keys; without this every INSERT also asks for last_insert_rowid()
        config.setGetGeneratedKeys(false);
        return config.createConnection(url);
    }

    private static void quietlyClose(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
