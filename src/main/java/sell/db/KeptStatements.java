package sell.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SQLite's prepared statements, kept per connection: every order and every health check runs the
 * same few statements, and preparing one is a native call and a parse. Connections are long-lived
 * (one writer, a small read pool) and each is used by one thread at a time, so each map is too.
 * Only fixed SQL text belongs here (values go in as parameters), so the maps stay small.
 */
final class KeptStatements {
    /** A kept statement and how many parameters it has. */
    private record Kept(PreparedStatement statement, int parameters) {
    }

    private final Map<Connection, Map<String, Kept>> byConnection = new ConcurrentHashMap<>();

    /**
     * The statement for sql on the connection, with args bound. Parameters keep their values from
     * the last run (clearing them is one more native call per statement), so every run binds
     * every one of them, and too few arguments are refused.
     */
    PreparedStatement prepared(Connection connection, String sql, Object[] args) throws SQLException {
        Map<String, Kept> cache = byConnection.computeIfAbsent(connection, c -> new HashMap<>());
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

    /** The connection is closing: its statements go with it. */
    void forget(Connection connection) {
        byConnection.remove(connection);
    }

    void close() {
        for (Map<String, Kept> cache : byConnection.values()) {
            for (Kept kept : cache.values()) {
                try {
                    kept.statement().close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
        }
        byConnection.clear();
    }
}
