package sell.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Runs one SQL statement with positional arguments on a handle: how each database prepares them is its own. */
public interface Statements {
    /** Reads one row of a result. */
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the rows changed. */
    int update(Handle handle, String sql, Object... args);

    /**
     * Changes rows (sql is an INSERT or an UPDATE) without asking how many. A database may send
     * the change together with those that follow (PostgreSQL does: many in one round trip); it is
     * in place for every later statement of the write, and if it fails, the write fails.
     */
    void change(Handle handle, String sql, Object... args);

    /** Runs a query expected to give at most one row; empty when there is none, or its value is NULL. */
    <T> Optional<T> one(Handle handle, String sql, Row<T> row, Object... args);

    /**
     * Reads rows the write needs before its next statement, each passed to row, but not
     * necessarily at once: a database may send the query together with the next one, or with the
     * changes pending (PostgreSQL sends a batch's lock and its first reads in one round trip).
     * Every row has been read when the next statement of the write runs, or the batch's first
     * write begins.
     */
    void readAhead(Handle handle, String sql, Row<?> row, Object... args);

    /**
     * "?, ?, ..." for an IN list of values, and the values to bind: their count rounded up to a
     * power of two (the last one repeated), so that a database keeps a few texts of the query, not
     * one per count.
     */
    record InList(String placeholders, Object[] values) {
        public static InList of(java.util.Collection<?> values) {
            if (values.isEmpty()) throw new IllegalArgumentException("an IN list needs a value");
            int size = Integer.highestOneBit(values.size());
            if (size < values.size()) size <<= 1;
            Object[] padded = java.util.Arrays.copyOf(values.toArray(), size);
            java.util.Arrays.fill(padded, values.size(), size, padded[values.size() - 1]);
            return new InList(String.join(", ", java.util.Collections.nCopies(size, "?")), padded);
        }
    }
}
