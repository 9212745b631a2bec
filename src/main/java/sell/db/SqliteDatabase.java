package sell.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;

/**
 * The SQLite file: one write connection, used only by the group-committing writer, and a small
 * pool of read connections that WAL lets run beside it; prepared statements are kept per
 * connection. One serving process per file (ServingLock).
 */
final class SqliteDatabase extends BatchedDatabase {
    private static final int READ_POOL = 4;

    private final Jdbi reader;
    private final Connection writeConnection;
    private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(READ_POOL);
    private final Semaphore readPermits = new Semaphore(READ_POOL);
    private final ServingLock servingLock;

    private final KeptStatements statements = new KeptStatements();
    private final GroupCommit commits;
    private final ExecutorService answering = Answering.pool();
    private volatile boolean closed;

    private SqliteDatabase(String url, ServingLock servingLock) throws SQLException {
        this.servingLock = servingLock;
        this.writeConnection = connect(url, true);
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
                    return idle != null ? idle : connect(url, false);
                } catch (SQLException | RuntimeException e) {
                    readPermits.release();
                    throw e;
                }
            }

            @Override
            public void closeConnection(Connection connection) throws SQLException {
                try {
                    if (closed || connection.isClosed() || !idleReaders.offer(connection)) {
                        statements.forget(connection);
                        connection.close();
                    }
                } finally {
                    readPermits.release();
                }
            }
        });
        // one writer at a time is all SQLite allows: there is nothing to lock per shop
        GroupCommit.Engine engine = new GroupCommit.Engine() {
            @Override
            public void lockShops(Handle handle, java.util.List<String> sortedShops) {
            }

            @Override
            public void sendPending(Handle handle) {
            }

            @Override
            public void sendAndCommit(Handle handle) {
            }

            @Override
            public RuntimeException translate(RuntimeException failure) {
                return SqliteDatabase.translate(failure);
            }
        };
        this.commits = new GroupCommit(this, writer, engine, answering, "sell-db-writer");
    }

    /** Opens the file (its folder made when missing), brings its schema up to date; serving takes the file's lock. */
    static Database open(String url, boolean serving) {
        Path file = fileOf(url);
        prepareFolder(file);
        ServingLock lock = serving ? ServingLock.take(file) : ServingLock.take(null);
        SqliteDatabase database = null;
        try {
            database = new SqliteDatabase(url, lock);
            database.write(h -> Migrations.apply(h, Migrations.SQLITE));
            return database;
        } catch (SQLException | RuntimeException e) {
            if (database != null) database.close();
            else lock.close();
            throw new CannotOpen("cannot open " + (file != null ? file : url) + " (" + Failures.rootMessage(e) + ")");
        }
    }

    /** The file a jdbc:sqlite: URL names, or null when it names none (an in-memory database). */
    static Path fileOf(String url) {
        if (!url.startsWith("jdbc:sqlite:")) return null;
        String rest = url.substring("jdbc:sqlite:".length());
        int q = rest.indexOf('?');
        if (q >= 0) rest = rest.substring(0, q);
        if (rest.startsWith("file:")) rest = rest.substring(5);
        if (rest.isEmpty() || rest.equals(":memory:")) return null;
        return Path.of(rest);
    }

    /** Makes the file's folder when missing and checks that both can be written. */
    private static void prepareFolder(Path file) {
        if (file == null) return;
        Path folder = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new CannotOpen("cannot create the folder " + folder + " (" + Failures.rootMessage(e) + ")");
        }
        if (!Files.isWritable(folder) || Files.exists(file) && !Files.isWritable(file)) {
            throw new CannotOpen(file.toAbsolutePath() + " is not writable");
        }
    }

    @Override
    GroupCommit commits() {
        return commits;
    }

    @Override
    Jdbi readers() {
        return reader;
    }

    @Override
    RuntimeException translated(RuntimeException failure) {
        return translate(failure);
    }

    @Override
    public int update(Handle handle, String sql, Object... args) {
        try {
            return statements.prepared(handle.getConnection(), sql, args).executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql, e);
        }
    }

    /** SQLite has no round trips to save: the change is made at once. */
    @Override
    public void change(Handle handle, String sql, Object... args) {
        update(handle, sql, args);
    }

    @Override
    public <T> Optional<T> one(Handle handle, String sql, Row<T> row, Object... args) {
        try (ResultSet rs = statements.prepared(handle.getConnection(), sql, args).executeQuery()) {
            return rs.next() ? Optional.ofNullable(row.read(rs)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql, e);
        }
    }

    /** SQLite has no round trips to save: the rows are read at once. */
    @Override
    public void readAhead(Handle handle, String sql, Row<?> row, Object... args) {
        try (ResultSet rs = statements.prepared(handle.getConnection(), sql, args).executeQuery()) {
            while (rs.next()) row.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql, e);
        }
    }

    @Override
    public Optional<Channel> channel() {
        return Optional.empty();
    }

    @Override
    public int instanceNumber() {
        return 0;
    }

    /**
     * A unique key refused is a Duplicate. A file that cannot be written now is Unavailable, as a
     * PostgreSQL server gone is: busy past the timeout (5), read-only (8), failing I/O (10), full
     * (13), a log or journal that cannot be opened (14), and every extended code of these.
     */
    static RuntimeException translate(RuntimeException failure) {
        SQLException sql = Failures.sqlCause(failure);
        if (!(sql instanceof SQLiteException sqlite)) return failure;
        int code = sqlite.getResultCode().code;
        if (code == 2067 || code == 1555) return new Duplicate(sql);
        int primary = code & 0xff;
        if (primary == 5 || primary == 8 || primary == 10 || primary == 13 || primary == 14) {
            return new Unavailable("the database file cannot be written: " + sql.getMessage(), failure);
        }
        return failure;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        commits.close();
        answering.shutdown();
        Connection idle;
        while ((idle = idleReaders.poll()) != null) quietlyClose(idle);
        statements.close();
        quietlyClose(writeConnection);
        servingLock.close();
    }

    private static Connection connect(String url, boolean forWriting) throws SQLException {
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
