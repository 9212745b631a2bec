package sell.db;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.jdbi.v3.core.Handle;
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
final class PostgresDatabase extends BatchedDatabase {
    /** sell's advisory locks are (kind, number) pairs, apart from any single-number lock of another application. */
    private static final int SHOP_LOCK = 0x5e11_0001;
    private static final int MIGRATION_LOCK = 0x5e11_0002;

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
                // sent with the batch's first reads, each of which, a statement of its own, sees
                // what the writers before the lock committed
                if (keys.length == 1) {
                    readAhead(handle, "SELECT pg_advisory_xact_lock(?, ?)", rs -> null, SHOP_LOCK, keys[0]);
                } else if (keys.length > 1) {
                    // taken in the order of their numbers
                    try {
                        readAhead(handle, "SELECT count(pg_advisory_xact_lock(?, k)) FROM (SELECT unnest(?::int[]) AS k ORDER BY k) s",
                                rs -> null, SHOP_LOCK, handle.getConnection().createArrayOf("int4", keys));
                    } catch (SQLException e) {
                        throw new IllegalStateException("cannot lock the shops of a batch", e);
                    }
                }
            }

            @Override
            public void sendPending(Handle handle) {
                try {
                    pending.send(handle.getConnection());
                } catch (SQLException e) {
                    throw new IllegalStateException("failed to send the batch's statements", e);
                }
            }

            /** The batch's lock is held until its commit: one round trip fewer under it. */
            @Override
            public void sendAndCommit(Handle handle) {
                try {
                    pending.send(handle.getConnection(), true);
                } catch (SQLException e) {
                    throw new IllegalStateException("failed to send the batch's statements and commit", e);
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
        this.channel = new PgChannel(location.url(), PostgresSettings.driver(location), instanceNumber);
    }

    /** Connects, brings the schema up to date (one instance at a time) and takes an instance number. */
    static Database open(Location location) {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(PostgresSettings.pool(location));
        } catch (RuntimeException e) {
            throw new CannotOpen("cannot connect to " + PostgresSettings.withoutSecrets(location.url()) + " (" + Failures.rootMessage(e) + ")");
        }
        try {
            return new PostgresDatabase(pool, location);
        } catch (RuntimeException e) {
            pool.close();
            throw new CannotOpen("cannot prepare " + PostgresSettings.withoutSecrets(location.url()) + " (" + Failures.rootMessage(e) + ")");
        }
    }

    /** A shop's lock number: the same on every instance (String.hashCode is fixed by the language). */
    private static int lockKey(String shopId) {
        return shopId.hashCode();
    }

    @Override
    GroupCommit commits() {
        return commits;
    }

    @Override
    Jdbi readers() {
        return jdbi;
    }

    @Override
    RuntimeException translated(RuntimeException failure) {
        return translate(failure);
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

    /** Kept to be sent with the next statement (PendingChanges): a batch's lock and first reads cost one round trip. */
    @Override
    public void readAhead(Handle handle, String sql, Row<?> row, Object... args) {
        try {
            pending.read(handle.getConnection(), sql, row, args);
        } catch (SQLException e) {
            throw new IllegalStateException("failed to send the rows before: " + sql, e);
        }
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
