package sell.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;

/**
 * PostgreSQL, shared by every instance with the same settings: a pool of connections (HikariCP),
 * the same batching writer as SQLite, whose batches first take a transaction lock per shop they
 * change (in one order everywhere, so two instances never deadlock), and a channel for the
 * instances' messages. Schema changes run under a lock, by whichever instance starts first.
 */
final class PostgresDatabase implements Database {
    /** sell's advisory locks are (kind, number) pairs, apart from any single-number lock of another application. */
    private static final int SHOP_LOCK = 0x5e11_0001;
    private static final int MIGRATION_LOCK = 0x5e11_0002;
    /** A request waits at most this long for a connection: an outage answers 503 promptly. */
    private static final long CONNECTION_TIMEOUT_MILLIS = 2_000;

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final GroupCommit commits;
    private final ExecutorService answering = Answering.pool();
    private final PgChannel channel;
    private final int instanceNumber;
    private final PendingChanges pending = new PendingChanges();

    private PostgresDatabase(HikariDataSource pool, Location location) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        // a statement of Jdbi's (a query, say) may read what a write has not sent yet
        jdbi.getConfig(SqlStatements.class).addCustomizer(new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement statement, StatementContext context) throws SQLException {
                pending.send(context.getConnection());
            }
        });
        jdbi.useHandle(h -> {
            one(h, "SELECT pg_advisory_lock(?, ?)", rs -> 1, MIGRATION_LOCK, 0);
            try {
                h.useTransaction(t -> Migrations.apply(t, Migrations.POSTGRES));
            } finally {
                one(h, "SELECT pg_advisory_unlock(?, ?)", rs -> 1, MIGRATION_LOCK, 0);
            }
        });
        this.instanceNumber = jdbi.withHandle(h -> one(h, "SELECT nextval('instance_number')", rs -> rs.getInt(1)))
                .orElseThrow();
        GroupCommit.Engine engine = new GroupCommit.Engine() {
            @Override
            public void lockShops(Handle handle, List<String> sortedShops) {
                pending.drop(handle.getConnection());
                Integer[] keys = sortedShops.stream().map(PostgresDatabase::lockKey).sorted().distinct()
                        .toArray(Integer[]::new);
                if (keys.length == 1) {
                    one(handle, "SELECT pg_advisory_xact_lock(?, ?)", rs -> 1, SHOP_LOCK, keys[0]);
                } else if (keys.length > 1) {
                    // one round trip for all of them, taken in the order of their numbers
                    try {
                        one(handle, "SELECT count(pg_advisory_xact_lock(?, k)) FROM (SELECT unnest(?::int[]) AS k ORDER BY k) s",
                                rs -> 1, SHOP_LOCK, handle.getConnection().createArrayOf("int4", keys));
                    } catch (SQLException e) {
                        throw new IllegalStateException("cannot lock the shops of a batch", e);
                    }
                }
            }

            @Override
            public void beforeCommit(Handle handle) {
                try {
                    pending.send(handle.getConnection());
                } catch (SQLException e) {
                    throw new IllegalStateException("failed to send the batch's rows", e);
                }
            }

            @Override
            public RuntimeException translate(RuntimeException failure) {
                return PostgresDatabase.translate(failure);
            }
        };
        // one writer, as on SQLite: several side by side, each for some of the shops, fragmented the
        // batches and took half the orders per second (docs/BENCHMARKS.md)
        this.commits = new GroupCommit(this, jdbi, engine, answering, "sell-db-writer");
        this.channel = new PgChannel(location.url(), properties(location), instanceNumber);
    }

    /** Connects, brings the schema up to date (one instance at a time) and takes an instance number. */
    static Database open(Location location) {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(location));
        } catch (RuntimeException e) {
            throw new CannotOpen("cannot connect to " + withoutSecrets(location.url()) + " (" + Failures.rootMessage(e) + ")");
        }
        try {
            return new PostgresDatabase(pool, location);
        } catch (RuntimeException e) {
            pool.close();
            throw new CannotOpen("cannot prepare " + withoutSecrets(location.url()) + " (" + Failures.rootMessage(e) + ")");
        }
    }

    private static HikariConfig poolConfig(Location location) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sell");
        config.setJdbcUrl(location.url());
        config.setDataSourceProperties(properties(location));
        config.setMaximumPoolSize(location.poolSize());
        config.setMinimumIdle(Math.min(2, location.poolSize()));
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(1_000);
        // a start that cannot reach the database fails within this, with the reason
        config.setInitializationFailTimeout(10_000);
        // a connection to a server that became a standby (a failover) cannot write: drop it
        config.setExceptionOverride(new SQLExceptionOverride() {
            @java.lang.Override
            public SQLExceptionOverride.Override adjudicate(SQLException e) {
                return "25006".equals(e.getSQLState()) ? SQLExceptionOverride.Override.MUST_EVICT
                        : SQLExceptionOverride.Override.CONTINUE_EVICT;
            }
        });
        return config;
    }

    /** The driver's settings: credentials, and timeouts so that a vanished server is noticed rather than waited for. */
    private static Properties properties(Location location) {
        Properties properties = new Properties();
        if (location.user() != null) properties.setProperty("user", location.user());
        if (location.password() != null) properties.setProperty("password", location.password());
        properties.setProperty("ApplicationName", "sell");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "60");
        properties.setProperty("tcpKeepAlive", "true");
        // a batch of one-row INSERTs goes as multi-row INSERTs (PendingChanges sends such batches)
        properties.setProperty("reWriteBatchedInserts", "true");
        return properties;
    }

    /** The URL without its query, where a password may be. */
    private static String withoutSecrets(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** A shop's lock number: the same on every instance (String.hashCode is fixed by the language). */
    private static int lockKey(String shopId) {
        return shopId.hashCode();
    }

    @Override
    public <T> T write(String shopId, HandleCallback<T, RuntimeException> work) {
        return commits.write(shopId, work);
    }

    @Override
    public <T> CompletableFuture<T> writeAsync(String shopId, HandleCallback<T, RuntimeException> work) {
        return commits.writeAsync(shopId, work);
    }

    @Override
    public <T> T read(HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    @Override
    public void keep(BatchMemory memory) {
        commits.keep(memory);
    }

    @Override
    public void requireWriting(String shopId) {
        commits.requireWriting(shopId);
    }

    /** The driver keeps each connection's parsed statements by their text, so nothing is kept here. */
    @Override
    public int update(Handle handle, String sql, Object... args) {
        try (PreparedStatement statement = bound(handle, sql, args)) {
            pending.before(handle.getConnection(), sql);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql, e);
        }
    }

    /** Kept to be sent with what follows (PendingChanges): an order's rows cost no round trip of their own. */
    @Override
    public void change(Handle handle, String sql, Object... args) {
        pending.add(handle.getConnection(), sql, args);
    }

    @Override
    public <T> Optional<T> one(Handle handle, String sql, Row<T> row, Object... args) {
        try {
            pending.before(handle.getConnection(), sql);
        } catch (SQLException e) {
            throw new IllegalStateException("failed to send the rows before: " + sql, e);
        }
        try (PreparedStatement statement = bound(handle, sql, args); ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.ofNullable(row.read(rs)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql, e);
        }
    }

    /** A statement of the handle's connection with its arguments bound (their count is the driver's to check). */
    private static PreparedStatement bound(Handle handle, String sql, Object[] args) throws SQLException {
        PreparedStatement statement = handle.getConnection().prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) statement.setObject(i + 1, args[i]);
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    @Override
    public boolean healthy() {
        try {
            return read(h -> one(h, "SELECT 1", rs -> rs.getInt(1)).orElse(0)) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public Optional<Channel> channel() {
        return Optional.of(channel);
    }

    @Override
    public int instanceNumber() {
        return instanceNumber;
    }

    /**
     * A unique key refused is a Duplicate; a server gone, shutting down, out of connections or
     * out of disk is Unavailable.
     */
    static RuntimeException translate(RuntimeException failure) {
        if (failure instanceof Unavailable || failure instanceof Duplicate) return failure;
        SQLException sql = Failures.sqlCause(failure);
        if (sql == null) return failure;
        // a batch's failure names the statement that failed in its next exception
        if (sql instanceof java.sql.BatchUpdateException && sql.getNextException() != null) sql = sql.getNextException();
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        if (state.equals("23505")) return new Duplicate(sql);
        if (sql instanceof SQLTransientConnectionException || state.startsWith("08") || state.startsWith("53")
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") || state.equals("25006")) {
            return new Unavailable("the database is unavailable: " + sql.getMessage(), failure);
        }
        return failure;
    }

    @Override
    public void close() {
        channel.close();
        commits.close();
        answering.shutdown();
        pool.close();
    }
}
