package sell.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite file: one write connection used under a lock (SQLite has one writer anyway, and
 * queueing here avoids SQLITE_BUSY), and a small pool of read connections that WAL lets run
 * beside it.
 */
public final class Database implements AutoCloseable {
    private static final int READ_POOL = 4;

    private final String url;
    private final Jdbi reader;
    private final Jdbi writer;
    private final Connection writeConnection;
    private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(READ_POOL);
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private volatile boolean closed;

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
        this.reader = Jdbi.create(new ConnectionFactory() {
            @Override
            public Connection openConnection() throws SQLException {
                Connection idle = idleReaders.poll();
                return idle != null ? idle : open(url, false);
            }

            @Override
            public void closeConnection(Connection connection) throws SQLException {
                if (closed || connection.isClosed() || !idleReaders.offer(connection)) connection.close();
            }
        });
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

    /** Runs one write transaction; callers queue here so exactly one transaction writes at a time. */
    public <T> T write(HandleCallback<T, RuntimeException> work) {
        writeLock.lock();
        try {
            if (closed) throw new IllegalStateException("database is closed");
            return writer.inTransaction(work);
        } finally {
            writeLock.unlock();
        }
    }

    public <T> T read(HandleCallback<T, RuntimeException> work) {
        return reader.withHandle(work);
    }

    /** True when the database answers a query. */
    public boolean healthy() {
        try {
            return read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public String url() {
        return url;
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) return;
            closed = true;
            Connection idle;
            while ((idle = idleReaders.poll()) != null) quietlyClose(idle);
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
