package sell.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite file: one write connection, used only by the group-committing writer, and a small
 * pool of read connections that WAL lets run beside it; prepared statements are kept per
 * connection.
 */
public final class Database implements AutoCloseable {
    private static final int READ_POOL = 4;
    private static final int ANSWERING_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final String url;
    private final Jdbi reader;

    private final Connection writeConnection;
    private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(READ_POOL);
    private final Semaphore readPermits = new Semaphore(READ_POOL);

    /**
     * Prepared statements kept per connection. Connections are long-lived (one writer, a small
     * read pool) and each is used by one thread at a time, so each map is too.
     */
    private final Map<Connection, Map<String, Kept>> statements = new ConcurrentHashMap<>();
    private final GroupCommit commits;
    /**
     * Where asynchronous writers are answered (the rest of their request runs there too), so the
     * writer thread hands over a whole batch at once and goes back to writing.
     */
    private final ExecutorService answering = Executors.newFixedThreadPool(ANSWERING_THREADS, new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread thread = new Thread(r, "sell-answer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });
    private volatile boolean closed;

    private Database(String url) throws SQLException {
        this.url = url;
        this.writeConnection = open(url, true);
        Jdbi writer = Jdbi.create(new ConnectionFactory() {
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
        this.commits = new GroupCommit(this, writer, answering);
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

    /** Keeps memory in step with the writer's batches; register it before the first write that uses it. */
    public void keep(BatchMemory memory) {
        commits.keep(memory);
    }

    /**
     * Runs work in a write transaction and returns once it is durable. Whatever work throws is
     * rethrown here, and nothing it did is kept.
     */
    public <T> T write(HandleCallback<T, RuntimeException> work) {
        return commits.write(work, false);
    }

    /**
     * Like write, for work that undoes its own changes before it throws an ApiError or a
     * Refused: it runs without the savepoint (two statements fewer on the hottest path).
     */
    public <T> T writeSelfContained(HandleCallback<T, RuntimeException> work) {
        return commits.write(work, true);
    }

    /** Like writeSelfContained, without blocking: the future completes once the write is durable. */
    public <T> CompletableFuture<T> writeSelfContainedAsync(HandleCallback<T, RuntimeException> work) {
        return commits.writeAsync(work, true);
    }

    /** A refusal (not an ApiError) thrown by self-contained work after it undid its changes. */
    public static class Refused extends RuntimeException {
        public Refused() {
            super(null, null, false, false);
        }
    }

    public <T> T read(HandleCallback<T, RuntimeException> work) {
        return reader.withHandle(work);
    }

    /** Reads one row of a result. */
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** A kept statement and how many parameters it has. */
    private record Kept(PreparedStatement statement, int parameters) {
    }

    /**
     * A prepared statement for sql on the handle's connection, prepared once per connection and
     * kept: every order and every health check runs the same few statements. Only fixed SQL
     * text belongs here (values go in as parameters), so the cache stays small. Parameters keep
     * their values from the last run (clearing them is one more native call per statement), so
     * every run binds every one of them.
     */
    private PreparedStatement prepared(Handle handle, String sql, Object[] args) throws SQLException {
        Connection connection = handle.getConnection();
        Map<String, Kept> cache = statements.computeIfAbsent(connection, c -> new HashMap<>());
        Kept kept = cache.get(sql);
        if (kept == null) {
            PreparedStatement statement = connection.prepareStatement(sql);
            kept = new Kept(statement, statement.getParameterMetaData().getParameterCount());
            cache.put(sql, kept);
        }
        if (args.length != kept.parameters()) {
            throw new IllegalArgumentException(args.length + " arguments for " + kept.parameters() + " parameters: " + sql);
        }
        for (int i = 0; i < args.length; i++) kept.statement().setObject(i + 1, args[i]);
        return kept.statement();
    }

    /** Runs an INSERT, UPDATE or DELETE with positional arguments; returns the rows changed. */
    public int update(Handle handle, String sql, Object... args) {
        try {
            return prepared(handle, sql, args).executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql, e);
        }
    }

    /** Runs a query expected to give at most one row; empty when there is none, or its value is NULL. */
    public <T> Optional<T> one(Handle handle, String sql, Row<T> row, Object... args) {
        try (ResultSet rs = prepared(handle, sql, args).executeQuery()) {
            return rs.next() ? Optional.ofNullable(row.read(rs)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql, e);
        }
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
        commits.close();
        answering.shutdown();
        Connection idle;
        while ((idle = idleReaders.poll()) != null) quietlyClose(idle);
        for (Map<String, Kept> cache : statements.values()) {
            for (Kept kept : cache.values()) {
                try {
                    kept.statement().close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
        }
        quietlyClose(writeConnection);
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
