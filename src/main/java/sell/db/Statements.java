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
}
